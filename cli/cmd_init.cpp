// toro init [--demo] [--force]: write a commented toro.toml and create or migrate the store.

#include "commands.hpp"

#include "config/config.hpp"
#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "demo/city.hpp"
#include "registry/demo.hpp"
#include "store/pg/pg_store.hpp"
#include "store/pseudonym.hpp"
#include "survey/demo.hpp"

#include <fmt/format.h>

#include <cstdlib>
#include <memory>
#include <unistd.h>

namespace toro::cli {
namespace {

struct InitOptions {
    bool demo = false;
    bool force = false;
};

// The file init writes: --config, TORO_CONFIG, else ./toro.toml.
std::filesystem::path config_target(const GlobalOptions& options)
{
    if (options.config) {
        return *options.config;
    }
    if (const char* env = std::getenv("TORO_CONFIG"); env != nullptr && *env != '\0') {
        return env;
    }
    return "toro.toml";
}

// The configuration is written whole, mode 0600 (it may name paths and settings of the city).
void write_whole(const std::filesystem::path& target, std::string_view text)
{
    check_target(target, {});
    AtomicFile file(target, private_file_mode);
    file.stream() << text;
    file.commit();
}

// The store init is about to use, found before anything is written: --db, TORO_DB, then the
// store path of the configuration that will be in force (the file kept, or the template).
std::filesystem::path store_to_use(const GlobalOptions& global, const std::filesystem::path& config, bool kept)
{
    if (global.db) {
        return *global.db;
    }
    if (const char* env = std::getenv("TORO_DB"); env != nullptr && *env != '\0') {
        return env;
    }
    return kept ? config::load(config).store_path
                : config::load_text(config::template_text(), "(built-in template)").store_path;
}

// Whether the store holds the demo and nothing else (demo::holds_the_demo_only), with the
// configuration that will be in force.
bool holds_the_demo_only(Context& context, const std::filesystem::path& path, const std::filesystem::path& config,
                         bool kept)
{
    store::OpenOptions open;
    open.path = path;
    open.key_path = context.protected_key_path(path);
    open.actor = {context.actor(), context.command_line(), Context::os_login()};
    return demo::holds_the_demo_only(open, kept ? config::load(config)
                                                : config::load_text(config::template_text(), "(built-in template)"));
}

// The configuration template with `[store] path` set to `uri` (its password left out: libpq
// reads it from ~/.pgpass or PGPASSFILE).
std::string template_for(const std::string& uri)
{
    std::string text(config::template_text());
    const std::string line = "\npath = \"toro.db\"\n";
    const auto at = text.find(line);
    if (at == std::string::npos) {
        throw Error(Exit::internal, "(built-in template)", Message("init.template_without_path"));
    }
    std::string quoted;
    for (const char c : store::pg::without_password(uri)) {
        quoted += (c == '"' || c == '\\') ? std::string("\\") + c : std::string(1, c);
    }
    text.replace(at, line.size(), fmt::format("\npath = \"{}\"\n", quoted));
    return text;
}

// What `init` puts into a new (or opened) store of either back end: the pseudonym key, the
// configuration's indicators and, with --demo, the demo city.
void fill_store(Context& context, const InitOptions& options, store::Store& store)
{
    if (!store::ensure_key(store)) {
        context.note(Message("init.key_missing", {{"file", store.key_path()}}));
    }
    if (!context.config().indicators.empty()) {
        store::WriteTransaction transaction(store);
        const auto changed = registry::register_config_indicators(store, context.config());
        transaction.commit();
        context.note(Message("init.indicators", {{"count", changed}}));
    }
    if (options.demo) {
        const auto city = demo::load_city(store, context.config());
        for (const auto& load : city.register_loads) {
            const auto count =
                static_cast<std::int64_t>(load.summary.inserted + load.summary.updated + load.summary.unchanged);
            context.note(Message("init.demo_loaded", {{"records", registry::count_of(load.entity, count)},
                                                      {"new", load.summary.inserted},
                                                      {"updated", load.summary.updated},
                                                      {"unchanged", load.summary.unchanged}}));
        }
        if (!city.reports) {
            context.note(Message("init.demo_reports_kept"));
        } else {
            context.note(Message("init.demo_reports", {{"rows", city.reports->inserted + city.reports->updated}}));
        }
        for (const auto& load : city.surveys) {
            context.note(Message("init.demo_responses",
                                 {{"count", load.summary.inserted + load.summary.updated + load.summary.unchanged},
                                  {"file", load.path},
                                  {"new", load.summary.inserted}}));
        }
    }
}

// `init` on PostgreSQL: the database must hold nothing yet — not even a toro store — and is
// looked at before anything (the configuration included) is written; then the configuration
// names the database, and toro's schema is created in one transaction.
void run_init_postgres(Context& context, const InitOptions& options, const std::filesystem::path& target,
                       const std::string& uri, bool kept)
{
    const auto location = store::pg::masked(uri);
    const auto settings =
        kept ? config::load(target) : config::load_text(config::template_text(), "(built-in template)");
    {
        store::pg::Connection connection(uri, settings.busy_timeout_ms);
        const auto found = store::pg::contents(connection);
        if (found.version > 0) {
            throw Error(Exit::cant_create, location, Message("pg.already_a_store", {{"version", found.version}}));
        }
        if (!found.tables.empty()) {
            std::string tables;
            for (const auto& table : found.tables) {
                tables += (tables.empty() ? "" : ", ") + table;
            }
            throw Error(Exit::config, location, Message("pg.not_empty", {{"tables", tables}}));
        }
    }
    if (kept) {
        context.note(Message("init.kept_config", {{"file", target}}));
    } else {
        auto text = template_for(uri);
        if (options.demo) {
            text += survey::demo_training_modules();
        }
        config::load_text(text, "(built-in template)");
        write_whole(target, text);
        context.note(Message("output.wrote", {{"file", target}}));
    }
    if (!context.options().config) {
        context.options().config = target.string();
    }
    auto& store = context.store(true);
    context.note(Message("init.created", {{"store", store.path()}, {"version", store.version()}}));
    fill_store(context, options, store);
}

void run_init(Context& context, const InitOptions& options)
{
    const auto target = config_target(context.options());
    {
        const bool kept = std::filesystem::exists(target) && !options.force;
        const auto location = store_to_use(context.options(), target, kept).string();
        if (store::pg::is_uri(location)) {
            run_init_postgres(context, options, target, location, kept);
            return;
        }
    }
    if (options.demo) {
        // The demo goes only into a store without records of the city's own: refused before
        // anything (even the configuration) is written. A store holding the demo alone is
        // left as it is (loading it again changes nothing).
        const bool kept = std::filesystem::exists(target) && !options.force;
        const auto path = store_to_use(context.options(), target, kept);
        if (std::error_code ignored; std::filesystem::exists(path, ignored)) {
            const auto held = registry::held_records(path);
            if (!held.empty() && !holds_the_demo_only(context, path, target, kept)) {
                throw Error(Exit::cant_create, path.string(),
                            Message("init.demo_refused", {{"held", registry::describe_held(held)}}));
            }
        }
    }
    if (std::filesystem::exists(target) && !options.force) {
        context.note(Message("init.kept_config", {{"file", target}}));
    } else {
        // The demo adds its training modules to the template. Check the text before writing
        // it: a file toro cannot read would be no help.
        std::string text(config::template_text());
        if (options.demo) {
            text += survey::demo_training_modules();
        }
        config::load_text(text, "(built-in template)");
        write_whole(target, text);
        context.note(Message("output.wrote", {{"file", target}}));
    }
    if (!context.options().config) {
        context.options().config = target.string();
    }
    const bool existed = std::filesystem::exists(context.db_path());
    auto& store = context.store(true);
    context.note(Message(existed ? Key("init.opened") : Key("init.created"),
                         {{"store", store.path()}, {"version", store.version()}}));
    fill_store(context, options, store);
}

}  // namespace

void set_init_command(CLI::App& app, Context& context)
{
    // The root of the command tree: a command refused on a PostgreSQL store is named from it.
    context.set_app(&app);
    auto* init = app.add_subcommand("init", "Write a commented toro.toml and create or migrate the database");
    set_example(*init, "mkdir city && cd city && toro init --demo");
    auto options = std::make_shared<InitOptions>();
    init->add_flag("--demo", options->demo, "Also load the demonstration data (a small synthetic city)");
    init->add_flag("--force", options->force, "Overwrite an existing toro.toml");
    init->callback([&context, options] { run_init(context, *options); });
}

}  // namespace toro::cli
