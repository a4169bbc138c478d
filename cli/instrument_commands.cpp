// create, list, show, import and export over instruments, for `toro survey` and `toro evaluate`.

#include "instrument_commands.hpp"

#include "commands.hpp"
#include "import_command.hpp"

#include "survey/catalogue.hpp"
#include "survey/documents.hpp"

#include <fmt/format.h>

namespace toro::cli {
namespace {

constexpr auto listing_formats = {render::Format::table, render::Format::csv,   render::Format::tsv,
                                  render::Format::json,  render::Format::jsonl, render::Format::md};
constexpr auto export_formats = {render::Format::table, render::Format::csv,   render::Format::tsv,
                                 render::Format::json,  render::Format::jsonl, render::Format::xlsx};

void set_create(CLI::App& parent, Context& context, survey::Kind kind, const std::string& example)
{
    struct Options {
        std::string file;
        bool replace = false;
    };
    auto options = std::make_shared<Options>();
    auto* create =
        parent.add_subcommand("create", fmt::format("Load a {} instrument from a TOML file", survey::kind_name(kind)));
    set_example(*create, example);
    create->add_option("FILE", options->file, "The instrument's TOML file (schemas/instrument.schema.json)")
        ->required();
    create->add_flag("--replace", options->replace,
                     "Load a new version over one with the same code (only while it has no responses)");
    create->callback([&context, options, kind] {
        context.add_input(options->file);
        const auto instrument = survey::load_instrument(options->file);
        if (instrument.kind != kind) {
            throw Error(
                Exit::data, options->file,
                Message(
                    "instrument.load_elsewhere",
                    {{"kind", Message(Key::composed("survey.kind." + std::string(survey::kind_name(instrument.kind))))},
                     {"code", std::string(survey::kind_name(instrument.kind))},
                     {"command", instrument.kind == survey::Kind::competency ? "survey create" : "evaluate create"}}));
        }
        auto& store = context.store(true);
        store::WriteTransaction transaction(store);
        const auto saved = survey::save_instrument(store, instrument, options->replace);
        transaction.commit();
        context.note(Message(
            saved == survey::Saved::inserted ? Key("instrument.loaded") : Key("instrument.replaced"),
            {{"code", instrument.code}, {"areas", instrument.areas.size()}, {"items", instrument.items.size()}}));
    });
}

void set_list(CLI::App& parent, Context& context, survey::Kind kind, const std::string& example)
{
    auto* list = parent.add_subcommand("list", fmt::format("The {} instruments loaded", survey::kind_name(kind)));
    set_example(*list, example);
    list->callback([&context, kind] {
        context.emit(survey::instruments_document(survey::list_instruments(context.store(), kind), context.lang()),
                     listing_formats);
    });
}

void set_show(CLI::App& parent, Context& context, survey::Kind kind, const std::string& example)
{
    auto code = std::make_shared<std::string>();
    auto* show = parent.add_subcommand("show", "One instrument: scale, groups, areas and items");
    set_example(*show, example);
    show->add_option("CODE", *code, "The instrument's code")->required();
    show->callback([&context, code, kind] {
        context.emit(
            survey::instrument_document(survey::stored_instrument(context.store(), *code, kind), context.lang()),
            listing_formats);
    });
}

void set_import(CLI::App& parent, Context& context, survey::Kind kind, const std::string& example)
{
    struct Options {
        std::string code;
        std::string group;
        std::string wave;
    };
    auto options = std::make_shared<Options>();
    auto arguments = std::make_shared<ImportArguments>();
    auto* import = parent.add_subcommand(
        "import", "Import responses, one row per respondent (ITEM.current, ITEM[current] or ITEM_current columns)");
    set_example(*import, example);
    import->add_option("CODE", options->code, "The instrument's code")->required();
    add_import_options(*import, *arguments);
    import->add_option("--group", options->group, "The group of rows that have no group column (e.g. ies, jst)");
    import->add_option("--wave", options->wave, "The wave the responses belong to (e.g. 2026)");
    import->callback([&context, options, arguments, kind] {
        std::unique_ptr<survey::Instrument> instrument;
    run_import(context, *arguments, [&](store::Store& store) {
        instrument = std::make_unique<survey::Instrument>(survey::stored_instrument(store, options->code, kind));
        survey::ImportSettings settings;
        if (!options->group.empty()) {
            settings.group = options->group;
        }
        settings.wave = options->wave;
        return survey::response_sink(store, *instrument, settings);
    });
});
}  // namespace

void set_export(CLI::App& parent, Context& context, survey::Kind kind, const std::string& example)
{
    auto code = std::make_shared<std::string>();
    auto selection = std::make_shared<SelectionOptions>();
    auto* exported = parent.add_subcommand("export", "The pseudonymised responses, in the columns an import takes");
    set_example(*exported, example);
    exported->add_option("CODE", *code, "The instrument's code")->required();
    add_selection_options(*exported, *selection);
    exported->callback([&context, code, selection, kind] {
        auto& store = context.store();
        const auto instrument = survey::stored_instrument(store, *code, kind);
        context.emit(survey::export_responses(store, instrument, selection->selection(), context.lang()),
                     export_formats);
    });
}

}  // namespace toro::cli

survey::Selection SelectionOptions::selection() const
{
    survey::Selection selection;
    if (!wave.empty()) {
        selection.wave = wave;
    }
    if (!group.empty()) {
        selection.group = group;
    }
    return selection;
}

void add_selection_options(CLI::App& command, SelectionOptions& options)
{
    command.add_option("--wave", options.wave, "Only this wave (default: every wave)");
    command.add_option("--group", options.group, "Only this group of respondents (default: every group)");
}

void add_instrument_commands(CLI::App& parent, Context& context, survey::Kind kind, const InstrumentExamples& examples)
{
    set_create(parent, context, kind, examples.create);
    set_list(parent, context, kind, examples.list);
    set_show(parent, context, kind, examples.show);
    set_import(parent, context, kind, examples.import);
    set_export(parent, context, kind, examples.export_);
}

}  // namespace toro::cli
