#pragma once
// The words of survey and evaluation output for people, in Polish and English. Machine formats
// use the keys themselves.

#include "core/lang.hpp"

#include <map>
#include <string>
#include <string_view>

namespace toro::survey {

// The word for `key` in `lang`; the key itself when there is none.
std::string word(Lang lang, std::string_view key);

// Criteria and evaluation groups with their words in `lang` (render::Document::terms).
std::map<std::string, std::string> terms(Lang lang);

} // namespace toro::survey
