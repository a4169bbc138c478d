// toro evaluate create | list | show | import | export | summary: evaluation studies among
// users, would-be users and officials (docs/evaluation.md).

#include "commands.hpp"
#include "instrument_commands.hpp"

#include "survey/catalogue.hpp"
#include "survey/study.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace toro::cli {
namespace {

constexpr auto summary_formats = {render::Format::table, render::Format::csv, render::Format::tsv,
                                  render::Format::json,  render::Format::jsonl, render::Format::md,
                                  render::Format::html,  render::Format::xlsx};

nlohmann::ordered_json summary_json(const survey::Instrument& instrument, const survey::StudySummary& summary)
{
    nlohmann::ordered_json json;
    json["study"] = instrument.code;
    json["criteria"] = nlohmann::ordered_json::array();
    for (const auto& each : summary.criteria) {
        json["criteria"].push_back({{"criterion", each.criterion},
                                    {"group", each.group},
                                    {"n", each.n},
                                    {"mean", number_json(each.mean)},
                                    {"sd", number_json(each.sd)},
                                    {"ci_low", number_json(each.ci_low)},
                                    {"ci_high", number_json(each.ci_high)},
                                    {"median", number_json(each.median)}});
    }
    json["alpha"] = nlohmann::ordered_json::array();
    for (const auto& each : summary.alpha) {
        json["alpha"].push_back(
            {{"criterion", each.criterion}, {"k", each.k}, {"n", each.n}, {"alpha", number_json(each.alpha)}});
    }
    json["kruskal"] = nlohmann::ordered_json::array();
    for (const auto& each : summary.kruskal) {
        json["kruskal"].push_back({{"criterion", each.criterion},
                                   {"h", number_json(each.h)},
                                   {"df", each.df},
                                   {"p", number_json(each.p)}});
    }
    json["pairwise"] = nlohmann::ordered_json::array();
    for (const auto& each : summary.pairwise) {
        json["pairwise"].push_back({{"criterion", each.criterion},
                                    {"group_a", each.group_a},
                                    {"group_b", each.group_b},
                                    {"u", number_json(each.u)},
                                    {"p", number_json(each.p)},
                                    {"p_holm", number_json(each.p_holm)}});
    }
    if (summary.nps) {
        json["nps"] = {{"n", summary.nps->n},
                       {"promoters", summary.nps->promoters},
                       {"passives", summary.nps->passives},
                       {"detractors", summary.nps->detractors},
                       {"nps", number_json(summary.nps->nps)}};
    } else {
        json["nps"] = nullptr;
    }
    json["texts"] = nlohmann::ordered_json::array();
    for (const auto& each : summary.texts) {
        json["texts"].push_back({{"item", each.item}, {"group", each.group}, {"answer", each.answer}});
    }
    return json;
}

// Each criterion's mean score per group with its 95 % interval.
render::Chart means_chart(const survey::StudySummary& summary, Lang lang)
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

render::Document summary_document(const survey::Instrument& instrument, const survey::StudySummary& summary,
                                  Lang lang)
{
    render::Document document;
    document.title = say(lang, "evaluate.summary.title", {{"title", instrument.title}});
    document.shape = render::Shape::sections;

    auto criteria = make_table("criteria", lang,
                               {"criterion", "group", "n", "mean", "sd", "ci_low", "ci_high", "median"});
    for (const auto& each : summary.criteria) {
        criteria.rows.push_back({criterion_term(each.criterion), group_term(each.group), static_cast<std::int64_t>(each.n), number_cell(each.mean),
                                 number_cell(each.sd), number_cell(each.ci_low), number_cell(each.ci_high),
                                 number_cell(each.median)});
    }
    auto alpha = make_table("alpha", lang, {"criterion", "k", "n", "alpha"});
    for (const auto& each : summary.alpha) {
        alpha.rows.push_back({criterion_term(each.criterion), static_cast<std::int64_t>(each.k), static_cast<std::int64_t>(each.n),
                              alpha_cell(each.alpha, each.k, each.n)});
    }
    auto kruskal = make_table("kruskal", lang, {"criterion", "h", "df", "p"});
    for (const auto& each : summary.kruskal) {
        kruskal.rows.push_back(
            {criterion_term(each.criterion), number_cell(each.h), static_cast<std::int64_t>(each.df), number_cell(each.p)});
    }
    auto pairwise = make_table("pairwise", lang, {"criterion", "group_a", "group_b", "u", "p", "p_holm"});
    for (const auto& each : summary.pairwise) {
        pairwise.rows.push_back({criterion_term(each.criterion), group_term(each.group_a), group_term(each.group_b), number_cell(each.u), number_cell(each.p),
                                 number_cell(each.p_holm)});
    }
    auto nps = make_table("nps", lang, {"n", "promoters", "passives", "detractors", "nps"});
    nps.record = true;
    if (summary.nps) {
        nps.rows.push_back({static_cast<std::int64_t>(summary.nps->n), static_cast<std::int64_t>(summary.nps->promoters),
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
    document.json = summary_json(instrument, summary);
    return document;
}

void set_summary(CLI::App& evaluate, Context& context)
{
    struct Options {
        std::string code;
        SelectionOptions selection;
    };
    auto options = std::make_shared<Options>();
    auto* summary = evaluate.add_subcommand(
        "summary", "A study's results per criterion and group: means, intervals, α, Kruskal–Wallis, NPS, texts");
    set_example(*summary, "toro evaluate summary EWAL-2026 --format html -o evaluation.html");
    summary->add_option("CODE", options->code, "The study's code")->required();
    summary->add_option("--wave", options->selection.wave, "Only this wave (default: every wave)");
    summary->callback([&context, options] {
        auto& store = context.store();
        const auto instrument = survey::stored_instrument(store, options->code, survey::Kind::evaluation);
        const auto selection = options->selection.selection();
        const auto answers = survey::load_answers(store, instrument, selection);
        const auto texts = survey::load_texts(store, instrument, selection);
        const auto result = survey::summarise_study(instrument, answers, texts);
        context.emit(summary_document(instrument, result, context.lang()), summary_formats);
    });
}

} // namespace

void set_evaluate_study(CLI::App& evaluate, Context& context)
{
    add_instrument_commands(evaluate, context, survey::Kind::evaluation,
                            {"toro evaluate create ewal-2027.toml",
                             "toro evaluate list",
                             "toro evaluate show EWAL-2026",
                             "toro evaluate import EWAL-2026 answers.csv --wave 2026",
                             "toro evaluate export EWAL-2026 --format json -o answers.json"});
    set_summary(evaluate, context);
}

} // namespace toro::cli
