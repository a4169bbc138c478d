#include "context.hpp"

#include "core/error.hpp"
#include "render/render.hpp"

#include <fmt/format.h>

#include <cstdlib>
#include <fstream>
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
    if (std::error_code error; std::filesystem::exists(target, error) && !std::filesystem::is_regular_file(target, error)) {
        // A device or a pipe (-o /dev/null, a FIFO): written to directly, never replaced.
        std::ofstream out(target, std::ios::binary);
        if (!out) {
            throw Error(Exit::cant_create, target.string(), "cannot open it for writing");
        }
        render::render(shown, options, out);
        out.flush();
        if (!out) {
            throw Error(Exit::io, target.string(), "cannot write the output");
        }
        return;
    }
    auto temporary = target;
    temporary += fmt::format(".tmp-{}", ::getpid());
    {
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        if (!out) {
            throw Error(Exit::cant_create, target.string(), fmt::format("cannot create the file: {}", std::strerror(errno)));
        }
        try {
            render::render(shown, options, out);
        } catch (...) {
            out.close();
            std::filesystem::remove(temporary);
            throw;
        }
        out.flush();
        if (!out) {
            out.close();
            std::filesystem::remove(temporary);
            throw Error(Exit::io, target.string(), "cannot write the file (is the disk full?)");
        }
    }
    std::error_code error;
    std::filesystem::rename(temporary, target, error);
    if (error) {
        std::filesystem::remove(temporary);
        throw Error(Exit::cant_create, target.string(), fmt::format("cannot create the file: {}", error.message()));
    }
    detail(fmt::format("wrote {}", target.string()));
}

void Context::note(const std::string& message) const
{
    if (!m_options.quiet) {
        std::cerr << "toro: " << message << '\n';
    }
}

void Context::detail(const std::string& message) const
{
    if (m_options.verbose > 0 && !m_options.quiet) {
        std::cerr << "toro: " << message << '\n';
    }
}

} // namespace toro::cli
