#include "context.hpp"

#include "core/error.hpp"
#include "core/text.hpp"
#include "render/render.hpp"

#include <fmt/format.h>

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

} // namespace

Context::Context(GlobalOptions& options, std::string command_line)
    : m_options(options), m_command_line(std::move(command_line))
{
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
        config.origins["output.lang"] = locale != nullptr ? (env("LC_ALL") ? "environment LC_ALL" : "environment LANG")
                                                          : "default";
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

Date Context::as_of()
{
    if (!m_options.as_of) {
        return Date::today();
    }
    try {
        return Date::parse(*m_options.as_of);
    } catch (const InvalidValue& error) {
        throw Error(Exit::usage, "--as-of", error.what());
    }
}

std::string Context::actor()
{
    if (m_options.actor) {
        return *m_options.actor;
    }
    if (const char* actor = env("TORO_ACTOR")) {
        return actor;
    }
    if (const passwd* user = ::getpwuid(::geteuid()); user != nullptr && user->pw_name != nullptr) {
        return user->pw_name;
    }
    if (const char* user = env("USER")) {
        return user;
    }
    return fmt::format("uid {}", ::geteuid());
}

store::Store& Context::store(bool create)
{
    if (!m_store) {
        // -o is checked before the store is opened, so that a command refused for its output
        // has changed nothing.
        check_output();
        const auto& settings = config();
        store::OpenOptions open;
        open.path = db_path();
        open.busy_timeout_ms = settings.busy_timeout_ms;
        open.synchronous = settings.synchronous;
        open.create = create;
        open.actor = {actor(), m_command_line};
        m_store = std::make_unique<store::Store>(open);
        const auto& migration = m_store->migration();
        if (migration.from != migration.to && migration.from > 0) {
            note(fmt::format("migrated {} from schema version {} to {} (backup: {})", open.path.string(),
                             migration.from, migration.to,
                             migration.backup ? migration.backup->string() : std::string("none")));
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
            throw Error(Exit::usage, "--format",
                        fmt::format("unknown format '{}' (this command writes {})", *m_options.format,
                                    supported_list(supported, buffer)));
        }
    } else if (m_options.output && *m_options.output != "-") {
        format = render::format_for_path(*m_options.output);
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
                fmt::format("this command cannot write {} (it writes {})", render::format_name(*format),
                            supported_list(supported, buffer)));
}

void Context::emit(const render::Document& document, std::initializer_list<render::Format> supported)
{
    render::RenderOptions options;
    options.format = choose_format(supported);
    options.lang = lang();
    options.csv_separator = config().csv_sep;
    options.bom = config().bom;
    const bool to_stdout = !m_options.output || *m_options.output == "-";
    options.color = to_stdout && env("NO_COLOR") == nullptr && ::isatty(STDOUT_FILENO) == 1;
    if (options.format == render::Format::xlsx && to_stdout && ::isatty(STDOUT_FILENO) == 1) {
        throw Error(Exit::usage, "--format", "xlsx is binary: write it to a file with -o FILE.xlsx");
    }

    const bool for_people = options.format == render::Format::table || options.format == render::Format::md ||
                            options.format == render::Format::html || options.format == render::Format::xlsx;
    // Only a document with terms for people is copied (to add them); any other is rendered as
    // it is (a conditional expression would copy it in every case).
    std::optional<render::Document> with_terms;
    if (for_people && !document.terms.empty()) {
        with_terms = render::with_terms(document);
    }
    const render::Document& shown = with_terms ? *with_terms : document;
    if (to_stdout) {
        render::render(shown, options, std::cout);
        std::cout.flush();
        if (!std::cout) {
            throw Error(Exit::io, "stdout", "cannot write the output");
        }
        return;
    }
    const std::filesystem::path target(*m_options.output);
    check_target(target);
    AtomicFile file(target, output_mode(), true);
    render::render(shown, options, file.stream());
    file.commit();
    detail(fmt::format("wrote {}", target.string()));
}

void Context::add_input(const std::filesystem::path& path)
{
    if (path != "-") {
        m_inputs.push_back(path);
    }
}

std::vector<ProtectedFile> Context::protected_files()
{
    const auto store = db_path();
    std::vector<ProtectedFile> files{
        {store, "the store"},
        {std::filesystem::path(store.string() + "-wal"), "the store's write-ahead log"},
        {std::filesystem::path(store.string() + "-shm"), "the store's shared-memory index"},
        // The pseudonym key file beside the store, until its place comes from the
        // configuration ([privacy] key_file).
        {store.parent_path() / "toro.key", "the pseudonym key file"},
    };
    if (const auto file = config_file()) {
        files.push_back({*file, "the configuration file"});
    }
    for (const auto& input : m_inputs) {
        files.push_back({input, "an input of this command"});
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

void Context::note(const std::string& message) const
{
    if (!m_options.quiet) {
        std::cerr << "toro: " << visible_controls(message) << '\n';
    }
}

void Context::detail(const std::string& message) const
{
    if (m_options.verbose > 0 && !m_options.quiet) {
        std::cerr << "toro: " << visible_controls(message) << '\n';
    }
}

} // namespace toro::cli
