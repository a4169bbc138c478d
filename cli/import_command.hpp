#pragma once
// The options and the run of every `import` command (PRODUCT.md §2 "Imports"): one
// transaction, all or nothing by default, the summary as text or JSON, a progress bar on a
// terminal, exit 65 / 3 as the contract says.

#include "context.hpp"

#include "io/import.hpp"

#include <CLI/CLI.hpp>

#include <functional>
#include <memory>
#include <string>

namespace toro::cli {

struct ImportArguments {
    std::string file;
    std::string on_error = "fail";
    std::string rejects;
    std::string encoding;
    bool dry_run = false;
    bool ignore_unknown = false;
};

// Declares FILE, --on-error, --rejects, --dry-run, --encoding and --ignore-unknown.
void add_import_options(CLI::App& command, ImportArguments& arguments);

// Opens the store, runs the import into the sink `make_sink` gives, commits or rolls back,
// and prints the summary. Throws BatchError (65) when a fail-mode import found problems and
// Error(Exit::attention) when skip mode rejected rows.
void run_import(Context& context, const ImportArguments& arguments,
                const std::function<std::unique_ptr<io::ImportSink>(store::Store&)>& make_sink);

} // namespace toro::cli
