// toro config show: the effective configuration and where each value came from.

#include "commands.hpp"

#include "config/config.hpp"

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

namespace {

// Where a value came from, in words for people: "default", "option --db", "environment LANG" and
// the names of files (as they are); machine formats keep the origin as config::entries gives it.
render::Cell origin_cell(const std::string& origin)
{
    const auto named = [&origin](std::string_view prefix, Key key) -> std::optional<render::Term> {
        if (!origin.starts_with(prefix)) {
            return std::nullopt;
        }
        return render::Term{origin, Message(key, {{"name", origin.substr(prefix.size())}})};
    };
    if (origin == "default") {
        return render::Term{origin, Message("config.origin.default")};
    }
    if (origin == "built-in defaults") {
        return render::Term{origin, Message("config.origin.builtin")};
    }
    if (auto term = named("option ", "config.origin.option")) {
        return *term;
    }
    if (auto term = named("environment ", "config.origin.environment")) {
        return *term;
    }
    return origin;
}

// A value with words where it is not one of the file's own: "(from LANG)".
render::Cell value_cell(const std::string& value)
{
    if (value == "(from LANG)") {
        return render::Term{value, Message("config.value.from_lang")};
    }
    if (value == "(toro.key beside the store)") {
        return render::Term{value, Message("config.value.key_beside_store")};
    }
    if (value == "(not set)") {
        return render::Term{value, Message("config.value.not_set")};
    }
    if (value == "(mail.from)") {
        return render::Term{value, Message("config.value.as_mail_from")};
    }
    return value;
}

}  // namespace

void set_config_command(CLI::App& app, Context& context)
{
    auto* config = app.add_subcommand("config", "Show the configuration");
    config->require_subcommand(1);
    set_example(*config, "toro config show");

    auto* show = config->add_subcommand("show", "Print the effective configuration and where each value came from");
    set_example(*show, "toro --config /etc/toro/toro.toml config show --format json");
    show->callback([&context] {
        const auto& settings = context.config();
        const auto lang = context.lang();
        render::Table table;
        table.name = "config";
        table.columns = {{"key", say(lang, "column.key")},
                         {"value", say(lang, "column.value")},
                         {"origin", say(lang, "column.origin")}};
        const auto file = context.config_file();
        table.rows.push_back({render::Term{"file", Message("config.file_row")}, file ? file->string() : std::string(),
                              origin_cell(context.config_origin())});
        for (const auto& entry : config::entries(settings)) {
            table.rows.push_back({entry.key, value_cell(entry.value), origin_cell(entry.origin)});
        }
        render::Document document;
        document.title = say(lang, "config.title");
        document.tables.push_back(std::move(table));
        context.emit(document, {render::Format::table, render::Format::csv, render::Format::tsv, render::Format::json,
                                render::Format::jsonl, render::Format::md});
    });
}

}  // namespace toro::cli
