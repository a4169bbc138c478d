#include "import_command.hpp"

#include "core/error.hpp"
#include "core/text.hpp"
#include "io/csv_reader.hpp"
#include "io/documents.hpp"
#include "io/encoding.hpp"
#include "io/input.hpp"
#include "io/rows.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <optional>
#include <sched.h>
#include <thread>
#include <unistd.h>

namespace toro::cli {
namespace {

// "12 345 rows  8 100 rows/s" redrawn on one stderr line, at most ten times a second.
class ProgressBar {
public:
    ProgressBar(bool enabled, Lang lang) : m_enabled(enabled), m_lang(lang), m_start(std::chrono::steady_clock::now())
    {
    }

    void update(std::size_t rows, std::optional<double> fraction)
    {
        if (!m_enabled) {
            return;
        }
        const auto now = std::chrono::steady_clock::now();
        if (now - m_last < std::chrono::milliseconds(100)) {
            return;
        }
        m_last = now;
        const double seconds = std::chrono::duration<double>(now - m_start).count();
        const auto rate =
            static_cast<std::int64_t>(std::lround(seconds > 0 ? static_cast<double>(rows) / seconds : 0.0));
        std::cerr << "\r\x1b[Ktoro: "
                  << (fraction ? say(m_lang, "import.progress_percent",
                                     {{"rows", rows}, {"rate", rate}, {"percent", Percent{*fraction}}})
                               : say(m_lang, "import.progress", {{"rows", rows}, {"rate", rate}}))
                  << std::flush;
        m_drawn = true;
    }

    void finish()
    {
        if (m_drawn) {
            std::cerr << "\r\x1b[K" << std::flush;
        }
    }

private:
    bool m_enabled;
    Lang m_lang;
    bool m_drawn = false;
    std::chrono::steady_clock::time_point m_start;
    std::chrono::steady_clock::time_point m_last{};
};

// At most this many reasons are printed on stderr (the JSON summary keeps more).
constexpr std::size_t max_reasons_shown = 50;

}  // namespace

void print_warnings(const std::string& source, const std::vector<Problem>& warnings, std::size_t count, Lang lang)
{
    constexpr std::size_t shown = 50;
    for (std::size_t i = 0; i < warnings.size() && i < shown; ++i) {
        std::cerr << fmt::format("toro: warning: {}: {}\n", visible_controls(problem_location(source, warnings[i])),
                                 visible_controls(problem_text(warnings[i], lang)));
    }
    if (count > std::min(shown, warnings.size())) {
        std::cerr << fmt::format(
            "toro: warning: {}: {}\n", visible_controls(source),
            say(lang, "import.more_warnings", {{"count", count - std::min(shown, warnings.size())}}));
    }
}

void add_import_options(CLI::App& command, ImportArguments& arguments)
{
    command
        .add_option("FILE", arguments.file,
                    "The CSV, JSON, .xlsx or .ods file (a filled report form too); - for standard input")
        ->required();
    command
        .add_option("--on-error", arguments.on_error,
                    "fail: write nothing if any row is bad (default); skip: write the good rows")
        ->check(CLI::IsMember({"fail", "skip"}));
    command.add_option("--rejects", arguments.rejects,
                       "With --on-error skip: write the rejected rows here (in the input's encoding, separator and "
                       "line ends), with line and error");
    command.add_flag("--dry-run", arguments.dry_run,
                     "Check everything and print the summary and every reason; write nothing to the store");
    command.add_option("--encoding", arguments.encoding,
                       "Input encoding: auto (default: UTF-8 when the text is valid UTF-8, else cp1250), utf-8, "
                       "cp1250, iso-8859-2");
    command.add_flag("--ignore-unknown", arguments.ignore_unknown, "Ignore columns the entity does not know");
}

namespace {

// The processor cores this process may run on (its affinity, which taskset and containers
// narrow), at least one.
unsigned available_cores()
{
    cpu_set_t set;
    CPU_ZERO(&set);
    if (sched_getaffinity(0, sizeof(set), &set) == 0) {
        return static_cast<unsigned>(std::max(CPU_COUNT(&set), 1));
    }
    return std::max(std::thread::hardware_concurrency(), 1U);
}

// The engine's options from the command's, with the files it writes checked before the store
// is opened, so that a refusal changes nothing.
io::ImportOptions import_options(Context& context, const ImportArguments& arguments)
{
    io::ImportOptions options;
    options.input.encoding = arguments.encoding;
    if (context.options().sep) {
        options.input.separator = io::parse_separator(*context.options().sep);
    }
    options.on_error = arguments.on_error == "skip" ? io::OnError::skip : io::OnError::fail;
    if (!arguments.rejects.empty()) {
        if (options.on_error != io::OnError::skip) {
            throw Error(Exit::usage, "--rejects", Message("import.rejects_without_skip"));
        }
        options.rejects_path = arguments.rejects;
    }
    options.ignore_unknown = arguments.ignore_unknown;
    // Nothing the command writes may replace what it reads or keeps: checked before the store
    // is opened, so a refusal changes nothing.
    context.add_input(arguments.file);
    context.check_output();
    if (options.rejects_path) {
        context.check_target(*options.rejects_path);
        options.rejects_mode = context.output_mode();
    }
    return options;
}

// The rejected rows of a run that wrote the others: every reason, as a refused import gives
// them, then the count (exit 3); a dry run tells what the real run would reject.
void tell_rejected(Context& context, const io::ImportSummary& summary, const ImportArguments& arguments,
                   const io::ImportOptions& options)
{
    const auto lang = context.message_lang();
    std::size_t shown = 0;
    for (const auto& problem : summary.errors) {
        if (shown++ == max_reasons_shown) {
            context.note(Message("import.source_more_problems",
                                 {{"file", summary.source}, {"count", summary.problem_count - max_reasons_shown}}));
            break;
        }
        context.note(Message("import.reason", {{"place", problem_location(summary.source, problem)},
                                               {"reason", problem_text(problem, lang)}}));
    }
    Message rejected("import.rejected", {{"count", summary.rejected}});
    if (arguments.dry_run) {
        rejected = Message("import.rejected_dry_run", {{"rejected", rejected}});
    }
    if (options.rejects_path) {
        rejected = Message("import.rejected_see", {{"rejected", rejected}, {"file", *options.rejects_path}});
    }
    throw Error(Exit::attention, summary.source, rejected);
}

}  // namespace

void run_import(Context& context, const ImportArguments& arguments,
                const std::function<std::unique_ptr<io::ImportSink>(store::Store&)>& make_sink)
{
    auto options = import_options(context, arguments);
    const auto lang = context.message_lang();
    ProgressBar progress(!context.options().no_progress && !context.options().quiet && ::isatty(STDERR_FILENO) == 1,
                         lang);
    options.progress = [&progress](std::size_t rows, std::optional<double> fraction) {
        progress.update(rows, fraction);
    };

    // In skip mode the input may have to be read twice (see ImportSink::refused_late): standard
    // input and pipes are kept in a temporary file for that.
    std::optional<io::Rereadable> rereadable;
    if (options.on_error == io::OnError::skip) {
        rereadable.emplace(arguments.file);
    }
    auto& store = context.store(true);
    store.reserve_for_bulk_write();
    // Reading a file ahead on a thread of its own pays when that thread has a core to itself:
    // two busy threads want two cores, and a database server on this machine wants a third.
    // Where fewer are free, three busy threads would take turns on them and the server, the
    // slowest of them, would wait its turn too; the rows are then read on the writing thread.
    const bool server_here = store.db().server_here();
    const unsigned cores = available_cores();
    options.read_ahead = cores >= (server_here ? 3U : 2U);
    if (!options.read_ahead) {
        context.detail(Message(server_here ? Key("import.read_here_server") : Key("import.read_here"),
                               {{"file", arguments.file}, {"cores", cores}}));
    }
    std::optional<store::WriteTransaction> transaction(std::in_place, store);
    auto sink = make_sink(store);
    const auto read = [&] {
        if (!rereadable) {
            return io::run_import(arguments.file, *sink, options);
        }
        auto rows = io::open_rows(rereadable->open(), arguments.file, options.input);
        return io::run_import(*rows, arguments.file, *sink, options);
    };
    io::ImportSummary summary;
    try {
        summary = read();
        if (auto late = sink->refused_late(); rereadable && !late.empty()) {
            // A group settled early must be refused after all: undo the run, read again.
            context.detail(Message("import.read_again", {{"file", arguments.file}, {"count", late.size()}}));
            sink.reset();
            transaction.reset();
            transaction.emplace(store);
            sink = make_sink(store);
            sink->refuse_groups(std::move(late));
            summary = read();
        }
    } catch (...) {
        progress.finish();
        throw;
    }
    progress.finish();
    context.detail(Message(io::parse_encoding(arguments.encoding) == io::Encoding::detect
                               ? Key("import.read_as_detected")
                               : Key("import.read_as"),
                           {{"file", summary.source}, {"encoding", summary.encoding}}));

    const bool refused_for_warnings = arguments.strict && summary.warning_count > 0;
    if (refused_for_warnings) {  // every warning is an error and the whole import is refused
        io::warnings_as_errors(summary);
    }
    print_warnings(summary.source, summary.warnings, summary.warning_count, lang);
    const bool failed = (options.on_error == io::OnError::fail && summary.problem_count > 0) || refused_for_warnings;
    if (failed) {
        summary.inserted = summary.updated = summary.unchanged = 0;
    }
    const std::string title = say(lang, failed              ? Key("import.title.refused")
                                        : arguments.dry_run ? Key("import.title.dry_run")
                                                            : Key("import.title"));
    if (!failed && !arguments.dry_run) {
        // Saved before the summary is shown, so that a summary never reports rows that a full
        // disk then kept from being written.
        transaction->commit();
    }
    context.emit(io::summary_document(summary, title, context.lang()),
                 {render::Format::table, render::Format::json, render::Format::jsonl, render::Format::md});
    if (failed) {
        auto problems = summary.errors;
        if (summary.problem_count > problems.size()) {
            problems.push_back(
                {0, 0, "", "",
                 Message("import.and_more_problems", {{"count", summary.problem_count - problems.size()}})});
        }
        throw BatchError(summary.source, std::move(problems));  // the transaction rolls back
    }
    if (arguments.dry_run) {
        context.note(Message("import.dry_run_note"));
    }
    if (summary.rejected > 0) {
        tell_rejected(context, summary, arguments, options);
    }
}

}  // namespace toro::cli
