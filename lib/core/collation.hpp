#pragma once
// Polish alphabetical order (ICU's collation for "pl": Ś after S, Ż after Ź after Z, case and
// accents weighed after the letters) for the lists people read sorted by a name. ICU is opened
// on first use (core/icu_library.cpp): a command that sorts no names never loads it.

#include <string>
#include <string_view>
#include <vector>

namespace toro {

// Negative, zero or positive as `a` sorts before, with or after `b` in Polish order; texts
// that collate equal are ordered by their bytes, so that the order is total.
int polish_compare(std::string_view a, std::string_view b);

// True when `a` sorts before `b` in Polish order (a strict weak ordering for std::sort).
bool polish_less(std::string_view a, std::string_view b);

}  // namespace toro
