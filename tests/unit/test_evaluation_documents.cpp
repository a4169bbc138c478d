#include "evaluation/documents.hpp"

#include "test_documents.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <variant>
#include <vector>

// The evaluation documents built from small models, with no store: which tables and columns
// each shows, what people and machines read in a cell, and the chart of the scores.

using namespace toro;
using namespace toro::test;
using namespace toro::evaluation;

namespace {

// Two ventures of October 2026: V-1 ranked first with two indicators, V-2 without a score (so
// unranked) and without indicators, flagged for its missing report.
VenturesEvaluation small_evaluation()
{
    VenturesEvaluation evaluation;
    evaluation.scope.period = Period::from_ym(2026, 10);
    evaluation.as_of = Date::from_ymd(2026, 11, 11);
    VentureResult first;
    first.code = "V-1";
    first.title = "First";
    first.org = "ORG-001";
    first.period = Period::from_ym(2026, 10);
    first.completeness = 1;
    first.timeliness = 1;
    first.pace = 0.5;
    first.budget_execution = 0.4;
    first.indicators = {{"participants", "result", 0, 100, 50, 0.5, "on_track"},
                        {"meals", "output", 0, 100, 10, 0.1, "behind"}};
    first.mean_achievement = 0.3;
    first.main_result = "participants";
    first.cost_per_unit = Money::from_grosze(20'000);
    first.score = 0.75;
    first.rank = 1;
    VentureResult second;
    second.code = "V-2";
    second.title = "Second";
    second.org = "ORG-002";
    second.period = Period::from_ym(2026, 10);
    second.pace = 0.5;
    evaluation.ventures = {first, second};
    evaluation.flags = {{"missing", "V-2", Message::verbatim("no report")}};
    return evaluation;
}

}  // namespace

TEST_CASE("evaluation::ventures_document: its sections and their columns")
{
    const auto evaluation = small_evaluation();
    const registry::Names names;
    const auto document = ventures_document(evaluation, Lang::en, names);
    CHECK(document.title == "Evaluation of ventures 2026-10 (as of 2026-11-11)");
    CHECK(document.shape == render::Shape::sections);
    CHECK(table_names(document) == std::vector<std::string>{"ventures", "indicators", "flags", "weights"});
    CHECK(column_keys(table_named(document, "ventures")) ==
          std::vector<std::string>{"rank", "code", "org", "period", "completeness", "timeliness", "pace",
                                   "budget_execution", "mean_achievement", "main_result", "cost_per_unit", "score"});
    // The code column is headed as the venture.
    CHECK(table_named(document, "ventures").columns[1].label == "venture");
    CHECK(column_keys(table_named(document, "indicators")) == std::vector<std::string>{"venture", "indicator", "kind",
                                                                                       "baseline", "target", "actual",
                                                                                       "achievement", "status"});
    CHECK(column_keys(table_named(document, "flags")) == std::vector<std::string>{"kind", "venture", "message"});
    CHECK(column_keys(table_named(document, "weights")) ==
          std::vector<std::string>{"achievement", "completeness", "timeliness", "budget"});
    CHECK(table_named(document, "weights").record);
    // The evaluation's JSON, its ventures and flags written from lists.
    REQUIRE(document.json.has_value());
    CHECK((*document.json)["period"] == "2026-10");
    CHECK(document.json_lists.size() == 2);
}

TEST_CASE("evaluation::ventures_document: rows made from the model, codes for machines")
{
    const auto evaluation = small_evaluation();
    const registry::Names names;
    const auto document = ventures_document(evaluation, Lang::en, names);

    const auto& ventures = table_named(document, "ventures");
    CHECK(ventures.listing);
    CHECK(ventures.rows.empty());  // made as a writer reads them, not held
    REQUIRE(render::row_count(ventures) == 2);
    render::RowReader read(ventures);
    const auto first = read(0);
    REQUIRE(first.size() == 12);
    CHECK(std::get<std::int64_t>(first[0]) == 1);
    CHECK(std::get<render::TermRef>(first[1])->code == "V-1");
    CHECK(std::get<render::TermRef>(first[2])->code == "ORG-001");
    CHECK(std::get<Period>(first[3]) == Period::from_ym(2026, 10));
    CHECK(std::get<render::Fraction>(first[7]).value == doctest::Approx(0.4));
    CHECK(std::get<render::TermRef>(first[9])->code == "participants");
    CHECK(std::get<Money>(first[10]) == Money::from_grosze(20'000));
    CHECK(std::get<render::Fraction>(first[11]).value == doctest::Approx(0.75));
    // No score: no rank, and the figures it lacks are empty cells.
    const auto second = read(1);
    CHECK(std::holds_alternative<std::monostate>(second[0]));
    CHECK(std::holds_alternative<std::monostate>(second[7]));
    CHECK(std::holds_alternative<std::monostate>(second[9]));
    CHECK(std::holds_alternative<std::monostate>(second[11]));

    const auto& indicators = table_named(document, "indicators");
    REQUIRE(render::row_count(indicators) == 2);  // V-1's two; V-2 has none
    render::RowReader read_line(indicators);
    const auto meals = read_line(1);
    CHECK(std::get<render::TermRef>(meals[0])->code == "V-1");
    CHECK(std::get<render::TermRef>(meals[1])->code == "meals");
    CHECK(std::get<render::TermRef>(meals[2])->code == "output");
    CHECK(std::get<double>(meals[5]) == 10);
    CHECK(std::get<render::TermRef>(meals[7])->code == "behind");

    const auto& flags = table_named(document, "flags");
    REQUIRE(render::row_count(flags) == 1);
    render::RowReader read_flag(flags);
    const auto flag = read_flag(0);
    CHECK(std::get<render::TermRef>(flag[0])->code == "missing");
    CHECK(std::get<render::TermRef>(flag[1])->code == "V-2");
    CHECK(std::get<render::TermRef>(flag[2])->code == "no report");

    const auto& weights = table_named(document, "weights");
    REQUIRE(weights.rows.size() == 1);
    CHECK(std::get<double>(weights.rows[0][0]) == doctest::Approx(0.4));
}

TEST_CASE("evaluation::ventures_document: the chart of the scores, and of a long ranking its top")
{
    auto evaluation = small_evaluation();
    const registry::Names names;
    {
        const auto document = ventures_document(evaluation, Lang::en, names);
        REQUIRE(document.charts.size() == 1);
        const auto& chart = document.charts.front();
        CHECK(chart.kind == render::Chart::Kind::hbar);
        CHECK(chart.fraction);
        CHECK(chart.title == "Composite score of the ventures");
        CHECK(chart.categories == std::vector<std::string>{"1. V-1 First", "V-2 Second"});
        REQUIRE(chart.series.size() == 1);
        CHECK(chart.series[0].name == "score");
        REQUIRE(chart.series[0].values.size() == 2);
        CHECK(chart.series[0].values[0] == doctest::Approx(0.75));
        CHECK(std::isnan(chart.series[0].values[1]));
    }
    // More than 60 ventures: the first 30 of the ranking, and the title says so.
    const auto second = evaluation.ventures.back();
    evaluation.ventures.assign(61, second);
    const auto document = ventures_document(evaluation, Lang::en, names);
    const auto& chart = document.charts.front();
    CHECK(chart.categories.size() == 30);
    CHECK(chart.title == "Composite score: the first 30 of 61 ventures in the ranking");
    CHECK(render::row_count(table_named(document, "ventures")) == 61);
}

TEST_CASE("evaluation::ventures_json_document: the title and the JSON, no tables")
{
    auto evaluation = small_evaluation();
    evaluation.scope = {std::nullopt, 2025};
    const auto document = ventures_json_document(evaluation, Lang::en);
    CHECK(document.title == "Evaluation of ventures year 2025 (as of 2026-11-11)");
    CHECK(document.tables.empty());
    CHECK(document.charts.empty());
    REQUIRE(document.json.has_value());
    CHECK((*document.json)["year"] == 2025);
    CHECK((*document.json)["period"].is_null());
}

TEST_CASE("evaluation::training_document: one record, p-values in full and in words")
{
    TrainingEvaluation training;
    training.training = "T-2025-01";
    training.title = "Budgeting";
    training.n = 12;
    training.mean_pre = 40;
    training.mean_post = 70;
    training.mean_gain = 30;
    training.normalized_gain = 0.5;
    training.t = 6.5;
    training.df = 11;
    training.p_t = 0.0002;
    training.p_wilcoxon = 0.0234;
    // mean_satisfaction stays NaN: nobody gave a rating.
    const auto document = training_document(training, Lang::pl);
    CHECK(document.shape == render::Shape::record);
    REQUIRE(document.tables.size() == 1);
    const auto& table = document.tables.front();
    CHECK(table.name == "training");
    CHECK(table.record);
    CHECK(column_keys(table) == std::vector<std::string>{"training", "n", "mean_pre", "mean_post", "mean_gain",
                                                         "normalized_gain", "t", "df", "p_t", "p_wilcoxon",
                                                         "mean_satisfaction"});
    REQUIRE(table.rows.size() == 1);
    const auto& row = table.rows[0];
    CHECK(std::get<std::string>(row[0]) == "T-2025-01");
    CHECK(std::get<std::int64_t>(row[1]) == 12);
    CHECK(std::get<double>(row[5]) == doctest::Approx(0.5));
    CHECK(std::get<std::int64_t>(row[7]) == 11);
    CHECK(std::get<render::TermRef>(row[8])->code == "0.0002");
    CHECK(std::get<render::TermRef>(row[8])->words.text(Lang::pl) == "< 0,001");
    CHECK(std::get<render::TermRef>(row[9])->words.text(Lang::pl) == "0,023");
    CHECK(std::holds_alternative<std::monostate>(row[10]));
    REQUIRE(document.json.has_value());
    CHECK((*document.json)["training"] == "T-2025-01");
    CHECK((*document.json)["mean_satisfaction"].is_null());
}
