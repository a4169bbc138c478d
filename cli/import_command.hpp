#pragma once
// The options and the run of every `import` command (docs/register.md "Import"): one
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
    bool strict = false;  // warnings are errors (declared by the commands that have warnings)
};

// Declares FILE, --on-error, --rejects, --dry-run, --encoding and --ignore-unknown.
void add_import_options(CLI::App& command, ImportArguments& arguments);

// Prints each warning on stderr as `toro: warning: SOURCE:LINE: FIELD 'VALUE': MESSAGE` (the
// first 50, then a count of the rest); `count` is how many there were in all.
void print_warnings(const std::string& source, const std::vector<Problem>& warnings, std::size_t count, Lang lang);

// Opens the store, runs the import into the sink `make_sink` gives, commits or rolls back,
// and prints the summary with its warnings. Throws BatchError (65) when a fail-mode import
// found problems, or a --strict one warnings, and Error(Exit::attention) when skip mode
// rejected rows.
void run_import(Context& context, const ImportArguments& arguments,
                const std::function<std::unique_ptr<io::ImportSink>(store::Store&)>& make_sink);

}  // namespace toro::cli
