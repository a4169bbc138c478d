#pragma once
// Words of human-facing output in Polish and English. Each module keeps its own tables
// (reporting, survey, evaluation) and looks words up through these functions; machine formats
// use the keys themselves.

#include "core/lang.hpp"

#include <cstdint>
#include <initializer_list>
#include <map>
#include <span>
#include <string>
#include <string_view>

namespace toro {

struct Word {
    std::string_view key;
    std::string_view pl;
    std::string_view en;

    std::string_view in(Lang lang) const { return lang == Lang::pl ? pl : en; }
};

// The entry for `key` in `words`, or nullptr.
const Word* find_word(std::span<const Word> words, std::string_view key);

// The word for `key` in `lang` from the first of `tables` that has it; nullptr when none has.
const Word* find_word(std::initializer_list<std::span<const Word>> tables, std::string_view key);

// Adds every entry of `words` to `terms` as key -> word in `lang` (keys already there stay).
void add_terms(std::map<std::string, std::string>& terms, std::span<const Word> words, Lang lang);

// A count with its noun in English: "1 report", "5 reports".
std::string count_en(std::int64_t count, std::string_view one, std::string_view many);

// A count with its noun in Polish, which has three forms: `one` for 1 ("1 raport"), `few`
// for numbers ending in 2–4 but not 12–14 ("2 raporty", "22 raporty"), `many` for the rest
// ("5 raportów", "12 raportów", "0 raportów").
std::string count_pl(std::int64_t count, std::string_view one, std::string_view few, std::string_view many);

// The form of a Polish word that agrees with `count`, by the rule of count_pl ("1 raport
// wpłynął", "2 raporty wpłynęły", "5 raportów wpłynęło").
std::string_view plural_pl(std::int64_t count, std::string_view one, std::string_view few, std::string_view many);

} // namespace toro
