#include "render/model.hpp"

namespace toro::render {

Document with_terms(Document document)
{
    if (document.terms.empty()) {
        return document;
    }
    for (auto& table : document.tables) {
        for (auto& row : table.rows) {
            for (auto& cell : row) {
                if (auto* text = std::get_if<std::string>(&cell)) {
                    if (const auto found = document.terms.find(*text); found != document.terms.end()) {
                        *text = found->second;
                    }
                }
            }
        }
    }
    return document;
}

} // namespace toro::render
