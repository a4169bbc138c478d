#include "core/words.hpp"

namespace toro {

const Word* find_word(std::span<const Word> words, std::string_view key)
{
    for (const auto& entry : words) {
        if (entry.key == key) {
            return &entry;
        }
    }
    return nullptr;
}

const Word* find_word(std::initializer_list<std::span<const Word>> tables, std::string_view key)
{
    for (const auto& table : tables) {
        if (const auto* found = find_word(table, key)) {
            return found;
        }
    }
    return nullptr;
}

void add_terms(std::map<std::string, std::string>& terms, std::span<const Word> words, Lang lang)
{
    for (const auto& entry : words) {
        terms.emplace(entry.key, entry.in(lang));
    }
}

} // namespace toro
