// toro's entry point: declare the commands, parse, run, and turn every failure into
// `toro: error: CONTEXT: MESSAGE` and an exit code (docs/cli.md "Exit codes"). Nothing escapes main.

#include "commands.hpp"
#include "context.hpp"
#include "validators.hpp"

#include "core/date.hpp"
#include "core/error.hpp"
#include "core/text.hpp"
#include "store/store.hpp"

#include <CLI/CLI.hpp>
#include <SQLiteCpp/Exception.h>
#include <fmt/format.h>

#include <algorithm>
#include <iostream>
#include <regex>
#include <vector>

namespace {

using toro::Exit;

constexpr std::size_t max_problems_shown = 50;

// `toro: error: CONTEXT: MESSAGE`; an outcome of exit 3 (done, but something needs attention:
// reports missing, rows rejected) is not an error and says `toro: CONTEXT: MESSAGE`. Control
// characters of names and values from files are shown as escapes ("\x1b"), so that they can
// neither drive the terminal nor forge a line.
void print_error(const std::string& context, const std::string& message, Exit code = Exit::internal)
{
    const char* prefix = code == Exit::attention ? "toro: " : "toro: error: ";
    if (context.empty()) {
        std::cerr << fmt::format("{}{}\n", prefix, toro::visible_controls(message));
    } else {
        std::cerr << fmt::format("{}{}: {}\n", prefix, toro::visible_controls(context),
                                 toro::visible_controls(message));
    }
}

void print_batch(const toro::BatchError& batch, toro::Lang lang)
{
    std::size_t shown = 0;
    for (const auto& problem : batch.problems()) {
        if (shown++ == max_problems_shown) {
            print_error(
                batch.source(),
                toro::say(lang, "error.more_problems", {{"count", batch.problems().size() - max_problems_shown}}),
                batch.code());
            break;
        }
        print_error(toro::problem_location(batch.source(), problem), toro::problem_text(problem, lang), batch.code());
    }
    print_error(batch.source(), batch.message(lang), batch.code());
}

// CLI11's own words for the usage errors it finds itself, in the catalogue's where their form
// is known ("--year is required", "--by: x not in {…}"); anything else as CLI11 says it.
toro::Message cli11_words(std::string_view what)
{
    using toro::Message;
    static const std::regex required(R"(^(\S+) is required$)");
    static const std::regex not_in(R"(^(\S+): (.*) not in \{(.*)\}$)");
    static const std::regex range(R"(^(\S+): Value (.*) not in range (\S+) to (\S+)$)");
    static const std::regex missing(R"(^(\S+): \d+ required \S+ missing$)");
    const std::string text(what);
    std::smatch match;
    if (std::regex_match(text, match, required)) {
        return Message("cli.required", {{"option", match[1].str()}});
    }
    if (std::regex_match(text, match, not_in)) {
        return Message("cli.not_in",
                       {{"option", match[1].str()}, {"value", match[2].str()}, {"choices", match[3].str()}});
    }
    if (std::regex_match(text, match, range)) {
        return Message(
            "cli.not_in_range",
            {{"option", match[1].str()}, {"value", match[2].str()}, {"min", match[3].str()}, {"max", match[4].str()}});
    }
    if (std::regex_match(text, match, missing)) {
        return Message("cli.value_missing", {{"option", match[1].str()}});
    }
    return Message::verbatim(text);
}

// The deepest command the user reached (for "did you mean" and the help hint).
const CLI::App* deepest_command(const CLI::App& app)
{
    const CLI::App* current = &app;
    for (bool descended = true; descended;) {
        descended = false;
        for (const auto* sub : current->get_subcommands()) {
            current = sub;
            descended = true;
            break;
        }
    }
    return current;
}

// A usage error in plain words: an unknown command gets a suggestion; every message ends with
// where to find help.
toro::Message usage_message(const CLI::App& app, const CLI::ParseError& error)
{
    using toro::Message;
    const CLI::App* command = deepest_command(app);
    std::string path = command->get_name();
    for (const CLI::App* parent = command->get_parent(); parent != nullptr; parent = parent->get_parent()) {
        path = parent->get_name() + " " + path;
    }
    const auto rest = app.remaining(true);
    if (!rest.empty() && rest.front().starts_with("-")) {
        return Message("cli.unknown_option", {{"option", rest.front()}, {"command", path}});
    }
    if (!rest.empty() && !command->get_subcommands({}).empty()) {
        // A command of the deepest one, given before it ("register show org X"): CLI11 went on
        // to the later word and left this one over.
        for (const auto* sub : command->get_subcommands({})) {
            if (sub->get_name() == rest.front()) {
                return Message("cli.out_of_place", {{"word", rest.front()}, {"command", path}});
            }
        }
        for (const auto* sub : command->get_subcommands({})) {
            if (toro::edit_distance(sub->get_name(), rest.front()) <= 2) {
                return Message("cli.unknown_command_suggestion",
                               {{"word", rest.front()}, {"suggestion", sub->get_name()}, {"command", path}});
            }
        }
        return Message("cli.unknown_command", {{"word", rest.front()}, {"command", path}});
    }
    if (std::string_view(error.what()).starts_with("A subcommand is required")) {
        std::string names;
        for (const auto* sub : command->get_subcommands({})) {
            names += (names.empty() ? "" : ", ") + sub->get_name();
        }
        return Message("cli.needs_command", {{"command", path}, {"names", names}});
    }
    return Message("cli.usage", {{"detail", cli11_words(error.what())}, {"command", path}});
}

void add_global_options(CLI::App& app, toro::cli::GlobalOptions& options, toro::cli::Context& context)
{
    const std::string group = "Global options (before or after the command)";
    app.add_option("--db", options.db,
                   "The store: a SQLite file or a postgresql:// URI (env TORO_DB, then [store] path, then ./toro.db)")
        ->group(group);
    app.add_option("--config", options.config,
                   "The TOML file (env TORO_CONFIG, then ./toro.toml, then $XDG_CONFIG_HOME/toro/config.toml)")
        ->group(group);
    app.add_option(
           "--format", options.format,
           "Output format: table, csv, tsv, json, jsonl, md, html, xlsx (and 360giving for register export venture)")
        ->group(group);
    app.add_option("-o,--output", options.output, "Write to FILE instead of stdout; its extension picks the format")
        ->group(group);
    app.add_option("--as-of", options.as_of, "The date taken as today (YYYY-MM-DD), for reproducible reports")
        ->check(toro::cli::date_check(context))
        ->group(group);
    app.add_option("--lang", options.lang, "Language of human-facing output")
        ->check(CLI::IsMember({"pl", "en"}))
        ->group(group);
    app.add_option("--sep", options.sep, "CSV separator for output: , ; | or tab")
        ->check(CLI::IsMember({",", ";", "|", "tab"}).description(""))
        ->type_name("SEP")
        ->group(group);
    app.add_flag("--bom", options.bom, "Start CSV output with a UTF-8 BOM (for Excel)")->group(group);
    app.add_flag("--excel", options.excel,
                 "CSV for a Polish Excel or LibreOffice: ; separated, UTF-8 BOM, decimal comma, CRLF")
        ->group(group);
    app.add_flag("-q,--quiet", options.quiet, "Less on stderr")->group(group);
    app.add_flag("-v,--verbose", options.verbose, "More on stderr")->group(group);
    app.add_flag("--no-progress", options.no_progress, "No progress bar")->group(group);
    app.add_option("--actor", options.actor, "Who is acting, for the audit log (env TORO_ACTOR, then the login name)")
        ->group(group);
}

int run(int argc, char** argv, toro::cli::GlobalOptions& options, toro::cli::Context& context)
{
    CLI::App app("toro: the register, monthly reporting, surveys and evaluation of a city's cooperation "
                 "with social economy organizations.",
                 "toro");
    app.set_version_flag("--version", fmt::format("toro {}", TORO_VERSION));
    app.fallthrough();
    app.require_subcommand(1);
    toro::cli::set_reference_command(app, context);  // hidden: toro.1, completion, examples
    add_global_options(app, options, context);
    toro::cli::set_example(app, "toro init --demo && toro db info");

    toro::cli::set_init_command(app, context);
    toro::cli::set_db_command(app, context);
    toro::cli::set_config_command(app, context);
    toro::cli::set_register_command(app, context);
    toro::cli::set_report_command(app, context);
    toro::cli::set_survey_command(app, context);
    toro::cli::set_evaluate_command(app, context);

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& error) {
        if (error.get_exit_code() == 0) {
            return app.exit(error);
        }
        print_error("", usage_message(app, error).text(context.message_lang()));
        return static_cast<int>(Exit::usage);
    } catch (const SQLite::Exception& error) {
        // A store error that no command translated itself: the one place that does it for all.
        std::filesystem::path store;
        try {
            store = context.db_path();
        } catch (const std::exception&) {
        }
        toro::store::rethrow_sqlite(error, store, "store.doing.work");
    }
    return static_cast<int>(Exit::ok);
}

}  // namespace

int main(int argc, char** argv)
{
    toro::cli::GlobalOptions options;
    toro::cli::Context context(options, std::vector<std::string>(argv, argv + argc));
    try {
        return run(argc, argv, options, context);
    } catch (const toro::BatchError& batch) {
        print_batch(batch, context.message_lang());
        return static_cast<int>(batch.code());
    } catch (const toro::Error& error) {
        print_error(error.context(), error.message(context.message_lang()), error.code());
        return static_cast<int>(error.code());
    } catch (const std::bad_alloc&) {
        print_error("", toro::say(context.message_lang(), "error.out_of_memory"));
        return static_cast<int>(Exit::internal);
    } catch (const std::exception& error) {
        print_error("", toro::say(context.message_lang(), "error.unexpected", {{"detail", error.what()}}));
        return static_cast<int>(Exit::internal);
    } catch (...) {
        print_error("", toro::say(context.message_lang(), "error.unexpected_unknown"));
        return static_cast<int>(Exit::internal);
    }
}
