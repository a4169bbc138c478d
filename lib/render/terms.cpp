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

} // namespace toro::render
