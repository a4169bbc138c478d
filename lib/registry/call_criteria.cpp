#include "registry/call_criteria.hpp"

#include "core/error.hpp"
#include "core/toml_limits.hpp"

#include <nlohmann/json.hpp>
#include <toml++/toml.h>

#include <algorithm>
#include <cmath>

namespace toro::registry {
namespace {

constexpr std::string_view past_performance_kind = "past_performance";
constexpr double max_criterion_points = 1000;

[[noreturn]] void refuse(const std::string& source, const toml::source_region& where, Message problem)
{
    throw InvalidValue(Message("criteria.problem", {{"file", source},
                                                    {"line", static_cast<std::int64_t>(where.begin.line)},
                                                    {"column", static_cast<std::int64_t>(where.begin.column)},
                                                    {"problem", std::move(problem)}}));
}

// The checks both forms share: codes given and unique, names given, points in range, at most
// one past-performance criterion. `where(i)` says where criterion i stands.
template <typename Where> void check_criteria(const std::vector<CallCriterion>& criteria, Where where)
{
    if (criteria.empty()) {
        where(std::nullopt, Message("criteria.none"));
    }
    std::size_t past = 0;
    for (std::size_t i = 0; i < criteria.size(); ++i) {
        const auto& criterion = criteria[i];
        if (criterion.code.empty() || criterion.code.find_first_of(" \t|/") != std::string::npos) {
            where(i, Message("criteria.bad_code"));
        }
        if (criterion.name.empty()) {
            where(i, Message("criteria.no_name"));
        }
        if (!(criterion.max_points > 0 && criterion.max_points <= max_criterion_points) ||
            std::fabs(criterion.max_points * 100 - std::round(criterion.max_points * 100)) > 1e-6) {
            where(i, Message("criteria.bad_points", {{"max", max_criterion_points}}));
        }
        for (std::size_t j = 0; j < i; ++j) {
            if (criteria[j].code == criterion.code) {
                where(i, Message("criteria.twice", {{"code", criterion.code}}));
            }
        }
        if (criterion.past_performance && ++past > 1) {
            where(i, Message("criteria.past_performance_twice"));
        }
    }
}

}  // namespace

std::vector<CallCriterion> parse_criteria_toml(std::string_view text, const std::string& source)
{
    if (auto problem = toml_limit_problem(text)) {
        throw InvalidValue(Message("criteria.problem", {{"file", source},
                                                        {"line", static_cast<std::int64_t>(problem->line)},
                                                        {"column", static_cast<std::int64_t>(problem->column)},
                                                        {"problem", problem->message}}));
    }
    toml::table root;
    try {
        root = toml::parse(text, source);
    } catch (const toml::parse_error& error) {
        refuse(source, error.source(), Message("config.syntax", {{"detail", std::string(error.description())}}));
    }
    std::vector<CallCriterion> criteria;
    std::vector<toml::source_region> places;
    for (const auto& [key, node] : root) {
        if (key.str() != "criterion") {
            refuse(source, node.source(), Message("criteria.unknown_key", {{"key", std::string(key.str())}}));
        }
    }
    const auto* tables = root.get_as<toml::array>("criterion");
    if (root.contains("criterion") && (tables == nullptr || !tables->is_array_of_tables())) {
        refuse(source, root.get("criterion")->source(), Message("criteria.not_tables"));
    }
    if (tables != nullptr) {
        for (const auto& element : *tables) {
            const auto& table = *element.as_table();
            CallCriterion criterion;
            for (const auto& [key, node] : table) {
                const auto name = std::string(key.str());
                if (name == "code" && node.is_string()) {
                    criterion.code = *node.value<std::string>();
                } else if (name == "name" && node.is_string()) {
                    criterion.name = *node.value<std::string>();
                } else if (name == "max_points" && (node.is_integer() || node.is_floating_point())) {
                    criterion.max_points = *node.value<double>();
                } else if (name == "kind" && node.is_string() && *node.value<std::string>() == past_performance_kind) {
                    criterion.past_performance = true;
                } else if (name == "code" || name == "name" || name == "max_points" || name == "kind") {
                    refuse(source, node.source(), Message("criteria.bad_value", {{"key", name}}));
                } else {
                    refuse(source, node.source(), Message("criteria.unknown_key", {{"key", name}}));
                }
            }
            criteria.push_back(std::move(criterion));
            places.push_back(table.source());
        }
    }
    check_criteria(criteria, [&](std::optional<std::size_t> i, Message problem) {
        refuse(source, i ? places[*i] : root.source(), std::move(problem));
    });
    return criteria;
}

std::vector<CallCriterion> parse_criteria_json(std::string_view text)
{
    std::vector<CallCriterion> criteria;
    try {
        const auto array = nlohmann::json::parse(text);
        if (!array.is_array()) {
            throw InvalidValue(Message("criteria.bad_json"));
        }
        for (const auto& object : array) {
            CallCriterion criterion;
            criterion.code = object.at("code").get<std::string>();
            criterion.name = object.at("name").get<std::string>();
            criterion.max_points = object.at("max_points").get<double>();
            const auto kind = object.value("kind", std::string("scored"));
            if (kind != "scored" && kind != past_performance_kind) {
                throw InvalidValue(Message("criteria.bad_json"));
            }
            criterion.past_performance = kind == past_performance_kind;
            criteria.push_back(std::move(criterion));
        }
    } catch (const nlohmann::json::exception&) {
        throw InvalidValue(Message("criteria.bad_json"));
    }
    check_criteria(criteria,
                   [](std::optional<std::size_t>, Message problem) { throw InvalidValue(std::move(problem)); });
    return criteria;
}

std::string criteria_json(const std::vector<CallCriterion>& criteria)
{
    nlohmann::ordered_json array = nlohmann::ordered_json::array();
    for (const auto& criterion : criteria) {
        nlohmann::ordered_json object;
        object["code"] = criterion.code;
        object["name"] = criterion.name;
        object["max_points"] = criterion.max_points;
        object["kind"] = criterion.past_performance ? std::string(past_performance_kind) : std::string("scored");
        array.push_back(std::move(object));
    }
    return array.dump();
}

}  // namespace toro::registry
