// create, list, show, import and export over instruments, for `toro survey` and `toro evaluate`.

#include "instrument_commands.hpp"

#include "commands.hpp"
#include "import_command.hpp"

#include "survey/catalogue.hpp"

#include <fmt/format.h>

#include <cmath>

namespace toro::cli {
namespace {

render::Column column(Lang lang, const char* key)
{
    return {key, say(lang, Key::composed(std::string("column.") + key))};
}

constexpr auto listing_formats = {render::Format::table, render::Format::csv, render::Format::tsv,
                                  render::Format::json,  render::Format::jsonl, render::Format::md};
constexpr auto export_formats = {render::Format::table, render::Format::csv,  render::Format::tsv,
                                 render::Format::json,  render::Format::jsonl, render::Format::xlsx};

render::Cell text_or_empty(const std::string& text)
{
    return text.empty() ? render::Cell() : render::Cell(text);
}

nlohmann::ordered_json text_or_null(const std::string& text)
{
    return text.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(text);
}

nlohmann::ordered_json instrument_json(const survey::Instrument& instrument)
{
    nlohmann::ordered_json areas = nlohmann::ordered_json::array();
    for (const auto& area : instrument.areas) {
        areas.push_back({{"code", area.code}, {"name", area.name}});
    }
    nlohmann::ordered_json items = nlohmann::ordered_json::array();
    for (const auto& item : instrument.items) {
        items.push_back({{"code", item.code},
                         {"area", text_or_null(item.area)},
                         {"criterion", text_or_null(item.criterion)},
                         {"type", survey::type_name(item.type)},
                         {"text", item.text},
                         {"options", item.options}});
    }
    return {{"code", instrument.code},
            {"kind", survey::kind_name(instrument.kind)},
            {"title", instrument.title},
            {"scale",
             {{"min", instrument.scale.min}, {"max", instrument.scale.max}, {"labels", instrument.scale.labels}}},
            {"groups", instrument.groups},
            {"areas", areas},
            {"items", items}};
}

render::Document show_document(const survey::Instrument& instrument, Lang lang)
{
    render::Document document;
    document.title = instrument.title;
    document.shape = render::Shape::sections;
    render::Table head;
    head.name = "instrument";
    head.record = true;
    head.columns = {column(lang, "code"),
                    column(lang, "kind"),
                    column(lang, "title"),
                    column(lang, "scale"),
                    column(lang, "groups")};
    head.rows.push_back({instrument.code, render::term("survey.kind.", std::string(survey::kind_name(instrument.kind))),
                         instrument.title,
                         fmt::format("{}–{}", instrument.scale.min, instrument.scale.max),
                         render::term_list("evaluation.group.", instrument.groups)});
    document.tables.push_back(std::move(head));
    if (!instrument.areas.empty()) {
        render::Table areas;
        areas.name = "areas";
        areas.title = say(lang, "survey.show.section.areas");
        areas.columns = {column(lang, "code"), column(lang, "name")};
        for (const auto& area : instrument.areas) {
            areas.rows.push_back({area.code, area.name});
        }
        document.tables.push_back(std::move(areas));
    }
    render::Table items;
    items.name = "items";
    items.title = say(lang, "survey.show.section.items");
    items.columns = {column(lang, "code"),          column(lang, "area"),
                     column(lang, "criterion"), column(lang, "type"),
                     column(lang, "text"),           column(lang, "options")};
    for (const auto& item : instrument.items) {
        items.rows.push_back({item.code, text_or_empty(item.area),
                              item.criterion.empty() ? render::Cell()
                                                     : render::Cell(render::term("evaluation.criterion.", item.criterion)),
                              render::term("survey.item_type.", std::string(survey::type_name(item.type))), item.text,
                              item.options});
    }
    document.tables.push_back(std::move(items));
    document.json = instrument_json(instrument);
    return document;
}

void set_create(CLI::App& parent, Context& context, survey::Kind kind, const std::string& example)
{
    struct Options {
        std::string file;
        bool replace = false;
    };
    auto options = std::make_shared<Options>();
    auto* create = parent.add_subcommand("create", fmt::format("Load a {} instrument from a TOML file",
                                                               survey::kind_name(kind)));
    set_example(*create, example);
    create->add_option("FILE", options->file, "The instrument's TOML file (schemas/instrument.schema.json)")
        ->required();
    create->add_flag("--replace", options->replace,
                     "Load a new version over one with the same code (only while it has no responses)");
    create->callback([&context, options, kind] {
        context.add_input(options->file);
        const auto instrument = survey::load_instrument(options->file);
        if (instrument.kind != kind) {
            throw Error(Exit::data, options->file,
                        Message("instrument.load_elsewhere",
                                {{"kind", Message(Key::composed("survey.kind." + std::string(survey::kind_name(instrument.kind))))},
                                 {"code", std::string(survey::kind_name(instrument.kind))},
                                 {"command", instrument.kind == survey::Kind::competency ? "survey create" : "evaluate create"}}));
        }
        auto& store = context.store(true);
        store::WriteTransaction transaction(store);
        const auto saved = survey::save_instrument(store, instrument, options->replace);
        transaction.commit();
        context.note(Message(saved == survey::Saved::inserted ? Key("instrument.loaded") : Key("instrument.replaced"),
                             {{"code", instrument.code},
                              {"areas", instrument.areas.size()},
                              {"items", instrument.items.size()}}));
    });
}

void set_list(CLI::App& parent, Context& context, survey::Kind kind, const std::string& example)
{
    auto* list = parent.add_subcommand("list", fmt::format("The {} instruments loaded", survey::kind_name(kind)));
    set_example(*list, example);
    list->callback([&context, kind] {
        const auto lang = context.lang();
        render::Document document;
        document.title = say(lang, "survey.instruments.title");
        render::Table table;
        table.name = "instruments";
        table.columns = {column(lang, "code"),   column(lang, "title"),
                         column(lang, "areas"), column(lang, "items"),
                         column(lang, "responses")};
        for (const auto& each : survey::list_instruments(context.store(), kind)) {
            table.rows.push_back({each.code, each.title, each.areas, each.items, each.responses});
        }
        document.tables.push_back(std::move(table));
        context.emit(document, listing_formats);
    });
}

void set_show(CLI::App& parent, Context& context, survey::Kind kind, const std::string& example)
{
    auto code = std::make_shared<std::string>();
    auto* show = parent.add_subcommand("show", "One instrument: scale, groups, areas and items");
    set_example(*show, example);
    show->add_option("CODE", *code, "The instrument's code")->required();
    show->callback([&context, code, kind] {
        context.emit(show_document(survey::stored_instrument(context.store(), *code, kind), context.lang()),
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
}

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
        render::Document document;
        document.title = instrument.title;
        document.tables.push_back(survey::export_responses(store, instrument, selection->selection(), context.lang()));
        context.emit(document, export_formats);
    });
}

} // namespace

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

render::Cell number_cell(double value)
{
    return std::isnan(value) ? render::Cell() : render::Cell(value);
}

render::Cell alpha_cell(double alpha, std::size_t items, std::size_t respondents)
{
    if (!std::isnan(alpha)) {
        return alpha;
    }
    const Key reason = items < 2 ? Key("stats.alpha.one_item")
                       : respondents < 2 ? Key("stats.alpha.too_few")
                                         : Key("stats.alpha.no_variance");
    return render::Term{"", Message(reason, {{"items", items}})};
}

nlohmann::ordered_json number_json(double value)
{
    return std::isfinite(value) ? nlohmann::ordered_json(value) : nlohmann::ordered_json();
}

void add_instrument_commands(CLI::App& parent, Context& context, survey::Kind kind,
                             const InstrumentExamples& examples)
{
    set_create(parent, context, kind, examples.create);
    set_list(parent, context, kind, examples.list);
    set_show(parent, context, kind, examples.show);
    set_import(parent, context, kind, examples.import);
    set_export(parent, context, kind, examples.export_);
}

} // namespace toro::cli
