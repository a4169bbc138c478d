#pragma once
// The words of the evaluation reports in Polish and English: headings and column labels of
// `evaluate ventures` and `evaluate training`. Keys it does not hold fall back to the words of
// the monitoring reports (reporting/words.hpp); machine formats use the keys themselves.

#include "core/lang.hpp"

#include <map>
#include <string>
#include <string_view>

namespace toro::evaluation {

// The word for `key` in `lang`; then reporting's word; the key itself when neither has one.
std::string word(Lang lang, std::string_view key);

// The words for machine values in cells (statuses, flag kinds) in `lang` (Document::terms).
std::map<std::string, std::string> terms(Lang lang);

}  // namespace toro::evaluation
