#include "config/config.hpp"
#include "io/import.hpp"
#include "store/store.hpp"
#include "survey/catalogue.hpp"
#include "survey/gaps.hpp"
#include "survey/responses.hpp"
#include "survey/study.hpp"

#include "test_support.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <fstream>
#include <iterator>
#include <sstream>

using namespace toro;
using namespace toro::survey;

namespace {

constexpr const char* instrument_text = R"(code = "K1"
title = "Test"
kind = "competency"
groups = ["g1", "g2"]
scale = { min = 1, max = 5, labels = ["none", "low", "some", "good", "expert"] }
[[area]]
code = "A"
name = "Area A"
[[area]]
code = "B"
name = "Area B"
[[item]]
code = "a1"
area = "A"
text = "?"
[[item]]
code = "a2"
area = "A"
text = "?"
[[item]]
code = "b1"
area = "B"
text = "?"
[[item]]
code = "notes"
type = "text"
text = "?"
)";

// Three respondents in the three header styles; R2 has no current rating of a2, R3 none of b1.
constexpr const char* responses_csv = "respondent,group,a1.current,a1[required],a2_current,a2.required,b1.current,"
                                      "b1.required,notes\n"
                                      "R-0001,g1,2,4,3,5,4,4,more time\n"
                                      "R-0002,g1,1,5,N/A,4,3,5,\n"
                                      "R-0003,g2,good,4,2,expert,-,,\n";

struct Fixture {
    test::ScratchDir dir;
    store::Store store{[this] {
        store::OpenOptions options;
        options.path = dir / "toro.db";
        options.create = true;
        options.actor = {"tester", "toro survey test", "tester-login"};
        return options;
    }()};
    Instrument instrument;

    Fixture()
    {
        store::WriteTransaction transaction(store);
        save_instrument(store, parse_instrument(instrument_text, "k1.toml"), false);
        transaction.commit();
        instrument = stored_instrument(store, "K1", Kind::competency);
    }

    io::ImportSummary import(const std::string& csv, ImportSettings settings = {})
    {
        store::WriteTransaction transaction(store);
        auto sink = response_sink(store, instrument, std::move(settings));
        auto rows = io::open_rows(std::make_unique<std::istringstream>(csv), "responses.csv", {});
        auto summary = io::run_import(*rows, "responses.csv", *sink, {});
        if (summary.problem_count == 0) {
            transaction.commit();
        }
        return summary;
    }

    std::int64_t count(const std::string& sql) { return store.db().query_integer(sql); }
};

}  // namespace

TEST_CASE("survey::response import")
{
    Fixture f;
    auto summary = f.import(responses_csv);
    CHECK(summary.problem_count == 0);
    CHECK(summary.inserted == 3);
    CHECK(f.count("SELECT count(*) FROM response") == 3);
    // 3 + 3 + 2 ratings rows and one text: R1 a1 a2 b1 notes, R2 a1 a2 b1, R3 a1 a2.
    CHECK(f.count("SELECT count(*) FROM answer") == 9);
    CHECK(f.count("SELECT count(*) FROM answer WHERE value IS NULL AND text IS NULL") == 1);  // R2's a2

    SUBCASE("labels are read as their points; missing answers are not zero")
    {
        CHECK(f.count("SELECT count(*) FROM answer a JOIN instrument_item i ON i.id = a.item WHERE i.code = 'a1' "
                      "AND a.value = 4") == 1);
        CHECK(f.count("SELECT count(*) FROM answer WHERE value = 0 OR required = 0") == 0);
    }

    SUBCASE("the raw respondent id reaches neither the tables, the audit log nor the file")
    {
        CHECK(f.count("SELECT count(*) FROM response WHERE length(respondent) = 64 AND respondent GLOB "
                      "'[0-9a-f]*'") == 3);
        CHECK(f.count("SELECT count(*) FROM audit WHERE ifnull(after, '') LIKE '%R-000%' OR key LIKE '%R-000%' OR "
                      "ifnull(before, '') LIKE '%R-000%'") == 0);
        f.store.db().exec("PRAGMA wal_checkpoint(TRUNCATE)");
        std::ifstream in(f.dir / "toro.db", std::ios::binary);
        const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        CHECK(bytes.find("R-0001") == std::string::npos);
        CHECK(bytes.find("more time") != std::string::npos);  // the file is the one written
    }

    SUBCASE("a second import of the same rows changes nothing; a changed row is updated")
    {
        summary = f.import(responses_csv);
        CHECK(summary.unchanged == 3);
        CHECK(summary.inserted + summary.updated == 0);
        summary = f.import("respondent,group,a1.current\nR-0002,g1,5\n");
        CHECK(summary.updated == 1);
        CHECK(f.count("SELECT count(*) FROM answer") == 7);  // R2 now has a1 current only
    }

    SUBCASE("out of scale, unknown labels, unknown groups, duplicates: every problem with its line")
    {
        summary = f.import("respondent,group,a1.current,a1_current,b1.required\n"
                           "R-1,g1,6,,3\n"
                           "R-2,g3,x,,\n"
                           ",g1,,,\n"
                           "R-4,g2,1,2,\n"
                           "R-5,g2,1,,\n"
                           "R-5,g2,2,,\n");
        std::vector<std::string> seen;
        for (const auto& problem : summary.errors) {
            seen.push_back(std::to_string(problem.line) + " " + problem.field + " " + problem.value);
        }
        CHECK(seen == std::vector<std::string>{"2 a1.current 6", "3 a1.current x", "3 group g3", "4 respondent ",
                                               "5 a1_current ", "7 respondent "});
        CHECK(summary.errors[0].message.text(Lang::en) ==
              "outside the scale: answers are whole numbers from 1 to 5, or empty, N/A or - when missing");
        CHECK(summary.errors[5].message.text(Lang::en) == "this respondent's answers are already on line 6");
    }

    SUBCASE("--group fills rows without a group; a wave keeps its answers apart")
    {
        summary = f.import("respondent,a1.current,a1.required\nR-0001,3,3\n", {std::string("g2"), "2027"});
        CHECK(summary.inserted == 1);
        CHECK(f.count("SELECT count(*) FROM response WHERE wave = '2027' AND grp = 'g2'") == 1);
    }

    SUBCASE("forgetting a person erases their answers and records no id")
    {
        store::WriteTransaction transaction(f.store);
        const auto erased = forget_respondent(f.store, "R-0001");
        transaction.commit();
        CHECK(erased.responses == 1);
        CHECK(f.count("SELECT count(*) FROM response") == 2);
        CHECK(f.count("SELECT count(*) FROM answer") == 5);
        CHECK(f.count("SELECT count(*) FROM audit WHERE entity = 'respondent' AND action = 'forget' AND key = ''") ==
              1);
        CHECK(forget_respondent(f.store, "R-0001").responses == 0);
    }
}

TEST_CASE("survey::analyse_gaps, worked by hand")
{
    Fixture f;
    REQUIRE(f.import(responses_csv).problem_count == 0);
    const auto answers = load_answers(f.store, f.instrument, {});
    REQUIRE(answers.respondents() == 3);
    const auto analysis = analyse_gaps(f.instrument, answers, std::make_pair(std::string("g1"), std::string("g2")));

    // a1: (2,4) (1,5) (4,4): n 3, current 7/3, required 13/3, gap 2, mwds 26/3.
    // a2: (3,5) (2,5): n 2, current 2.5, required 5, gap 2.5, mwds 12.5.
    // b1: (4,4) (3,5): n 2, current 3.5, required 4.5, gap 1, mwds 4.5.
    REQUIRE(analysis.items.size() == 3);
    const auto& a1 = analysis.items[0];
    CHECK(a1.n == 3);
    CHECK(a1.mean_current == doctest::Approx(7.0 / 3));
    CHECK(a1.mean_required == doctest::Approx(13.0 / 3));
    CHECK(a1.mean_gap == doctest::Approx(2.0));
    CHECK(a1.mwds == doctest::Approx(26.0 / 3));
    CHECK(a1.rank == 2);
    CHECK(analysis.items[1].n == 2);
    CHECK(analysis.items[1].mwds == doctest::Approx(12.5));
    CHECK(analysis.items[1].rank == 1);
    CHECK(analysis.items[2].mwds == doctest::Approx(4.5));
    CHECK(analysis.items[2].rank == 3);

    // Area A: the means of a1 and a2; alpha over R1 (2,3) and R3 (4,2): 2 × (1 − 2.5 / 0.5) = −8.
    REQUIRE(analysis.areas.size() == 2);
    const auto& area_a = analysis.areas[0];
    CHECK(area_a.n == 3);
    CHECK(area_a.mean_current == doctest::Approx((7.0 / 3 + 2.5) / 2));
    CHECK(area_a.mean_required == doctest::Approx((13.0 / 3 + 5) / 2));
    CHECK(area_a.mean_gap == doctest::Approx(2.25));
    CHECK(area_a.mwds == doctest::Approx((26.0 / 3 + 12.5) / 2));
    CHECK(area_a.alpha == doctest::Approx(-8.0));
    CHECK(area_a.rank == 1);
    const auto& area_b = analysis.areas[1];
    CHECK(area_b.n == 2);
    CHECK(area_b.mwds == doctest::Approx(4.5));
    CHECK(std::isnan(area_b.alpha));  // one item
    CHECK(area_b.rank == 2);

    // Own gaps in A: R1 2, R2 4 (a1 only), R3 1.5. g1 = {2, 4}, g2 = {1.5}: U of g1 = 5 − 3 = 2;
    // z = (2 − 1 − 0.5) / sqrt(2 · 1 · 4 / 12).
    REQUIRE(analysis.compare.size() == 2);
    const auto& compared = analysis.compare[0];
    CHECK(compared.n_a == 2);
    CHECK(compared.n_b == 1);
    CHECK(compared.mean_a == doctest::Approx(3.0));
    CHECK(compared.mean_b == doctest::Approx(1.5));
    CHECK(compared.difference == doctest::Approx(1.5));
    CHECK(compared.u == doctest::Approx(2.0));
    CHECK(compared.p == doctest::Approx(std::erfc(0.5 / std::sqrt(8.0 / 12) / std::sqrt(2.0))).epsilon(1e-9));
    // Area B: g2 has no complete item there.
    CHECK(analysis.compare[1].n_b == 0);
    CHECK(std::isnan(analysis.compare[1].p));

    SUBCASE("the training plan")
    {
        config::Config config;
        config.training_modules = {{"M1", "One", {"A"}, 8}, {"M2", "Two", {"A", "B"}, 16}, {"M3", "Three", {"C"}, 4}};
        auto plan = recommend(f.instrument, answers, analysis, config);
        REQUIRE(plan.areas.size() == 2);
        CHECK(plan.areas[0].area == "A");
        CHECK(plan.areas[0].need == 3);  // own gaps 2, 4, 1.5 all reach 1
        CHECK(plan.areas[0].modules == std::vector<std::string>{"M1", "M2"});
        CHECK(plan.areas[1].need == 1);     // own gaps in B: 0 and 2
        REQUIRE(plan.modules.size() == 2);  // M3 covers no planned area
        CHECK(plan.modules[0].code == "M1");
        CHECK(plan.modules[0].need == 3);
        CHECK(plan.modules[1].areas == std::vector<std::string>{"A", "B"});

        config.gap_threshold = 5.0;  // only A's MWDS (10.58) is above it; nobody's own gap reaches it
        plan = recommend(f.instrument, answers, analysis, config);
        REQUIRE(plan.areas.size() == 1);
        CHECK(plan.areas[0].need == 0);
    }

    SUBCASE("a group filter reads only that group")
    {
        Selection only_g2;
        only_g2.group = "g2";
        CHECK(load_answers(f.store, f.instrument, only_g2).respondents() == 1);
    }
}

TEST_CASE("survey::summarise_study")
{
    test::ScratchDir dir;
    store::OpenOptions options;
    options.path = dir / "toro.db";
    options.create = true;
    store::Store store(options);
    const auto study = parse_instrument(R"(code = "E1"
title = "Study"
kind = "evaluation"
groups = ["users", "officials"]
scale = { min = 1, max = 5 }
[[item]]
code = "r1"
criterion = "relevance"
text = "?"
[[item]]
code = "r2"
criterion = "relevance"
text = "?"
[[item]]
code = "nps"
type = "nps"
text = "?"
[[item]]
code = "why"
type = "text"
text = "?"
)",
                                        "e1.toml");
    store::WriteTransaction transaction(store);
    save_instrument(store, study, false);
    auto sink = response_sink(store, study, {});
    auto rows = io::open_rows(std::make_unique<std::istringstream>("respondent,group,r1,r2,nps,why\n"
                                                                   "1,users,4,5,10,good\n"
                                                                   "2,users,3,,9,\n"
                                                                   "3,users,5,5,6,\n"
                                                                   "4,officials,2,3,7,slow\n"
                                                                   "5,officials,3,3,,\n"),
                              "e1.csv", {});
    REQUIRE(io::run_import(*rows, "e1.csv", *sink, {}).inserted == 5);
    transaction.commit();

    const auto summary = summarise_study(study, load_answers(store, study, {}), load_texts(store, study, {}));
    // Scores: users 4.5, 3, 5; officials 2.5, 3.
    REQUIRE(summary.criteria.size() == 2);
    CHECK(summary.criteria[0].group == "users");
    CHECK(summary.criteria[0].n == 3);
    CHECK(summary.criteria[0].mean == doctest::Approx(12.5 / 3));
    CHECK(summary.criteria[0].median == doctest::Approx(4.5));
    CHECK(summary.criteria[1].mean == doctest::Approx(2.75));
    // Alpha listwise over r1, r2: respondents 1, 3, 4, 5.
    REQUIRE(summary.alpha.size() == 1);
    CHECK(summary.alpha[0].k == 2);
    CHECK(summary.alpha[0].n == 4);
    REQUIRE(summary.kruskal.size() == 1);
    CHECK(summary.kruskal[0].df == 1);
    REQUIRE(summary.pairwise.size() == 1);
    // Users 4.5, 3, 5 against officials 2.5, 3: the users' ranks 4, 2.5 (tied), 5 sum to 11.5;
    // U = 11.5 − 3 · 4 / 2.
    CHECK(summary.pairwise[0].u == doctest::Approx(5.5));
    CHECK(summary.pairwise[0].p_holm == doctest::Approx(summary.pairwise[0].p));  // a family of one
    REQUIRE(summary.nps.has_value());
    CHECK(summary.nps->n == 4);
    CHECK(summary.nps->promoters == 2);
    CHECK(summary.nps->passives == 1);
    CHECK(summary.nps->detractors == 1);
    CHECK(summary.nps->nps == doctest::Approx(25.0));
    REQUIRE(summary.texts.size() == 2);
    CHECK(summary.texts[0].group == "officials");
    CHECK(summary.texts[0].answer == "slow");
}

TEST_CASE("survey::fields of gaps, plans and summaries")
{
    Instrument instrument;
    instrument.code = "K1";
    const Selection selection{"2026", std::nullopt};
    GapAnalysis analysis;
    analysis.items = {{"a1", "A", 3, 2.0, 4.0, 2.0, 8.0, 1}, {"a2", "A", 0, NAN, NAN, NAN, NAN, std::nullopt}};
    analysis.areas = {{"A", "Area A", 3, 2.0, 4.0, 2.0, 8.0, 1, NAN, 2}};
    analysis.compare = {{"A", "g1", "g2", 2, 1, 2.5, 1.0, 1.5, 2.0, 0.5}};

    SUBCASE("gaps")
    {
        const auto json = render::json_value(GapReport{instrument, selection, analysis, false});
        CHECK(json["survey"] == "K1");
        CHECK(json["wave"] == "2026");
        CHECK(json["group"].is_null());
        REQUIRE(json["items"].size() == 2);
        CHECK(json["items"][0]["n"].is_number_unsigned());
        CHECK(json["items"][0]["rank"] == 1);
        CHECK(json["items"][1]["rank"].is_null());
        CHECK(json["items"][1]["mwds"].is_null());  // NaN
        CHECK_FALSE(json["areas"][0].contains("name"));
        CHECK(json["areas"][0]["alpha"].is_null());
        CHECK_FALSE(json.contains("compare"));
        const auto compared = render::json_value(GapReport{instrument, selection, analysis, true});
        CHECK(compared["compare"][0]["difference"].get<double>() == doctest::Approx(1.5));
    }
    SUBCASE("a plan")
    {
        TrainingPlan plan;
        plan.threshold = 1.0;
        plan.areas = {{1, "A", "Area A", 8.0, 2.0, 3, 2, {"M-1"}}};
        plan.modules = {{"M-1", "Module", 12.5, {"A"}, 2}};
        const auto json = render::json_value(PlanReport{instrument, selection, plan});
        CHECK(json.dump() == R"({"survey":"K1","wave":"2026","group":null,"threshold":1.0,)"
                             R"("areas":[{"rank":1,"area":"A","name":"Area A","mwds":8.0,"mean_gap":2.0,"n":3,)"
                             R"("need":2,"modules":["M-1"]}],)"
                             R"("modules":[{"module":"M-1","title":"Module","hours":12.5,"areas":["A"],"need":2}]})");
    }
    SUBCASE("a study's summary")
    {
        StudySummary summary;
        summary.criteria = {{"relevance", "users", 2, 4.5, 0.7, NAN, NAN, 4.5}};
        summary.texts = {{"t1", "users", "fine"}};
        summary.choices = {{"c1", "users", "yes", 2}};
        auto json = render::json_value(SummaryReport{instrument, summary});
        CHECK(json["study"] == "K1");
        CHECK(json["criteria"][0]["mean"].get<double>() == doctest::Approx(4.5));
        CHECK(json["criteria"][0]["ci_low"].is_null());
        CHECK(json["alpha"].is_array());
        CHECK(json["nps"].is_null());
        CHECK(json["texts"][0]["answer"] == "fine");
        CHECK_FALSE(json.contains("choices"));
        summary.nps = NetPromoter{4, 2, 1, 1, 25.0};
        json = render::json_value(SummaryReport{instrument, summary});
        CHECK(json["nps"]["promoters"] == 2);
        CHECK(json["nps"]["nps"].get<double>() == doctest::Approx(25.0));
    }
}
