#include "core/lang.hpp"

namespace toro {

std::optional<Lang> parse_lang(std::string_view text)
{
    if (text.starts_with("pl")) {
        return text.size() == 2 || text[2] == '_' || text[2] == '-' || text[2] == '.' ? std::optional(Lang::pl)
                                                                                      : std::nullopt;
    }
    if (text.starts_with("en")) {
        return text.size() == 2 || text[2] == '_' || text[2] == '-' || text[2] == '.' ? std::optional(Lang::en)
                                                                                      : std::nullopt;
    }
    return std::nullopt;
}

Lang lang_from_locale(std::string_view locale)
{
    return parse_lang(locale).value_or(Lang::en);
}

}  // namespace toro
