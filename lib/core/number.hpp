#pragma once
// The one parser of indicator values (monthly report figures, targets), whether they come from
// a file or from an option, and the bounds every figure toro stores keeps to.

#include <string_view>

namespace toro {

// The largest magnitude of an indicator value (people, events, hours, ...): far beyond any
// city's figures, far below where sums lose whole units or reach infinity.
inline constexpr double max_indicator_value = 1e12;

// Parses an indicator value as people write it: "12", "-3", "12.5", "12,5" (a decimal comma),
// surrounding spaces ignored. NaN, infinity, exponents beyond the bound and anything else that
// is not a finite number within ±max_indicator_value throws InvalidValue saying why.
double parse_indicator_value(std::string_view written);

}  // namespace toro
