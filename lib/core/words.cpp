#include "core/words.hpp"

#include <fmt/format.h>

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

std::string count_en(std::int64_t count, std::string_view one, std::string_view many)
{
    return fmt::format("{} {}", count, count == 1 ? one : many);
}

std::string_view plural_pl(std::int64_t count, std::string_view one, std::string_view few, std::string_view many)
{
    const auto last = count % 10;
    const auto last_two = count % 100;
    return count == 1 ? one : last >= 2 && last <= 4 && !(last_two >= 12 && last_two <= 14) ? few : many;
}

std::string count_pl(std::int64_t count, std::string_view one, std::string_view few, std::string_view many)
{
    return fmt::format("{} {}", count, plural_pl(count, one, few, many));
}

} // namespace toro
