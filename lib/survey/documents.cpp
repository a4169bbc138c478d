#include "survey/documents.hpp"

#include "stats/stats.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <string_view>

namespace toro::survey {
namespace {

render::Column column(Lang lang, const char* key)
{
    return {key, say(lang, Key::composed(std::string("column.") + key))};
}

render::Cell rank_cell(const std::optional<int>& rank)
{
    return rank ? render::Cell(std::int64_t{*rank}) : render::Cell();
}

render::Table areas_table(const GapAnalysis& analysis, Lang lang)
{
    render::Table table;
    table.name = "areas";
    table.title = say(lang, "survey.gaps.section.areas");
    table.columns = {column(lang, "area"),         column(lang, "name"),          column(lang, "n"),
                     column(lang, "mean_current"), column(lang, "mean_required"), column(lang, "mean_gap"),
                     column(lang, "mwds"),         column(lang, "rank"),          column(lang, "alpha")};
    for (const auto& area : analysis.areas) {
        table.rows.push_back({area.area, area.name, static_cast<std::int64_t>(area.n), number_cell(area.mean_current),
                              number_cell(area.mean_required), number_cell(area.mean_gap), number_cell(area.mwds),
                              rank_cell(area.rank), alpha_cell(area.alpha, area.items, area.n)});
    }
    return table;
}

render::Table items_table(const GapAnalysis& analysis, Lang lang)
{
    render::Table table;
    table.name = "items";
    table.title = say(lang, "survey.gaps.section.items");
    table.columns = {column(lang, "item"),         column(lang, "area"),          column(lang, "n"),
                     column(lang, "mean_current"), column(lang, "mean_required"), column(lang, "mean_gap"),
                     column(lang, "mwds"),         column(lang, "rank")};
    for (const auto& item : analysis.items) {
        table.rows.push_back({item.item, item.area, static_cast<std::int64_t>(item.n), number_cell(item.mean_current),
                              number_cell(item.mean_required), number_cell(item.mean_gap), number_cell(item.mwds),
                              rank_cell(item.rank)});
    }
    return table;
}

render::Table compare_table(const GapAnalysis& analysis, Lang lang)
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
render::Chart levels_chart(const GapAnalysis& analysis, Lang lang)
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
render::Chart importance_gap_chart(const GapAnalysis& analysis, Lang lang)
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

render::Cell text_or_empty(const std::string& text)
{
    return text.empty() ? render::Cell() : render::Cell(text);
}

// Each criterion's mean score per group with its 95 % interval.
render::Chart means_chart(const StudySummary& summary, Lang lang)
{
    render::Chart chart;
    chart.kind = render::Chart::Kind::interval;
    chart.title = say(lang, "evaluate.summary.chart.means");
    std::vector<std::string> criteria;
    std::vector<std::string> groups;
    for (const auto& each : summary.criteria) {
        if (std::find(criteria.begin(), criteria.end(), each.criterion) == criteria.end()) {
            criteria.push_back(each.criterion);
            chart.categories.push_back(render::term("evaluation.criterion.", each.criterion).words.text(lang));
        }
        if (std::find(groups.begin(), groups.end(), each.group) == groups.end()) {
            groups.push_back(each.group);
        }
    }
    for (const auto& group : groups) {
        render::Series series{render::term("evaluation.group.", group).words.text(lang), {}};
        for (const auto& criterion : criteria) {
            const auto found = std::find_if(summary.criteria.begin(), summary.criteria.end(), [&](const auto& each) {
                return each.criterion == criterion && each.group == group;
            });
            const bool there = found != summary.criteria.end();
            series.values.push_back(there ? found->mean : std::nan(""));
            series.low.push_back(there ? found->ci_low : std::nan(""));
            series.high.push_back(there ? found->ci_high : std::nan(""));
        }
        chart.series.push_back(std::move(series));
    }
    return chart;
}

render::Term criterion_term(const std::string& criterion)
{
    return render::term("evaluation.criterion.", criterion);
}

render::Term group_term(const std::string& group)
{
    return render::term("evaluation.group.", group);
}

render::Table make_table(const char* name, Lang lang, std::initializer_list<const char*> keys)
{
    render::Table table;
    table.name = name;
    table.title = say(lang, Key::composed(std::string("evaluate.summary.section.") + name));
    for (const auto* key : keys) {
        table.columns.push_back({key, say(lang, Key::composed(std::string("column.") + key))});
        table.columns.back().p_value = std::string_view(key) == "p" || std::string_view(key) == "p_holm";
    }
    return table;
}

}  // namespace

render::Document instrument_document(const Instrument& instrument, Lang lang)
{
    render::Document document;
    document.title = instrument.title;
    document.shape = render::Shape::sections;
    render::Table head;
    head.name = "instrument";
    head.record = true;
    head.columns = {column(lang, "code"), column(lang, "kind"), column(lang, "title"), column(lang, "scale"),
                    column(lang, "groups")};
    head.rows.push_back({instrument.code, render::term("survey.kind.", std::string(kind_name(instrument.kind))),
                         instrument.title, fmt::format("{}–{}", instrument.scale.min, instrument.scale.max),
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
    items.columns = {column(lang, "code"), column(lang, "area"), column(lang, "criterion"),
                     column(lang, "type"), column(lang, "text"), column(lang, "options")};
    for (const auto& item : instrument.items) {
        items.rows.push_back(
            {item.code, text_or_empty(item.area),
             item.criterion.empty() ? render::Cell()
                                    : render::Cell(render::term("evaluation.criterion.", item.criterion)),
             render::term("survey.item_type.", std::string(type_name(item.type))), item.text, item.options});
    }
    document.tables.push_back(std::move(items));
    render::set_json(document, instrument);
    return document;
}

render::Document instruments_document(const std::vector<InstrumentSummary>& instruments, Lang lang)
{
    render::Document document;
    document.title = say(lang, "survey.instruments.title");
    render::Table table;
    table.name = "instruments";
    table.columns = {column(lang, "code"), column(lang, "title"), column(lang, "areas"), column(lang, "items"),
                     column(lang, "responses")};
    for (const auto& each : instruments) {
        table.rows.push_back({each.code, each.title, each.areas, each.items, each.responses});
    }
    document.tables.push_back(std::move(table));
    return document;
}

render::Document gaps_document(const Instrument& instrument, const Selection& selection, const GapAnalysis& analysis,
                               const std::string& by, bool compared, Lang lang)
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
    render::set_json(document, GapReport{instrument, selection, analysis, compared});
    return document;
}

render::Document plan_document(const Instrument& instrument, const Selection& selection, const TrainingPlan& plan,
                               Lang lang)
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
    for (const auto& area : plan.areas) {
        areas.rows.push_back({std::int64_t{area.rank}, area.area, area.name, number_cell(area.mwds),
                              number_cell(area.mean_gap), static_cast<std::int64_t>(area.n),
                              static_cast<std::int64_t>(area.need), area.modules});
    }
    render::Table modules;
    modules.name = "modules";
    modules.title = say(lang, "survey.plan.section.modules");
    for (const auto* key : {"module", "title", "hours", "areas", "need"}) {
        modules.columns.push_back(column(lang, key));
    }
    for (const auto& module : plan.modules) {
        modules.rows.push_back(
            {module.code, module.title, module.hours, module.areas, static_cast<std::int64_t>(module.need)});
    }
    document.tables.push_back(std::move(areas));
    document.tables.push_back(std::move(modules));
    render::set_json(document, PlanReport{instrument, selection, plan});
    return document;
}

render::Document summary_document(const Instrument& instrument, const StudySummary& summary, Lang lang)
{
    render::Document document;
    document.title = say(lang, "evaluate.summary.title", {{"title", instrument.title}});
    document.shape = render::Shape::sections;

    auto criteria =
        make_table("criteria", lang, {"criterion", "group", "n", "mean", "sd", "ci_low", "ci_high", "median"});
    for (const auto& each : summary.criteria) {
        criteria.rows.push_back({criterion_term(each.criterion), group_term(each.group),
                                 static_cast<std::int64_t>(each.n), number_cell(each.mean), number_cell(each.sd),
                                 number_cell(each.ci_low), number_cell(each.ci_high), number_cell(each.median)});
    }
    auto alpha = make_table("alpha", lang, {"criterion", "k", "n", "alpha"});
    for (const auto& each : summary.alpha) {
        alpha.rows.push_back({criterion_term(each.criterion), static_cast<std::int64_t>(each.k),
                              static_cast<std::int64_t>(each.n), alpha_cell(each.alpha, each.k, each.n)});
    }
    auto kruskal = make_table("kruskal", lang, {"criterion", "h", "df", "p"});
    for (const auto& each : summary.kruskal) {
        kruskal.rows.push_back({criterion_term(each.criterion), number_cell(each.h), static_cast<std::int64_t>(each.df),
                                number_cell(each.p)});
    }
    auto pairwise = make_table("pairwise", lang, {"criterion", "group_a", "group_b", "u", "p", "p_holm"});
    for (const auto& each : summary.pairwise) {
        pairwise.rows.push_back({criterion_term(each.criterion), group_term(each.group_a), group_term(each.group_b),
                                 number_cell(each.u), number_cell(each.p), number_cell(each.p_holm)});
    }
    auto nps = make_table("nps", lang, {"n", "promoters", "passives", "detractors", "nps"});
    nps.record = true;
    if (summary.nps) {
        nps.rows.push_back({static_cast<std::int64_t>(summary.nps->n),
                            static_cast<std::int64_t>(summary.nps->promoters),
                            static_cast<std::int64_t>(summary.nps->passives),
                            static_cast<std::int64_t>(summary.nps->detractors), number_cell(summary.nps->nps)});
    }
    auto choices = make_table("choices", lang, {"item", "group", "answer", "count"});
    for (const auto& each : summary.choices) {
        choices.rows.push_back({each.item, group_term(each.group), each.answer, static_cast<std::int64_t>(each.count)});
    }
    auto texts = make_table("texts", lang, {"item", "group", "answer"});
    for (const auto& each : summary.texts) {
        texts.rows.push_back({each.item, group_term(each.group), each.answer});
    }
    for (auto* table : {&criteria, &alpha, &kruskal, &pairwise, &nps, &choices, &texts}) {
        if (!table->rows.empty()) {
            document.tables.push_back(std::move(*table));
        }
    }
    document.charts.push_back(means_chart(summary, lang));
    render::set_json(document, SummaryReport{instrument, summary});
    return document;
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
    const Key reason = items < 2         ? Key("stats.alpha.one_item")
                       : respondents < 2 ? Key("stats.alpha.too_few")
                                         : Key("stats.alpha.no_variance");
    return render::Term{"", Message(reason, {{"items", items}})};
}

}  // namespace toro::survey
