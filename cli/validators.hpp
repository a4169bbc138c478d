#pragma once
// CLI11 validators for the values options take: a value toro cannot read is a usage error
// (exit 2) worded in the language of the messages, found before the command runs, so that a
// command's callback reads its options without catch blocks of its own.

#include "context.hpp"

#include <CLI/CLI.hpp>

namespace toro::cli {

// YYYY-MM-DD, or what toro::Date::parse accepts besides.
CLI::Validator date_check(Context& context);
// YYYY-MM, or what toro::Period::parse accepts besides.
CLI::Validator period_check(Context& context);

}  // namespace toro::cli
