#pragma once
// The language of human-facing output (--lang, [output] lang, LANG). Machine formats never
// depend on it.

#include <optional>
#include <string_view>

namespace toro {

enum class Lang { pl, en };

// "pl" or "en" (also "pl_PL.UTF-8"-style locale names); nullopt for anything else.
std::optional<Lang> parse_lang(std::string_view text);

// The language a locale name such as the value of LANG asks for; English by default.
Lang lang_from_locale(std::string_view locale);

}  // namespace toro
