// toro evaluate ventures | training, and the `evaluate` command that also holds
// the evaluation studies; see docs/evaluation.md.

#include "commands.hpp"

#include "core/error.hpp"
#include "evaluation/training.hpp"
#include "evaluation/ventures.hpp"
#include "registry/names.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <memory>
#include <utility>
#include <variant>
#include <vector>

namespace toro::cli {
namespace {

constexpr auto ventures_formats = {render::Format::table, render::Format::csv,  render::Format::json,
                                   render::Format::md,    render::Format::html, render::Format::xlsx};
constexpr auto training_formats = {render::Format::table, render::Format::csv, render::Format::json,
                                   render::Format::md};

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

// The tables and the chart of the evaluation, for the formats that show them. The rows of the
// ventures, indicators and flags are made as the writer asks for them, from `model` and
// `names`, which must outlive the document's rendering.
void add_ventures_tables(render::Document& document, const evaluation::VenturesEvaluation& model, Lang lang,
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

render::Document training_document(const evaluation::TrainingEvaluation& model, Lang lang)
{
    render::Document document;
    document.title = say(lang, "evaluate.training.title", {{"code", model.training}, {"title", model.title}});
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
    table.rows.push_back({model.training, static_cast<std::int64_t>(model.n), number_cell(model.mean_pre),
                          number_cell(model.mean_post), number_cell(model.mean_gain),
                          number_cell(model.normalized_gain), number_cell(model.t),
                          std::isfinite(model.df) ? render::Cell(static_cast<std::int64_t>(model.df)) : render::Cell(),
                          p_cell(model.p_t), p_cell(model.p_wilcoxon), number_cell(model.mean_satisfaction)});
    document.tables.push_back(std::move(table));
    document.json = evaluation::training_json(model);
    return document;
}

void set_evaluate_ventures(CLI::App& evaluate, Context& context)
{
    struct Options {
        int year = 0;
        std::string period;
    };
    auto options = std::make_shared<Options>();
    auto* ventures = evaluate.add_subcommand(
        "ventures", "Score and rank the funded ventures: achievement, cost per unit, reporting, budget");
    set_example(*ventures, "toro evaluate ventures --year 2025 --as-of 2026-02-15 --format xlsx -o ocena-2025.xlsx");
    auto* year = ventures
                     ->add_option("--year", options->year,
                                  "A calendar year: each venture as of its last month in it before --as-of")
                     ->check(CLI::Range(1900, 2999));
    ventures->add_option("--period", options->period, "One month, YYYY-MM (default: the month before --as-of)")
        ->excludes(year);
    ventures->callback([&context, options] {
        evaluation::Scope scope;
        if (options->year != 0) {
            scope.year = options->year;
        } else if (!options->period.empty()) {
            try {
                scope.period = Period::parse(options->period);
            } catch (const InvalidValue& error) {
                throw Error(Exit::usage, "--period", error.words());
            }
        } else {
            scope.period = context.as_of().period().add_months(-1);
        }
        const auto model = evaluation::evaluate_ventures(context.store(), context.config(), scope, context.as_of());
        const auto lang = context.lang();
        registry::Names names;  // before the document, whose rows read it
        render::Document document;
        const std::string shown = model.scope.period ? model.scope.period->to_string()
                                                     : say(lang, "evaluate.title.year", {{"year", *model.scope.year}});
        document.title = say(lang, "evaluate.title", {{"scope", shown}, {"as_of", model.as_of}});
        document.shape = render::Shape::sections;
        evaluation::set_ventures_json(document, model);  // html and xlsx take their facts from it
        if (!render::writes_document_json(context.choose_format(ventures_formats))) {
            std::vector<std::string> orgs;
            std::vector<std::string> codes;
            for (const auto& venture : model.ventures) {
                orgs.push_back(venture.org);
                codes.push_back(venture.code);
            }
            names = registry::Names::load(context.store(), orgs, codes);
            add_ventures_tables(document, model, lang, names);
        }
        context.emit(document, ventures_formats);
    });
}

void set_evaluate_training(CLI::App& evaluate, Context& context)
{
    auto code = std::make_shared<std::string>();
    auto* training = evaluate.add_subcommand(
        "training", "Pre/post results of one training: gains, paired t and Wilcoxon tests, satisfaction");
    set_example(*training, "toro evaluate training T-2025-01 --format json");
    training->add_option("CODE", *code, "The training's code")->required();
    training->callback([&context, code] {
        context.emit(training_document(evaluation::evaluate_training(context.store(), *code), context.lang()),
                     training_formats);
    });
}

}  // namespace

void set_evaluate_command(CLI::App& app, Context& context)
{
    auto* evaluate = app.add_subcommand(
        "evaluate", "Evaluation: funded ventures, trainings, evaluation studies and the offers of an open call");
    evaluate->require_subcommand(1);
    set_example(*evaluate, "toro evaluate ventures --period 2026-10 --format json");
    // Evaluation studies (create, list, show, import, export, summary): cmd_evaluate_study.cpp.
    set_evaluate_study(*evaluate, context);
    set_evaluate_ventures(*evaluate, context);
    set_evaluate_training(*evaluate, context);
    set_evaluate_offers(*evaluate, context);
}

}  // namespace toro::cli
