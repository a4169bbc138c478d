#pragma once
// Bounds on TOML text checked before a TOML parser sees it: a parser that recurses once per
// level of nesting can be crashed by a key of 50,000 dotted parts, so such input never reaches
// it. The configuration (exit 78) and the instrument files (exit 65) both pass through here.

#include "core/error.hpp"

#include <cstddef>
#include <optional>
#include <string_view>

namespace toro {

// The largest TOML file read (configuration or instrument).
inline constexpr std::size_t max_toml_bytes = std::size_t{4} * 1024 * 1024;
// The deepest nesting allowed: parts of one dotted key plus the arrays and inline tables
// around a value.
inline constexpr std::size_t max_toml_depth = 64;

// The first place where `text` goes beyond the bounds (line and column from 1, and what is
// wrong), or nullopt. Strings and comments are skipped; the TOML itself is not checked.
std::optional<Problem> toml_limit_problem(std::string_view text);

}  // namespace toro
