#include "context.hpp"

#include "core/error.hpp"
#include "core/text.hpp"
#include "render/render.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <utf8proc.h>

#include <cstdlib>
#include <iostream>
#include <optional>
#include <pwd.h>
#include <unistd.h>

namespace toro::cli {
namespace {

const char* env(const char* name)
{
    const char* value = std::getenv(name);
    return value != nullptr && *value != '\0' ? value : nullptr;
}

std::string_view supported_list(std::initializer_list<render::Format> supported, std::string& buffer)
{
    for (auto format : supported) {
        buffer += buffer.empty() ? "" : ", ";
        buffer += render::format_name(format);
    }
    return buffer;
}

// An output file whose extension names no format toro writes (raport.pdf, raport.ods) is refused
// rather than filled with a text table under a misleading name; a file without an extension is
// a table, and --format overrides any extension.
void refuse_extension(const std::string& path, std::initializer_list<render::Format> supported)
{
    const std::string extension = render::path_extension(path);
    if (extension.empty()) {
        return;
    }
    const std::string stem = path.substr(0, path.size() - extension.size() - 1);
    std::string buffer;
    if (extension == "pdf") {
        throw Error(Exit::usage, "-o", Message("output.no_pdf", {{"stem", stem}}));
    }
    throw Error(Exit::usage, "-o",
                Message("output.unknown_extension",
                        {{"extension", extension}, {"formats", std::string(supported_list(supported, buffer))}}));
}

}  // namespace

Context::Context(GlobalOptions& options, std::vector<std::string> arguments)
    : m_options(options), m_arguments(std::move(arguments))
{
}

CLI::Option* Context::personal(CLI::Option* option)
{
    m_personal.push_back(option);
    return option;
}

std::string Context::command_line() const
{
    // The values given to personal options, as CLI11 parsed them (positional or named).
    std::vector<std::string> values;
    for (const auto* option : m_personal) {
        if (option->count() > 0) {
            for (const auto& value : option->results()) {
                if (!value.empty()) {
                    values.push_back(value);
                }
            }
        }
    }
    const auto masked = [&values](std::string_view arg) -> std::string {
        for (const auto& value : values) {
            if (arg == value) {
                return "***";
            }
            if (arg.starts_with("-") && arg.ends_with("=" + value)) {
                return std::string(arg.substr(0, arg.size() - value.size())) + "***";
            }
        }
        return std::string(arg);
    };
    std::string line = "toro";
    for (std::size_t i = 1; i < m_arguments.size(); ++i) {
        const std::string arg = masked(m_arguments[i]);
        const bool quote = arg.empty() || arg.find_first_of(" \t\"'$") != std::string::npos;
        line += ' ';
        line += quote ? fmt::format("'{}'", arg) : arg;
    }
    return line;
}

std::optional<std::filesystem::path> Context::config_file()
{
    config();
    return m_config_file;
}

const config::Config& Context::config()
{
    if (m_config) {
        return *m_config;
    }
    m_config_file = config::discover(m_options.config, m_config_origin);
    auto config = config::load(m_config_file);
    if (const char* db = env("TORO_DB")) {
        config.store_path = db;
        config.origins["store.path"] = "environment TORO_DB";
    }
    if (m_options.db) {
        config.store_path = *m_options.db;
        config.origins["store.path"] = "option --db";
    }
    if (m_options.lang) {
        config.lang = parse_lang(*m_options.lang);
        config.origins["output.lang"] = "option --lang";
    } else if (!config.lang) {
        const char* locale = env("LC_ALL") ? env("LC_ALL") : env("LANG");
        config.lang = locale != nullptr ? lang_from_locale(locale) : Lang::en;
        config.origins["output.lang"] =
            locale != nullptr ? (env("LC_ALL") ? "environment LC_ALL" : "environment LANG") : "default";
    }
    if (m_options.sep) {
        config.csv_sep = (*m_options.sep == "tab" || *m_options.sep == "\\t") ? '\t' : (*m_options.sep)[0];
        config.origins["output.csv_sep"] = "option --sep";
    }
    if (m_options.bom) {
        config.bom = true;
        config.origins["output.bom"] = "option --bom";
    }
    m_config = std::move(config);
    return *m_config;
}

std::filesystem::path Context::db_path()
{
    return config().store_path;
}

Lang Context::lang()
{
    return config().lang.value_or(Lang::en);
}

Lang Context::message_lang() noexcept
{
    // --lang as typed: while the command line is being parsed (a usage error) the option is
    // not yet set.
    for (std::size_t i = 1; i < m_arguments.size(); ++i) {
        const std::string_view arg = m_arguments[i];
        const std::string_view value = arg == "--lang" && i + 1 < m_arguments.size()
                                           ? std::string_view(m_arguments[i + 1])
                                       : arg.starts_with("--lang=") ? arg.substr(7)
                                                                    : std::string_view();
        if (const auto chosen = value.empty() ? std::nullopt : parse_lang(value)) {
            return *chosen;
        }
    }
    try {
        return lang();
    } catch (...) {
        // the configuration cannot be read: the environment
    }
    const char* locale = env("LC_ALL") ? env("LC_ALL") : env("LANG");
    return locale != nullptr ? lang_from_locale(locale) : Lang::en;
}

Date Context::as_of()
{
    if (!m_options.as_of) {
        return Date::today();
    }
    try {
        return Date::parse(*m_options.as_of);
    } catch (const InvalidValue& error) {
        throw Error(Exit::usage, "--as-of", error.words());
    }
}

std::filesystem::path Context::key_path()
{
    const auto& settings = config();
    if (settings.key_file) {
        return *settings.key_file;
    }
    // A PostgreSQL store has no folder: the key file is in the working directory.
    return on_postgres() ? std::filesystem::path("toro.key") : db_path().parent_path() / "toro.key";
}

namespace {

// 1 to 64 characters, none of them a control character (a newline, ESC, DEL) or invalid UTF-8.
bool printable_actor(std::string_view text)
{
    const auto* bytes = reinterpret_cast<const utf8proc_uint8_t*>(text.data());
    auto rest = static_cast<utf8proc_ssize_t>(text.size());
    std::size_t characters = 0;
    while (rest > 0) {
        utf8proc_int32_t code = 0;
        const auto length = utf8proc_iterate(bytes, rest, &code);
        if (length <= 0) {
            return false;
        }
        const auto category = utf8proc_category(code);
        if (category == UTF8PROC_CATEGORY_CC || category == UTF8PROC_CATEGORY_CS || category == UTF8PROC_CATEGORY_CN ||
            category == UTF8PROC_CATEGORY_ZL || category == UTF8PROC_CATEGORY_ZP) {
            return false;
        }
        bytes += length;
        rest -= length;
        ++characters;
    }
    return characters >= 1 && characters <= 64;
}

}  // namespace

std::string Context::actor()
{
    std::optional<std::pair<std::string, std::string>> declared;
    if (m_options.actor) {
        declared.emplace("--actor", *m_options.actor);
    } else if (const char* actor = std::getenv("TORO_ACTOR")) {
        declared.emplace("TORO_ACTOR", actor);
    }
    if (declared) {
        if (!printable_actor(declared->second)) {
            throw Error(Exit::usage, declared->first, Message("cli.bad_actor"));
        }
        return declared->second;
    }
    return os_login();
}

std::string Context::os_login()
{
    if (const passwd* user = ::getpwuid(::geteuid()); user != nullptr && user->pw_name != nullptr) {
        return user->pw_name;
    }
    return std::to_string(::geteuid());
}

bool Context::on_postgres()
{
    return store::pg::is_uri(config().store_path);
}

std::string Context::command_name() const
{
    std::string name;
    for (const CLI::App* app = m_app; app != nullptr;) {
        const auto chosen = app->get_subcommands();
        app = chosen.empty() ? nullptr : chosen.front();
        if (app != nullptr) {
            name += (name.empty() ? "" : " ") + app->get_name();
        }
    }
    return name;
}

store::Store& Context::store(bool create)
{
    if (!m_store) {
        // -o is checked before the store is opened, so that a command refused for its output
        // has changed nothing.
        check_output();
        const auto& settings = config();
        store::OpenOptions open;
        // A PostgreSQL URI is passed as it is, password included (libpq's to read).
        open.path = on_postgres() ? std::filesystem::path(settings.store_path) : db_path();
        open.busy_timeout_ms = settings.busy_timeout_ms;
        open.synchronous = settings.synchronous;
        open.create = create;
        open.key_path = key_path();
        open.actor = {actor(), command_line(), os_login()};
        m_store = std::make_unique<store::Store>(open);
        const auto& migration = m_store->migration();
        if (migration.from != migration.to && migration.from > 0) {
            note(migration.backup
                     ? Message("store.migrated", {{"store", open.path},
                                                  {"from", migration.from},
                                                  {"to", migration.to},
                                                  {"backup", *migration.backup}})
                     : Message("store.migrated_without_backup",
                               {{"store", m_store->path()}, {"from", migration.from}, {"to", migration.to}}));
        }
    }
    return *m_store;
}

render::Format Context::choose_format(std::initializer_list<render::Format> supported) const
{
    std::optional<render::Format> format;
    if (m_options.format) {
        format = render::parse_format(*m_options.format);
        if (!format) {
            std::string buffer;
            throw Error(
                Exit::usage, "--format",
                Message("output.unknown_format",
                        {{"format", *m_options.format}, {"formats", std::string(supported_list(supported, buffer))}}));
        }
    } else if (m_options.output && *m_options.output != "-") {
        format = render::format_for_path(*m_options.output);
        if (!format) {
            refuse_extension(*m_options.output, supported);
        }
    }
    if (m_options.excel) {
        if (format && *format != render::Format::csv) {
            throw Error(Exit::usage, "--excel",
                        Message("output.excel_csv_only", {{"format", std::string(render::format_name(*format))}}));
        }
        format = render::Format::csv;
        if (m_options.sep && *m_options.sep != ";") {
            throw Error(Exit::usage, "--excel", Message("output.excel_separator"));
        }
    }
    if (!format) {
        return render::Format::table;
    }
    for (auto candidate : supported) {
        if (candidate == *format) {
            return *format;
        }
    }
    std::string buffer;
    throw Error(Exit::usage, "--format",
                Message("output.format_not_here", {{"format", std::string(render::format_name(*format))},
                                                   {"formats", std::string(supported_list(supported, buffer))}}));
}

void Context::emit(const render::Document& document, std::initializer_list<render::Format> supported)
{
    render::RenderOptions options;
    options.format = choose_format(supported);
    options.lang = lang();
    options.csv_separator = config().csv_sep;
    options.bom = config().bom;
    options.city = config().city_name;
    if (m_options.excel) {
        options.excel = options.bom = true;
        options.csv_separator = ';';
    }
    const bool to_stdout = !m_options.output || *m_options.output == "-";
    options.color = to_stdout && env("NO_COLOR") == nullptr && ::isatty(STDOUT_FILENO) == 1;
    if (options.format == render::Format::xlsx && to_stdout && ::isatty(STDOUT_FILENO) == 1) {
        throw Error(Exit::usage, "--format", Message("output.xlsx_to_terminal"));
    }

    const render::Document& shown = document;
    if (to_stdout) {
        render::render(shown, options, std::cout);
        std::cout.flush();
        if (!std::cout) {
            throw Error(Exit::io, "stdout", Message("output.cannot_write"));
        }
        return;
    }
    const std::filesystem::path target(*m_options.output);
    check_target(target);
    AtomicFile file(target, output_mode(), true);
    render::render(shown, options, file.stream());
    file.commit();
    detail(Message("output.wrote", {{"file", target}}));
}

void Context::add_input(const std::filesystem::path& path)
{
    if (path != "-") {
        m_inputs.push_back(path);
    }
}

// The key file as configured; beside the store when the configuration cannot be read yet
// (`init` before it has written toro.toml).
std::filesystem::path Context::protected_key_path(const std::filesystem::path& store)
{
    try {
        return key_path();
    } catch (const Error&) {
        return store.parent_path() / "toro.key";
    }
}

std::vector<ProtectedFile> Context::protected_files()
{
    const auto store = db_path();
    std::vector<ProtectedFile> files;
    if (!store::pg::is_uri(store.string())) {  // a PostgreSQL store is no file here
        files = {
            {store, Message("file.what.store")},
            {std::filesystem::path(store.string() + "-wal"), Message("file.what.wal")},
            {std::filesystem::path(store.string() + "-shm"), Message("file.what.shm")},
        };
    }
    files.push_back({protected_key_path(store), Message("file.what.key")});
    if (const auto file = config_file()) {
        files.push_back({*file, Message("file.what.config")});
    }
    for (const auto& input : m_inputs) {
        files.push_back({input, Message("file.what.input")});
    }
    return files;
}

void Context::check_target(const std::filesystem::path& target)
{
    toro::check_target(target, protected_files());
}

void Context::check_output()
{
    if (m_options.output && *m_options.output != "-") {
        check_target(*m_options.output);
    }
}

void Context::note(const Message& message)
{
    if (!m_options.quiet) {
        std::cerr << "toro: " << visible_controls(message.text(message_lang())) << '\n';
    }
}

void Context::detail(const Message& message)
{
    if (m_options.verbose > 0 && !m_options.quiet) {
        std::cerr << "toro: " << visible_controls(message.text(message_lang())) << '\n';
    }
}

}  // namespace toro::cli
