#include "evaluation/documents.hpp"

#include <fmt/format.h>

#include <cmath>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace toro::evaluation {
namespace {

render::Cell fraction_cell(const std::optional<double>& value)
{
    return value ? render::Cell(render::Fraction{*value}) : render::Cell();
}

render::Cell number_cell(double value)
{
    return std::isfinite(value) ? render::Cell(value) : render::Cell();
}

render::Column column(Lang lang, const char* key)
{
    return {key, say(lang, Key::composed(std::string("column.") + key))};
}

// The cells shown on many rows of the evaluation's tables, each made once: a venture's on each
// of its indicator lines and flags (which follow one another), and the same few indicators,
// kinds and statuses on every venture's.
class SharedCells {
public:
    explicit SharedCells(const registry::Names& names) : m_names(names) {}

    const render::Cell& venture(const std::string& code)
    {
        if (std::holds_alternative<std::monostate>(m_venture) || m_venture_code != code) {
            m_venture_code = code;
            m_venture = m_names.venture_cell(code);
        }
        return m_venture;
    }
    template <typename Make> const render::Cell& shared(const std::string& key, Make make)
    {
        auto found = m_cells.find(key);
        if (found == m_cells.end()) {
            found = m_cells.emplace(key, make()).first;
        }
        return found->second;
    }

private:
    const registry::Names& m_names;
    std::string m_venture_code;
    render::Cell m_venture;
    std::map<std::string, render::Cell> m_cells;
};

// The title and the shape of `evaluate ventures`, with its JSON.
render::Document ventures_head(const VenturesEvaluation& model, Lang lang)
{
    render::Document document;
    const std::string shown = model.scope.period ? model.scope.period->to_string()
                                                 : say(lang, "evaluate.title.year", {{"year", *model.scope.year}});
    document.title = say(lang, "evaluate.title", {{"scope", shown}, {"as_of", model.as_of}});
    document.shape = render::Shape::sections;
    render::set_json(document, model);  // html and xlsx take their facts from it
    return document;
}

// The tables and the chart of the evaluation, for the formats that show them. The rows of the
// ventures, indicators and flags are made as the writer asks for them, from `model` and
// `names`, which must outlive the document's rendering.
void add_ventures_tables(render::Document& document, const VenturesEvaluation& model, Lang lang,
                         const registry::Names& names)
{
    render::Table ventures;
    ventures.name = "ventures";
    ventures.listing = true;  // in ranking order: the html shows the top of it
    ventures.title = say(lang, "evaluate.section.ventures");
    for (const char* key : {"rank", "code", "org", "period", "completeness", "timeliness", "pace", "budget_execution",
                            "mean_achievement", "main_result", "cost_per_unit", "score"}) {
        ventures.columns.push_back(column(lang, std::string_view(key) == "code" ? "venture" : key));
        ventures.columns.back().key = key;
    }
    auto venture_cells = std::make_shared<SharedCells>(names);
    ventures.made_rows = model.ventures.size();
    ventures.make_row = [&model, &names, venture_cells](std::size_t i, render::Row& row) {
        const auto& venture = model.ventures[i];
        row.insert(row.end(),
                   {venture.rank ? render::Cell(*venture.rank) : render::Cell(), venture_cells->venture(venture.code),
                    names.org_cell(venture.org), venture.period, render::Fraction{venture.completeness},
                    render::Fraction{venture.timeliness}, render::Fraction{venture.pace},
                    fraction_cell(venture.budget_execution), fraction_cell(venture.mean_achievement),
                    venture.main_result
                        ? venture_cells->shared("indicator " + *venture.main_result,
                                                [&] { return names.indicator_cell(*venture.main_result); })
                        : render::Cell(),
                    venture.cost_per_unit ? render::Cell(*venture.cost_per_unit) : render::Cell(),
                    fraction_cell(venture.score)});
    };
    document.tables.push_back(std::move(ventures));

    render::Table indicators;
    indicators.name = "indicators";
    indicators.listing = true;  // a line per venture and indicator: html shows the first, xlsx and csv all
    indicators.title = say(lang, "evaluate.section.indicators");
    for (const char* key : {"venture", "indicator", "kind", "baseline", "target", "actual", "achievement", "status"}) {
        indicators.columns.push_back(column(lang, key));
    }
    // Each line by its venture and indicator, in the ventures' order.
    auto lines = std::make_shared<std::vector<std::pair<std::uint32_t, std::uint32_t>>>();
    for (std::size_t v = 0; v < model.ventures.size(); ++v) {
        for (std::size_t i = 0; i < model.ventures[v].indicators.size(); ++i) {
            lines->emplace_back(static_cast<std::uint32_t>(v), static_cast<std::uint32_t>(i));
        }
    }
    auto indicator_cells = std::make_shared<SharedCells>(names);
    indicators.made_rows = lines->size();
    indicators.make_row = [&model, &names, lines, indicator_cells](std::size_t i, render::Row& row) {
        const auto [v, k] = (*lines)[i];
        const auto& venture = model.ventures[v];
        const auto& indicator = venture.indicators[k];
        auto& cells = *indicator_cells;
        row.insert(
            row.end(),
            {cells.venture(venture.code),
             cells.shared("indicator " + indicator.code, [&] { return names.indicator_cell(indicator.code); }),
             cells.shared("kind " + indicator.kind, [&] { return render::term("indicator.kind.", indicator.kind); }),
             indicator.baseline, indicator.target, indicator.actual, fraction_cell(indicator.achievement),
             indicator.status ? cells.shared("status " + *indicator.status,
                                             [&] { return render::term("indicator.status.", *indicator.status); })
                              : render::Cell()});
    };
    document.tables.push_back(std::move(indicators));

    render::Table flags;
    flags.name = "flags";
    flags.listing = true;
    flags.title = say(lang, "evaluate.section.flags");
    flags.columns = {column(lang, "kind"), column(lang, "venture"), column(lang, "message")};
    auto flag_cells = std::make_shared<SharedCells>(names);
    flags.made_rows = model.flags.size();
    flags.make_row = [&model, &names, flag_cells](std::size_t i, render::Row& row) {
        const auto& flag = model.flags[i];
        // The message in English with codes for machine formats, in the output language with
        // names for people.
        row.insert(row.end(),
                   {flag_cells->shared("flag " + flag.kind, [&] { return render::term("flag.", flag.kind); }),
                    flag.venture ? flag_cells->venture(*flag.venture) : render::Cell(),
                    render::Term{flag.message.machine_text(), names.named(flag.message)}});
    };
    document.tables.push_back(std::move(flags));

    render::Table weights;
    weights.name = "weights";
    weights.title = say(lang, "evaluate.section.weights");
    weights.record = true;
    weights.columns = {column(lang, "achievement"), column(lang, "completeness"), column(lang, "timeliness"),
                       column(lang, "budget")};
    weights.rows.push_back(
        {model.weights.achievement, model.weights.completeness, model.weights.timeliness, model.weights.budget});
    document.tables.push_back(std::move(weights));

    // A bar a venture reads up to a few dozen; of a city's whole register the chart shows the
    // top of the ranking, and says so (the ventures table holds them all).
    constexpr std::size_t charted_ventures = 60;
    constexpr std::size_t charted_top = 30;
    const bool top_only = model.ventures.size() > charted_ventures;
    render::Chart chart;
    chart.kind = render::Chart::Kind::hbar;
    chart.title =
        top_only ? say(lang, "evaluate.chart.score_top", {{"shown", charted_top}, {"ventures", model.ventures.size()}})
                 : say(lang, "evaluate.chart.score");
    chart.fraction = true;
    render::Series score{say(lang, "column.score"), {}};
    for (const auto& venture : model.ventures) {
        if (top_only && chart.categories.size() == charted_top) {
            break;
        }
        const auto name = fmt::format("{} {}", venture.code, venture.title);
        chart.categories.push_back(venture.rank ? fmt::format("{}. {}", *venture.rank, name) : name);
        score.values.push_back(venture.score.value_or(std::nan("")));
    }
    chart.series = {score};
    document.charts.push_back(std::move(chart));
}

}  // namespace

render::Document ventures_document(const VenturesEvaluation& evaluation, Lang lang, const registry::Names& names)
{
    auto document = ventures_head(evaluation, lang);
    add_ventures_tables(document, evaluation, lang, names);
    return document;
}

render::Document ventures_json_document(const VenturesEvaluation& evaluation, Lang lang)
{
    return ventures_head(evaluation, lang);
}

render::Document training_document(const TrainingEvaluation& evaluation, Lang lang)
{
    render::Document document;
    document.title = say(lang, "evaluate.training.title", {{"code", evaluation.training}, {"title", evaluation.title}});
    document.shape = render::Shape::record;
    render::Table table;
    table.name = "training";
    table.record = true;
    table.columns.push_back(column(lang, "training"));
    for (const char* key :
         {"n", "mean_pre", "mean_post", "mean_gain", "normalized_gain", "t", "df", "p_t", "p_wilcoxon"}) {
        table.columns.push_back({key, say(lang, Key::composed(std::string("evaluate.training.column.") + key))});
    }
    table.columns.push_back(column(lang, "mean_satisfaction"));
    // p-values are written in full for machines; people read three decimals, or "< 0,001".
    auto p_cell = [lang](double p) -> render::Cell {
        if (!std::isfinite(p)) {
            return {};
        }
        return render::Term{fmt::format("{}", p), Message::verbatim(formatter(lang).p_value(p))};
    };
    table.rows.push_back(
        {evaluation.training, static_cast<std::int64_t>(evaluation.n), number_cell(evaluation.mean_pre),
         number_cell(evaluation.mean_post), number_cell(evaluation.mean_gain), number_cell(evaluation.normalized_gain),
         number_cell(evaluation.t),
         std::isfinite(evaluation.df) ? render::Cell(static_cast<std::int64_t>(evaluation.df)) : render::Cell(),
         p_cell(evaluation.p_t), p_cell(evaluation.p_wilcoxon), number_cell(evaluation.mean_satisfaction)});
    document.tables.push_back(std::move(table));
    render::set_json(document, evaluation);
    return document;
}

registry::Names names_for(store::Store& store, const VenturesEvaluation& evaluation)
{
    std::vector<std::string> orgs;
    std::vector<std::string> codes;
    for (const auto& venture : evaluation.ventures) {
        orgs.push_back(venture.org);
        codes.push_back(venture.code);
    }
    return registry::Names::load(store, orgs, codes);
}

}  // namespace toro::evaluation
