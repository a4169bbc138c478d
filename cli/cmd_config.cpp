// toro config show: the effective configuration and where each value came from.

#include "commands.hpp"

#include "config/documents.hpp"

namespace toro::cli {

void set_example(CLI::App& command, const std::string& example)
{
    command.footer("\nExample:\n  " + example + "\n");
}

void point_at_reference(CLI::App& command, const std::string& kinds)
{
    command.footer(command.get_footer() + "\nReference values (" + kinds +
                   ") may be given by code or by Polish or English name, in any case, with or without "
                   "diacritics: `toro register reference KIND` lists them.\n");
}

void set_config_command(CLI::App& app, Context& context)
{
    auto* config = app.add_subcommand("config", "Show the configuration");
    config->require_subcommand(1);
    set_example(*config, "toro config show");

    auto* show = config->add_subcommand("show", "Print the effective configuration and where each value came from");
    set_example(*show, "toro --config /etc/toro/toro.toml config show --format json");
    show->callback([&context] {
        const auto document =
            config::config_document(context.config(), context.config_file(), context.config_origin(), context.lang());
        context.emit(document, {render::Format::table, render::Format::csv, render::Format::tsv, render::Format::json,
                                render::Format::jsonl, render::Format::md});
    });
}

}  // namespace toro::cli
