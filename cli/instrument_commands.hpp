#pragma once
// The commands `survey` and `evaluate` share over instruments: create, list, show, import and
// export (docs/survey.md). Each family passes its own kind and examples.

#include "context.hpp"

#include "survey/instrument.hpp"
#include "survey/responses.hpp"

#include <CLI/CLI.hpp>

#include <memory>
#include <optional>
#include <string>

namespace toro::cli {

struct InstrumentExamples {
    std::string create;
    std::string list;
    std::string show;
    std::string import;
    std::string export_;
};

// Adds create, list, show, import and export for instruments of `kind` to `parent`.
void add_instrument_commands(CLI::App& parent, Context& context, survey::Kind kind, const InstrumentExamples& examples);

// --wave and --group of the analysis commands, and the selection they make.
struct SelectionOptions {
    std::string wave;
    std::string group;
    survey::Selection selection() const;
};
void add_selection_options(CLI::App& command, SelectionOptions& options);

}  // namespace toro::cli
