// toro survey create | list | show | import | gaps | recommend | export (docs/survey.md).

#include "commands.hpp"
#include "instrument_commands.hpp"

#include "stats/stats.hpp"
#include "survey/catalogue.hpp"
#include "survey/gaps.hpp"

#include <fmt/format.h>

#include <cmath>

namespace toro::cli {
namespace {

render::Column column(Lang lang, const char* key)
{
    return {key, say(lang, Key::composed(std::string("column.") + key))};
}

constexpr auto analysis_formats = {render::Format::table, render::Format::csv, render::Format::tsv,
                                   render::Format::json,  render::Format::jsonl, render::Format::md,
                                   render::Format::html,  render::Format::xlsx};

render::Cell rank_cell(const std::optional<int>& rank)
{
    return rank ? render::Cell(std::int64_t{*rank}) : render::Cell();
}

nlohmann::ordered_json rank_json(const std::optional<int>& rank)
{
    return rank ? nlohmann::ordered_json(*rank) : nlohmann::ordered_json();
}

nlohmann::ordered_json optional_json(const std::optional<std::string>& text)
{
    return text ? nlohmann::ordered_json(*text) : nlohmann::ordered_json();
}

// "A,B": the two groups of --compare.
std::pair<std::string, std::string> parse_compare(const std::string& text)
{
    const auto comma = text.find(',');
    if (comma == std::string::npos || comma == 0 || comma + 1 == text.size() ||
        text.find(',', comma + 1) != std::string::npos) {
        throw Error(Exit::usage, "--compare", Message("survey.compare_shape", {{"text", text}}));
    }
    auto groups = std::make_pair(text.substr(0, comma), text.substr(comma + 1));
    if (groups.first == groups.second) {
        throw Error(Exit::usage, "--compare", Message("survey.compare_same"));
    }
    return groups;
}

nlohmann::ordered_json gaps_json(const survey::Instrument& instrument, const survey::Selection& selection,
                                 const survey::GapAnalysis& analysis, bool compared)
{
    nlohmann::ordered_json items = nlohmann::ordered_json::array();
    for (const auto& item : analysis.items) {
        items.push_back({{"item", item.item},
                         {"area", item.area},
                         {"n", item.n},
                         {"mean_current", number_json(item.mean_current)},
                         {"mean_required", number_json(item.mean_required)},
                         {"mean_gap", number_json(item.mean_gap)},
                         {"mwds", number_json(item.mwds)},
                         {"rank", rank_json(item.rank)}});
    }
    nlohmann::ordered_json areas = nlohmann::ordered_json::array();
    for (const auto& area : analysis.areas) {
        areas.push_back({{"area", area.area},
                         {"n", area.n},
                         {"mean_current", number_json(area.mean_current)},
                         {"mean_required", number_json(area.mean_required)},
                         {"mean_gap", number_json(area.mean_gap)},
                         {"mwds", number_json(area.mwds)},
                         {"rank", rank_json(area.rank)},
                         {"alpha", number_json(area.alpha)}});
    }
    nlohmann::ordered_json json = {{"survey", instrument.code},
                                   {"wave", optional_json(selection.wave)},
                                   {"group", optional_json(selection.group)},
                                   {"items", items},
                                   {"areas", areas}};
    if (compared) {
        nlohmann::ordered_json compare = nlohmann::ordered_json::array();
        for (const auto& each : analysis.compare) {
            compare.push_back({{"area", each.area},
                               {"group_a", each.group_a},
                               {"group_b", each.group_b},
                               {"n_a", each.n_a},
                               {"n_b", each.n_b},
                               {"mean_a", number_json(each.mean_a)},
                               {"mean_b", number_json(each.mean_b)},
                               {"difference", number_json(each.difference)},
                               {"u", number_json(each.u)},
                               {"p", number_json(each.p)}});
        }
        json["compare"] = compare;
    }
    return json;
}

render::Table areas_table(const survey::GapAnalysis& analysis, Lang lang)
{
    render::Table table;
    table.name = "areas";
    table.title = say(lang, "survey.gaps.section.areas");
    table.columns = {column(lang, "area"),
                     column(lang, "name"),
                     column(lang, "n"),
                     column(lang, "mean_current"),
                     column(lang, "mean_required"),
                     column(lang, "mean_gap"),
                     column(lang, "mwds"),
                     column(lang, "rank"),
                     column(lang, "alpha")};
    for (const auto& area : analysis.areas) {
        table.rows.push_back({area.area, area.name, static_cast<std::int64_t>(area.n), number_cell(area.mean_current),
                              number_cell(area.mean_required), number_cell(area.mean_gap), number_cell(area.mwds),
                              rank_cell(area.rank), alpha_cell(area.alpha, area.items, area.n)});
    }
    return table;
}

render::Table items_table(const survey::GapAnalysis& analysis, Lang lang)
{
    render::Table table;
    table.name = "items";
    table.title = say(lang, "survey.gaps.section.items");
    table.columns = {column(lang, "item"),
                     column(lang, "area"),
                     column(lang, "n"),
                     column(lang, "mean_current"),
                     column(lang, "mean_required"),
                     column(lang, "mean_gap"),
                     column(lang, "mwds"),
                     column(lang, "rank")};
    for (const auto& item : analysis.items) {
        table.rows.push_back({item.item, item.area, static_cast<std::int64_t>(item.n), number_cell(item.mean_current),
                              number_cell(item.mean_required), number_cell(item.mean_gap), number_cell(item.mwds),
                              rank_cell(item.rank)});
    }
    return table;
}

render::Table compare_table(const survey::GapAnalysis& analysis, Lang lang)
{
    render::Table table;
    table.name = "compare";
    table.title = say(lang, "survey.gaps.section.compare");
    for (const auto* key : {"area", "group_a", "group_b", "n_a", "n_b", "mean_a", "mean_b", "difference", "u", "p"}) {
        table.columns.push_back(column(lang, key));
    }
    table.columns.back().p_value = true;
    for (const auto& each : analysis.compare) {
        table.rows.push_back({each.area, each.group_a, each.group_b, static_cast<std::int64_t>(each.n_a),
                              static_cast<std::int64_t>(each.n_b), number_cell(each.mean_a), number_cell(each.mean_b),
                              number_cell(each.difference), number_cell(each.u), number_cell(each.p)});
    }
    return table;
}

// Bars of the mean current and required level per area.
render::Chart levels_chart(const survey::GapAnalysis& analysis, Lang lang)
{
    render::Chart chart;
    chart.kind = render::Chart::Kind::bar;
    chart.title = say(lang, "survey.chart.levels");
    render::Series current{say(lang, "column.mean_current"), {}};
    render::Series required{say(lang, "column.mean_required"), {}};
    for (const auto& area : analysis.areas) {
        chart.categories.push_back(area.name.empty() ? area.area : area.name);
        current.values.push_back(area.mean_current);
        required.values.push_back(area.mean_required);
    }
    chart.series = {std::move(current), std::move(required)};
    return chart;
}

// Each item's importance (mean required level) against its gap, split at their means: the
// items top right matter most and are lacking most.
render::Chart importance_gap_chart(const survey::GapAnalysis& analysis, Lang lang)
{
    render::Chart chart;
    chart.kind = render::Chart::Kind::scatter;
    chart.title = say(lang, "survey.chart.importance_gap");
    chart.x_title = say(lang, "column.mean_required");
    chart.y_title = say(lang, "column.mean_gap");
    render::Series importance{say(lang, "column.mean_required"), {}};
    render::Series gap{say(lang, "column.mean_gap"), {}};
    std::vector<double> defined_importance;
    std::vector<double> defined_gap;
    for (const auto& item : analysis.items) {
        chart.categories.push_back(item.item);
        importance.values.push_back(item.mean_required);
        gap.values.push_back(item.mean_gap);
        if (!std::isnan(item.mean_required) && !std::isnan(item.mean_gap)) {
            defined_importance.push_back(item.mean_required);
            defined_gap.push_back(item.mean_gap);
        }
    }
    chart.series = {std::move(importance), std::move(gap)};
    if (!defined_gap.empty()) {
        chart.markers = {stats::mean(defined_importance), stats::mean(defined_gap)};
        chart.marker_label = say(lang, "survey.chart.means");
    }
    return chart;
}

render::Document gaps_document(const survey::Instrument& instrument, const survey::Selection& selection,
                               const survey::GapAnalysis& analysis, const std::string& by, bool compared, Lang lang)
{
    render::Document document;
    document.title = say(lang, "survey.gaps.title", {{"title", instrument.title}});
    document.tables.push_back(by == "item" ? items_table(analysis, lang) : areas_table(analysis, lang));
    if (compared) {
        document.tables.push_back(compare_table(analysis, lang));
    }
    document.shape = document.tables.size() > 1 ? render::Shape::sections : render::Shape::list;
    document.charts.push_back(levels_chart(analysis, lang));
    document.charts.push_back(importance_gap_chart(analysis, lang));
    document.json = gaps_json(instrument, selection, analysis, compared);
    return document;
}

render::Document plan_document(const survey::Instrument& instrument, const survey::Selection& selection,
                               const survey::TrainingPlan& plan, Lang lang)
{
    render::Document document;
    document.title = say(lang, "survey.plan.title", {{"title", instrument.title}});
    document.shape = render::Shape::sections;
    render::Table areas;
    areas.name = "areas";
    areas.title = say(lang, "survey.plan.section.areas");
    for (const auto* key : {"rank", "area", "name", "mwds", "mean_gap", "n", "need", "modules"}) {
        areas.columns.push_back(column(lang, key));
    }
    nlohmann::ordered_json areas_json = nlohmann::ordered_json::array();
    for (const auto& area : plan.areas) {
        areas.rows.push_back({std::int64_t{area.rank}, area.area, area.name, number_cell(area.mwds),
                              number_cell(area.mean_gap), static_cast<std::int64_t>(area.n),
                              static_cast<std::int64_t>(area.need), area.modules});
        areas_json.push_back({{"rank", area.rank},
                              {"area", area.area},
                              {"name", area.name},
                              {"mwds", number_json(area.mwds)},
                              {"mean_gap", number_json(area.mean_gap)},
                              {"n", area.n},
                              {"need", area.need},
                              {"modules", area.modules}});
    }
    render::Table modules;
    modules.name = "modules";
    modules.title = say(lang, "survey.plan.section.modules");
    for (const auto* key : {"module", "title", "hours", "areas", "need"}) {
        modules.columns.push_back(column(lang, key));
    }
    nlohmann::ordered_json modules_json = nlohmann::ordered_json::array();
    for (const auto& module : plan.modules) {
        modules.rows.push_back(
            {module.code, module.title, module.hours, module.areas, static_cast<std::int64_t>(module.need)});
        modules_json.push_back({{"module", module.code},
                                {"title", module.title},
                                {"hours", module.hours},
                                {"areas", module.areas},
                                {"need", module.need}});
    }
    document.tables.push_back(std::move(areas));
    document.tables.push_back(std::move(modules));
    document.json = nlohmann::ordered_json{{"survey", instrument.code},
                                           {"wave", optional_json(selection.wave)},
                                           {"group", optional_json(selection.group)},
                                           {"threshold", plan.threshold},
                                           {"areas", areas_json},
                                           {"modules", modules_json}};
    return document;
}

void set_gaps(CLI::App& survey, Context& context)
{
    struct Options {
        std::string code;
        SelectionOptions selection;
        std::string by = "area";
        std::string compare;
    };
    auto options = std::make_shared<Options>();
    auto* gaps = survey.add_subcommand("gaps", "Competency gaps per area or item: means, MWDS, rank, Cronbach's α");
    set_example(*gaps, "toro survey gaps KOMP-2026 --compare ies,jst --format html -o gaps.html");
    gaps->add_option("CODE", options->code, "The instrument's code")->required();
    add_selection_options(*gaps, options->selection);
    gaps->add_option("--by", options->by, "The table for people and CSV: area (default) or item")
        ->check(CLI::IsMember({"area", "item"}));
    gaps->add_option("--compare", options->compare, "Two groups side by side per area, e.g. ies,jst");
    gaps->callback([&context, options] {
        std::optional<std::pair<std::string, std::string>> compare;
        if (!options->compare.empty()) {
            if (!options->selection.group.empty()) {
                throw Error(Exit::usage, "--compare", Message("survey.compare_with_group"));
            }
            compare = parse_compare(options->compare);
        }
        auto& store = context.store();
        const auto instrument = survey::stored_instrument(store, options->code, survey::Kind::competency);
        const auto selection = options->selection.selection();
        if (compare) {
            for (const auto& group : {compare->first, compare->second}) {
                if (!instrument.groups.empty() &&
                    std::find(instrument.groups.begin(), instrument.groups.end(), group) == instrument.groups.end()) {
                    throw Error(Exit::usage, "--compare",
                                Message("survey.compare_unknown_group",
                                        {{"group", group},
                                         {"code", instrument.code},
                                         {"groups", fmt::format("{}", fmt::join(instrument.groups, ", "))}}));
                }
            }
        }
        const auto answers = survey::load_answers(store, instrument, selection);
        const auto analysis = survey::analyse_gaps(instrument, answers, compare);
        context.emit(gaps_document(instrument, selection, analysis, options->by, compare.has_value(), context.lang()),
                     analysis_formats);
    });
}

void set_recommend(CLI::App& survey, Context& context)
{
    struct Options {
        std::string code;
        SelectionOptions selection;
    };
    auto options = std::make_shared<Options>();
    auto* recommend = survey.add_subcommand(
        "recommend", "The training plan: areas above the gap threshold, their modules, who needs them");
    set_example(*recommend, "toro survey recommend KOMP-2026 --group ies --format md");
    recommend->add_option("CODE", options->code, "The instrument's code")->required();
    add_selection_options(*recommend, options->selection);
    recommend->callback([&context, options] {
        auto& store = context.store();
        const auto instrument = survey::stored_instrument(store, options->code, survey::Kind::competency);
        const auto selection = options->selection.selection();
        const auto answers = survey::load_answers(store, instrument, selection);
        const auto analysis = survey::analyse_gaps(instrument, answers, std::nullopt);
        const auto plan = survey::recommend(instrument, answers, analysis, context.config());
        context.emit(plan_document(instrument, selection, plan, context.lang()), analysis_formats);
    });
}

} // namespace

void set_survey_command(CLI::App& app, Context& context)
{
    auto* survey = app.add_subcommand("survey", "Competency-gap surveys: instruments, responses, gaps, training plan");
    survey->require_subcommand(1);
    set_example(*survey, "toro survey gaps KOMP-2026 --compare ies,jst");
    add_instrument_commands(*survey, context, survey::Kind::competency,
                            {"toro survey create komp-2027.toml",
                             "toro survey list",
                             "toro survey show KOMP-2026 --format json",
                             "toro survey import KOMP-2026 limesurvey.csv --group ies --wave 2026",
                             "toro survey export KOMP-2026 --format csv -o responses.csv"});
    set_gaps(*survey, context);
    set_recommend(*survey, context);
}

} // namespace toro::cli
