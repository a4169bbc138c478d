// toro __reference man|bash|examples: the command definitions written out as the manual page
// toro.1, as a bash completion script, or as the list of every --help example. Hidden from
// --help; the build runs it to write toro.1 and the completion file, and the tests run it to
// find every command. It walks the CLI11 tree when it runs, so every command declared in
// main.cpp appears without being listed here.

#include "commands.hpp"

#include "core/error.hpp"
#include "render/format.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>
#include <unistd.h>
#include <vector>

namespace toro::cli {
namespace {

// ---------------------------------------------------------------------------------------------
// Reading the tree

// The commands under `app` that --help lists (hidden ones have no group; option groups no name).
std::vector<const CLI::App*> visible_commands(const CLI::App& app)
{
    std::vector<const CLI::App*> commands;
    for (const CLI::App* sub : app.get_subcommands([](const CLI::App* candidate) {
             return !candidate->get_name().empty() && !candidate->get_group().empty();
         })) {
        commands.push_back(sub);
    }
    return commands;
}

// "toro register org add".
std::string command_path(const CLI::App& app)
{
    std::string path = app.get_name();
    for (const CLI::App* parent = app.get_parent(); parent != nullptr; parent = parent->get_parent()) {
        path = parent->get_name() + " " + path;
    }
    return path;
}

std::string trim(std::string_view text)
{
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos) {
        return {};
    }
    const auto last = text.find_last_not_of(" \t\r\n");
    return std::string(text.substr(first, last - first + 1));
}

// The indented lines under "Example:" or "Examples:" in a command's --help footer.
std::vector<std::string> examples_of(const CLI::App& app)
{
    std::vector<std::string> examples;
    std::istringstream footer(app.get_footer());
    bool inside = false;
    for (std::string line; std::getline(footer, line);) {
        const std::string text = trim(line);
        if (text == "Example:" || text == "Examples:") {
            inside = true;
        } else if (text.empty() || (line.front() != ' ' && line.front() != '\t')) {
            inside = false;
        } else if (inside) {
            examples.push_back(text);
        }
    }
    return examples;
}

// What --help shows of an option: its names, the value it takes and the choices it accepts.
struct OptionInfo {
    std::vector<std::string> names;  // "-o", "--output"; a positional's name ("FILE")
    bool positional = false;
    bool takes_value = false;
    std::string value_name;  // "PERIOD", "DATE", "pl|en"
    std::vector<std::string> choices;
    std::string description;
    bool required = false;
};

std::vector<std::string> split(const std::string& text, char separator)
{
    std::vector<std::string> parts;
    std::string part;
    std::istringstream stream(text);
    while (std::getline(stream, part, separator)) {
        parts.push_back(trim(part));
    }
    return parts;
}

std::string upper_name(std::string name)
{
    while (!name.empty() && name.front() == '-') {
        name.erase(name.begin());
    }
    for (char& c : name) {
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    return name;
}

OptionInfo describe(const CLI::Option& option)
{
    OptionInfo info;
    info.description = option.get_description();
    info.required = option.get_required();
    info.positional = !option.nonpositional();
    info.takes_value = option.get_expected_max() > 0 && option.get_type_size_max() > 0;
    if (info.positional) {
        info.names.push_back(option.get_name(true));
    } else {
        for (const auto& name : option.get_snames()) {
            info.names.push_back("-" + name);
        }
        for (const auto& name : option.get_lnames()) {
            info.names.push_back("--" + name);
        }
    }
    // CLI11 writes a check's description after the type: "TEXT:{pl,en}", "TEXT:DATE".
    const std::string type = option.get_type_name();
    const auto colon = type.find(':');
    const std::string base = type.substr(0, colon);
    const std::string check = colon == std::string::npos ? std::string() : type.substr(colon + 1);
    if (check.size() >= 2 && check.front() == '{' && check.back() == '}') {
        info.choices = split(check.substr(1, check.size() - 2), ',');
        info.value_name = fmt::format("{}", fmt::join(info.choices, "|"));
    } else if (!check.empty()) {
        info.value_name = check;
    } else if (base.empty() || base == "TEXT") {
        info.value_name = info.positional ? info.names.front() : upper_name(info.names.back());
    } else {
        info.value_name = base;
    }
    if (info.choices.empty() && !info.positional && info.names.back() == "--format") {
        for (auto format : {render::Format::table, render::Format::csv, render::Format::tsv, render::Format::json,
                            render::Format::jsonl, render::Format::md, render::Format::html, render::Format::xlsx}) {
            info.choices.emplace_back(render::format_name(format));
        }
    }
    return info;
}

// The options of a command as --help lists them, without -h/--help (every command has it).
std::vector<OptionInfo> options_of(const CLI::App& app, bool keep_help)
{
    std::vector<OptionInfo> options;
    for (const CLI::Option* option : app.get_options()) {
        if (option->get_group().empty() || (!keep_help && option == app.get_help_ptr())) {
            continue;
        }
        options.push_back(describe(*option));
    }
    return options;
}

// ---------------------------------------------------------------------------------------------
// The manual page

// Text as roff reads it: backslashes, dashes and quotes that copy back out of the rendered
// page as typed, a line never starting with a control character, non-ASCII as \[uXXXX].
std::string roff(std::string_view text)
{
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c < 0x80) {
            switch (c) {
            case '\\':
                out += "\\e";
                break;
            case '-':
                out += "\\-";
                break;
            case '\'':
                out += "\\(aq";
                break;
            case '`':
                out += "\\(ga";
                break;
            case '\n':
                out += ' ';
                break;
            default:
                out += static_cast<char>(c);
            }
            continue;
        }
        const std::size_t length = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
        std::uint32_t code = c & (length == 4 ? 0x07U : length == 3 ? 0x0FU : 0x1FU);
        for (std::size_t k = 1; k < length && i + 1 < text.size(); ++k) {
            code = (code << 6U) | (static_cast<unsigned char>(text[++i]) & 0x3FU);
        }
        out += fmt::format("\\[u{:04X}]", code);
    }
    if (!out.empty() && (out.front() == '.' || out.front() == '\'')) {
        out.insert(0, "\\&");
    }
    return out;
}

std::string option_heading(const OptionInfo& option)
{
    std::string heading;
    for (const auto& name : option.names) {
        heading += heading.empty() ? "" : ", ";
        heading += option.positional ? fmt::format("\\fI{}\\fR", roff(name)) : fmt::format("\\fB{}\\fR", roff(name));
    }
    if (option.takes_value && !option.positional) {
        heading += fmt::format(" \\fI{}\\fR", roff(option.value_name));
    }
    return heading;
}

// "toro db backup FILE [--force]" — the synopsis line of one command.
std::string synopsis(const CLI::App& app, const std::vector<OptionInfo>& options)
{
    std::string line = fmt::format("\\fB{}\\fR", roff(command_path(app)));
    if (!visible_commands(app).empty()) {
        line += " \\fICOMMAND\\fR";
    }
    for (const auto& option : options) {
        if (option.positional) {
            line += option.required ? fmt::format(" \\fI{}\\fR", roff(option.names.front()))
                                    : fmt::format(" [\\fI{}\\fR]", roff(option.names.front()));
        }
    }
    if (std::any_of(options.begin(), options.end(), [](const OptionInfo& option) { return !option.positional; })) {
        line += " [\\fIOPTIONS\\fR]";
    }
    return line;
}

void write_examples(std::ostream& out, const std::vector<std::string>& examples)
{
    if (examples.empty()) {
        return;
    }
    out << (examples.size() == 1 ? "Example:\n" : "Examples:\n") << ".RS\n.nf\n";
    for (const auto& example : examples) {
        out << roff(example) << '\n';
    }
    out << ".fi\n.RE\n";
}

void write_command(std::ostream& out, const CLI::App& app)
{
    const auto options = options_of(app, false);
    out << fmt::format(".SS \"{}\"\n", roff(command_path(app)));
    out << synopsis(app, options) << "\n.br\n";
    out << roff(app.get_description()) << '\n';
    const auto commands = visible_commands(app);
    if (!commands.empty()) {
        std::string names;
        for (const auto* sub : commands) {
            names += fmt::format("{}\\fB{}\\fR", names.empty() ? "" : ", ", roff(sub->get_name()));
        }
        out << ".PP\nCommands: " << names << ".\n";
    }
    for (const auto& option : options) {
        out << ".TP\n" << option_heading(option) << '\n';
        std::string text = option.description;
        if (option.required && !option.positional) {
            text += text.empty() ? "Required." : " (required)";
        }
        if (option.positional && !option.choices.empty()) {
            text += fmt::format(": {}", fmt::join(option.choices, ", "));
        }
        out << (text.empty() ? std::string("\\&") : roff(trim(text))) << '\n';
    }
    out << ".PP\n";
    write_examples(out, examples_of(app));
    for (const auto* sub : commands) {
        write_command(out, *sub);
    }
}

// Long, as it writes the manual page's sections in their order.
void write_man(std::ostream& out, const CLI::App& root, const std::string& date)
{
    std::string summary = root.get_description();
    if (summary.starts_with("toro: ")) {
        summary.erase(0, 6);
    }
    while (!summary.empty() && summary.back() == '.') {
        summary.pop_back();
    }
    out << ".\\\" The manual page of toro, written by `toro __reference man` from its command definitions.\n";
    out << fmt::format(".TH TORO 1 \"{}\" \"toro {}\" \"User Commands\"\n", date, TORO_VERSION);
    out << ".nh\n.ad l\n";  // names and options are never hyphenated nor stretched
    out << ".SH NAME\ntoro \\- " << roff(summary) << '\n';
    out << ".SH SYNOPSIS\n"
           "\\fBtoro\\fR [\\fIGLOBAL OPTIONS\\fR] \\fICOMMAND\\fR [\\fISUBCOMMAND\\fR] [\\fIARGS\\fR]\n.br\n"
           "\\fBtoro\\fR \\fICOMMAND\\fR [\\fISUBCOMMAND\\fR] \\fB\\-\\-help\\fR\n.br\n"
           "\\fBtoro \\-\\-version\\fR\n";
    out << ".SH DESCRIPTION\n"
        << roff("toro keeps a city's register of social economy organizations, funding programmes, funded "
                "ventures and loans, the monthly progress reports of those ventures and the monitoring reports "
                "built on them, in one SQLite file. Configuration is TOML; batches go in and out as CSV and JSON. "
                "Every command has stable machine formats (csv, json) and the exit codes below, so that scripts "
                "and cron jobs can run it; human output (table, md, html, xlsx) is in Polish or English.")
        << "\n.PP\n"
        << roff("Global options may stand before or after the command. Imports are all or nothing unless "
                "--on-error skip is given; a write waits for the database lock for the configured busy timeout "
                "and fails with exit status 75 when it stays locked, having written nothing.")
        << '\n';

    out << ".SH COMMANDS\n";
    for (const auto* command : visible_commands(root)) {
        write_command(out, *command);
    }

    out << ".SH GLOBAL OPTIONS\n";
    for (const auto& option : options_of(root, true)) {
        out << ".TP\n" << option_heading(option) << '\n' << roff(trim(option.description)) << '\n';
    }

    out << ".SH EXIT STATUS\n";
    const std::pair<Exit, std::string_view> statuses[] = {
        {Exit::ok, "Success."},
        {Exit::internal, "Unexpected internal failure."},
        {Exit::usage, "Usage error: unknown command or option, bad argument."},
        {Exit::attention, "Done, but something needs attention: rows rejected with --on-error skip, --check "
                          "found problems (report missing --check), db check found problems."},
        {Exit::data, "Invalid input data; nothing was written."},
        {Exit::no_input, "An input file (or the database) is missing or unreadable."},
        {Exit::cant_create, "An output file cannot be created (also: db backup onto an existing file without "
                            "--force)."},
        {Exit::io, "Other I/O error: disk full, damaged database file."},
        {Exit::locked, "The database stayed locked past the busy timeout; nothing was written. Retry later."},
        {Exit::config, "Configuration error: bad TOML, unknown key, wrong type, value out of range, a database "
                       "newer than the program or not a toro database. Retrying does not help; fix the "
                       "configuration."},
    };
    for (const auto& [code, meaning] : statuses) {
        out << fmt::format(".TP\n.B {}\n{}\n", static_cast<int>(code), roff(meaning));
    }
    out << ".PP\n"
        << roff("Errors go to standard error as \"toro: error: CONTEXT: MESSAGE\", where CONTEXT is FILE, "
                "FILE:LINE or FILE:LINE:COLUMN, or the option at fault.")
        << '\n';

    out << ".SH FILES\n";
    const std::pair<std::string_view, std::string_view> files[] = {
        {"./toro.toml", "The configuration, when neither --config nor TORO_CONFIG names one."},
        {"$XDG_CONFIG_HOME/toro/config.toml",
         "The configuration when there is no ./toro.toml (XDG_CONFIG_HOME defaults to ~/.config). Without any "
         "file the built-in defaults apply."},
        {"./toro.db", "The database, when neither --db, TORO_DB nor [store] path names one. Created with mode "
                      "0600."},
        {"toro.db\\-wal, toro.db\\-shm", "SQLite's write-ahead log beside the database; part of it while any "
                                         "toro runs. Copy the database with db backup, not cp."},
        {"toro.db.pre\\-vN.bak", "The copy written before an older database is migrated to schema version N."},
    };
    for (const auto& [file, meaning] : files) {
        // The names are written with roff escapes already.
        out << fmt::format(".TP\n.I {}\n{}\n", file, roff(meaning));
    }

    out << ".SH ENVIRONMENT\n";
    const std::pair<std::string_view, std::string_view> variables[] = {
        {"TORO_DB", "The store (a SQLite file or a postgresql:// URI), unless --db is given; before [store] path of "
                    "the configuration."},
        {"TORO_CONFIG", "The configuration file, unless --config is given; also where init writes it."},
        {"TORO_ACTOR", "Who is acting, for the audit log, unless --actor is given; else the login name."},
        {"XDG_CONFIG_HOME", "Where toro/config.toml is looked for (default ~/.config, from HOME)."},
        {"LC_ALL, LANG", "The language of human output (pl or en) when neither --lang nor [output] lang sets it."},
        {"NO_COLOR", "When set, table output has no colour."},
        {"USER", "The actor when TORO_ACTOR is unset and the login name cannot be found."},
    };
    for (const auto& [name, meaning] : variables) {
        out << fmt::format(".TP\n.B {}\n{}\n", name, roff(meaning));
    }

    out << ".SH EXAMPLES\n";
    std::vector<std::pair<std::string, std::string>> examples;
    for (const auto& example : examples_of(root)) {
        examples.emplace_back("A demonstration store to try every command on:", example);
    }
    examples.insert(
        examples.end(),
        {{"The monthly monitoring report of October, for people:",
          "toro report monthly --period 2026-10 -o monthly-2026-10.html"},
         {"The reports still missing, for the reminders; exit 3 only means there are some:",
          "toro report missing --check --format csv -o missing.csv || [ $? -eq 3 ]"},
         {"A batch of reports from Excel, keeping the good rows and setting the bad ones aside:",
          "toro report import reports.csv --on-error skip --rejects reports.rejects.csv"},
         {"A consistent copy of the store while others use it:", "toro db backup /var/backups/toro/$(date +%F).db"}});
    for (const auto& [text, example] : examples) {
        out << ".PP\n" << roff(text) << "\n.RS\n.nf\n" << roff(example) << "\n.fi\n.RE\n";
    }
    out << ".SH SEE ALSO\n\\fBsqlite3\\fR(1); the documents in the docs/ folder of the source: cli.md, "
           "register.md, reports.md, config.md, formats.md, operations.md.\n";
}

// ---------------------------------------------------------------------------------------------
// Bash completion

// A word list as one bash single-quoted string.
std::string quoted_words(const std::vector<std::string>& words)
{
    std::string joined;
    for (const auto& word : words) {
        joined += joined.empty() ? "" : " ";
        for (char c : word) {
            joined += c == '\'' ? std::string("'\\''") : std::string(1, c);
        }
    }
    return "'" + joined + "'";
}

struct CompletionTables {
    std::vector<std::pair<std::string, std::string>> commands, options, valued, choices;
};

void collect(const CLI::App& app, CompletionTables& tables)
{
    const std::string path = command_path(app);
    std::vector<std::string> commands;
    for (const auto* sub : visible_commands(app)) {
        commands.push_back(sub->get_name());
    }
    std::vector<std::string> names;
    std::vector<std::string> valued;
    int positional = 0;
    for (const auto& option : options_of(app, true)) {
        std::string key;
        if (option.positional) {
            key = fmt::format("{} #{}", path, ++positional);
        } else {
            names.insert(names.end(), option.names.begin(), option.names.end());
            if (option.takes_value) {
                valued.insert(valued.end(), option.names.begin(), option.names.end());
            }
        }
        if (!option.choices.empty()) {
            if (option.positional) {
                tables.choices.emplace_back(key, quoted_words(option.choices));
            }
            for (const auto& name : option.positional ? std::vector<std::string>{} : option.names) {
                tables.choices.emplace_back(fmt::format("{} {}", path, name), quoted_words(option.choices));
            }
        }
    }
    if (!commands.empty()) {
        tables.commands.emplace_back(path, quoted_words(commands));
    }
    tables.options.emplace_back(path, quoted_words(names));
    if (!valued.empty()) {
        tables.valued.emplace_back(path, quoted_words(valued));
    }
    for (const auto* sub : visible_commands(app)) {
        collect(*sub, tables);
    }
}

void write_table(std::ostream& out, std::string_view name, const std::vector<std::pair<std::string, std::string>>& rows)
{
    out << "declare -gA " << name << "=(\n";
    for (const auto& [key, value] : rows) {
        out << "    [" << quoted_words({key}) << "]=" << value << '\n';
    }
    out << ")\n";
}

void write_bash(std::ostream& out, const CLI::App& root)
{
    CompletionTables tables;
    collect(root, tables);
    out << "# bash completion for toro, written by `toro __reference bash` from its command definitions:\n"
           "# commands, subcommands, options, and the values an option or argument accepts (entity\n"
           "# names of `register import`, formats, languages, ...); files otherwise.\n";
    write_table(out, "_toro_commands", tables.commands);
    write_table(out, "_toro_options", tables.options);
    write_table(out, "_toro_valued", tables.valued);
    write_table(out, "_toro_choices", tables.choices);
    out << R"BASH(
# Whether OPTION takes a value under command PATH (its own options and the global ones).
_toro_takes_value() {
    local word
    for word in ${_toro_valued[$1]-} ${_toro_valued[toro]-}; do
        [[ $word == "$2" ]] && return 0
    done
    return 1
}

_toro() {
    local cur=${COMP_WORDS[COMP_CWORD]} path=toro positional=0 skip=0 i word sub found
    COMPREPLY=()
    for ((i = 1; i < COMP_CWORD; i++)); do
        word=${COMP_WORDS[i]}
        if ((skip)); then
            skip=0
            continue
        fi
        case $word in
        --*=*) continue ;;
        -*)
            _toro_takes_value "$path" "$word" && skip=1
            continue
            ;;
        esac
        found=0
        for sub in ${_toro_commands[$path]-}; do
            if [[ $sub == "$word" ]]; then
                path="$path $word" positional=0 found=1
                break
            fi
        done
        ((found)) || positional=$((positional + 1))
    done

    local prev=
    ((COMP_CWORD > 1)) && prev=${COMP_WORDS[COMP_CWORD - 1]}
    if ((skip)); then
        if [[ -n ${_toro_choices[$path $prev]+set} ]]; then
            mapfile -t COMPREPLY < <(compgen -W "${_toro_choices[$path $prev]}" -- "$cur")
        elif [[ -n ${_toro_choices[toro $prev]+set} ]]; then
            mapfile -t COMPREPLY < <(compgen -W "${_toro_choices[toro $prev]}" -- "$cur")
        else
            mapfile -t COMPREPLY < <(compgen -f -- "$cur")
        fi
        return 0
    fi
    if [[ $cur == -* ]]; then
        local options=${_toro_options[toro]-}
        [[ $path == toro ]] || options+=" ${_toro_options[$path]-}"
        mapfile -t COMPREPLY < <(compgen -W "$options" -- "$cur")
        return 0
    fi
    if [[ -n ${_toro_commands[$path]+set} ]]; then
        mapfile -t COMPREPLY < <(compgen -W "${_toro_commands[$path]}" -- "$cur")
        return 0
    fi
    local key="$path #$((positional + 1))"
    if [[ -n ${_toro_choices[$key]+set} ]]; then
        mapfile -t COMPREPLY < <(compgen -W "${_toro_choices[$key]}" -- "$cur")
    else
        mapfile -t COMPREPLY < <(compgen -f -- "$cur")
    fi
    return 0
}

complete -o filenames -F _toro toro
)BASH";
}

// ---------------------------------------------------------------------------------------------
// Examples

void write_examples_list(std::ostream& out, const CLI::App& app)
{
    for (const auto& example : examples_of(app)) {
        out << command_path(app) << '\t' << example << '\n';
    }
    for (const auto* sub : visible_commands(app)) {
        write_examples_list(out, *sub);
    }
}

// Writes to stdout, or to FILE whole (a temporary file renamed into place).
void write_out(const std::optional<std::string>& target, const std::string& text)
{
    if (!target || *target == "-") {
        std::cout << text;
        std::cout.flush();
        if (!std::cout) {
            throw Error(Exit::io, "stdout", Message("output.cannot_write"));
        }
        return;
    }
    // Public documentation, but a file toro creates all the same: 0600 unless it replaces a
    // file whose mode it keeps. No configuration is read (the build runs this).
    const std::filesystem::path path(*target);
    check_target(path, {});
    AtomicFile file(path, private_file_mode, true);
    file.stream() << text;
    file.commit();
}

}  // namespace

void set_reference_command(CLI::App& app, Context& context)
{
    auto* reference = app.add_subcommand("__reference", "The command definitions as a manual page, a bash "
                                                        "completion script or the list of examples; the "
                                                        "catalogue of human text of a language");
    reference->group("");  // hidden from --help
    auto kind = std::make_shared<std::string>();
    reference->add_option("KIND", *kind, "man, bash, examples, catalogue-en or catalogue-pl")
        ->required()
        ->check(CLI::IsMember({"man", "bash", "examples", "catalogue-en", "catalogue-pl"}));
    // The build passes its own date (CMake's, which follows SOURCE_DATE_EPOCH).
    auto date = std::make_shared<std::string>();
    reference->add_option("--date", *date, "The manual page's date, YYYY-MM-DD (default: none)");
    reference->callback([&app, &context, kind, date] {
        if (!date->empty()) {
            try {
                *date = Date::parse(*date).to_string();
            } catch (const InvalidValue& error) {
                throw Error(Exit::usage, "--date", error.words());
            }
        }
        std::ostringstream text;
        if (*kind == "man") {
            write_man(text, app, *date);
        } else if (*kind == "bash") {
            write_bash(text, app);
        } else if (kind->starts_with("catalogue-")) {
            // KEY<TAB>TEXT lines, for the test that no English reaches a Polish reader.
            for (const auto& entry : catalogue_entries(*kind == "catalogue-pl" ? Lang::pl : Lang::en)) {
                text << entry.key << '\t' << entry.text << '\n';
            }
        } else {
            write_examples_list(text, app);
        }
        write_out(context.options().output, text.str());
    });
}

}  // namespace toro::cli
