// toro init [--demo] [--force]: write a commented toro.toml and create or migrate the store.

#include "commands.hpp"

#include "config/config.hpp"
#include "core/error.hpp"
#include "registry/demo.hpp"
#include "reporting/demo_reports.hpp"
#include "store/pseudonym.hpp"
#include "survey/demo.hpp"

#include <fmt/format.h>

#include <cstdlib>
#include <fstream>
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

void write_whole(const std::filesystem::path& target, std::string_view text)
{
    auto temporary = target;
    temporary += fmt::format(".tmp-{}", ::getpid());
    {
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        out << text;
        out.flush();
        if (!out) {
            std::error_code ignored;
            std::filesystem::remove(temporary, ignored);
            throw Error(Exit::cant_create, target.string(), fmt::format("cannot write the file: {}", std::strerror(errno)));
        }
    }
    std::filesystem::rename(temporary, target);
}

void run_init(Context& context, const InitOptions& options)
{
    const auto target = config_target(context.options());
    if (std::filesystem::exists(target) && !options.force) {
        context.note(fmt::format("kept the existing {} (--force overwrites it)", target.string()));
    } else {
        // The demo adds its training modules to the template. Check the text before writing
        // it: a file toro cannot read would be no help.
        std::string text(config::template_text());
        if (options.demo) {
            text += survey::demo_training_modules();
        }
        config::load_text(text, "(built-in template)");
        write_whole(target, text);
        context.note(fmt::format("wrote {}", target.string()));
    }
    if (!context.options().config) {
        context.options().config = target.string();
    }
    const bool existed = std::filesystem::exists(context.db_path());
    auto& store = context.store(true);
    context.note(fmt::format("{} {} (schema version {})", existed ? "opened" : "created", store.path().string(),
                             store.version()));
    if (!store::ensure_key(store)) {
        context.note(fmt::format("the pseudonym key file {} is missing and the store holds pseudonyms made with it: "
                                 "restore it from its backup (imports of people exit 78 until then)",
                                 store.key_path().string()));
    }
    if (!context.config().indicators.empty()) {
        store::WriteTransaction transaction(store);
        const auto changed = registry::register_config_indicators(store, context.config());
        transaction.commit();
        context.note(fmt::format("indicator catalogue of the configuration: {} registered or updated", changed));
    }
    if (options.demo) {
        store::WriteTransaction transaction(store);
        const auto loads = registry::load_demo(store, context.config());
        // The demo's reports go through review (accepted ones are locked, one is returned and
        // resubmitted), so loading them again would not be a no-op: they are loaded once.
        const bool had_reports = store.db().execAndGet("SELECT count(*) FROM report").getInt64() > 0;
        const auto reports =
            had_reports ? io::ImportSummary{} : reporting::load_demo_reports(store, context.config());
        const auto surveys = survey::load_demo_surveys(store);
        transaction.commit();
        for (const auto& load : loads) {
            context.note(fmt::format("demo: {} {} ({} new, {} updated, {} unchanged)", load.summary.inserted +
                                                                                          load.summary.updated +
                                                                                          load.summary.unchanged,
                                     load.entity, load.summary.inserted, load.summary.updated,
                                     load.summary.unchanged));
        }
        if (had_reports) {
            context.note("demo: the store already holds monthly reports; the demo's were not loaded again");
        } else {
            context.note(fmt::format("demo: {} monthly report rows, reviewed as of 2026-11-11",
                                     reports.inserted + reports.updated));
        }
        for (const auto& load : surveys) {
            context.note(fmt::format("demo: {} responses from {} ({} new)", load.summary.inserted +
                                                                               load.summary.updated +
                                                                               load.summary.unchanged,
                                     load.path, load.summary.inserted));
        }
    }
}

} // namespace

void set_init_command(CLI::App& app, Context& context)
{
    auto* init = app.add_subcommand("init", "Write a commented toro.toml and create or migrate the database");
    set_example(*init, "mkdir city && cd city && toro init --demo");
    auto options = std::make_shared<InitOptions>();
    init->add_flag("--demo", options->demo, "Also load the demonstration data (a small synthetic city)");
    init->add_flag("--force", options->force, "Overwrite an existing toro.toml");
    init->callback([&context, options] { run_init(context, *options); });
}

} // namespace toro::cli
