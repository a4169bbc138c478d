#pragma once
// The words of human-facing report output in Polish and English: headings, column labels,
// and the names of statuses and flags. Machine formats use the keys themselves.

#include "core/lang.hpp"

#include <map>
#include <string>
#include <string_view>

namespace toro::reporting {

// The word for `key` in `lang`; the key itself when there is none.
std::string word(Lang lang, std::string_view key);

// Every status, flag kind, bucket and report state with its word in `lang` (Document::terms).
std::map<std::string, std::string> terms(Lang lang);

} // namespace toro::reporting
