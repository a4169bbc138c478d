#include "render/model.hpp"

namespace toro::render {

Term term(std::string_view prefix, const std::string& code)
{
    const std::string key = std::string(prefix) + code;
    if (!find_text(Lang::en, key)) {
        return {code, Message::verbatim(code)};
    }
    return {code, Message(Key::composed(key))};
}

Term named_term(Named named)
{
    std::string code = named.code;
    return {std::move(code), Message("value.named", {{"named", std::move(named)}})};
}

Term term_list(std::string_view prefix, const std::vector<std::string>& codes)
{
    std::string joined;
    Message words = Message::verbatim("");
    for (auto it = codes.rbegin(); it != codes.rend(); ++it) {
        joined = it == codes.rbegin() ? *it : *it + "|" + joined;
        Message word = term(prefix, *it).words;
        words = it == codes.rbegin() ? word : Message("value.list", {{"first", word}, {"rest", words}});
    }
    return {joined, words, codes};
}

}  // namespace toro::render
