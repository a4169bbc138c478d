#pragma once
// The criteria of an open call (PRODUCT.md §13): a TOML file of `[[criterion]]` tables with
// `code`, `name`, `max_points` and, for at most one of them, `kind = "past_performance"`. The
// register reads the file when the call is registered and keeps the criteria as a JSON array,
// which is also what an export writes and an import takes back.

#include <string>
#include <string_view>
#include <vector>

namespace toro::registry {

struct CallCriterion {
    std::string code;
    std::string name;
    double max_points = 0;
    bool past_performance = false;
};

// The criteria of a TOML file's text; `source` names it in messages. Throws InvalidValue
// naming the file, line and column of the first problem.
std::vector<CallCriterion> parse_criteria_toml(std::string_view text, const std::string& source);

// The criteria as stored (a JSON array of {"code","name","max_points","kind"}). Throws
// InvalidValue when the text is not such an array.
std::vector<CallCriterion> parse_criteria_json(std::string_view text);

// The stored form of `criteria`.
std::string criteria_json(const std::vector<CallCriterion>& criteria);

}  // namespace toro::registry
