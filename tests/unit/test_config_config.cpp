#include "config/config.hpp"
#include "core/error.hpp"

#include "test_support.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <string>
#include <unistd.h>
#include <vector>

using namespace toro;
namespace fs = std::filesystem;

namespace {

// What load_text() threw: its exit code, context and message.
struct Failure {
    int code = -1;
    std::string context;
    std::string message;
};

Failure failure(std::string_view text)
{
    try {
        config::load_text(text, "t.toml");
    } catch (const Error& error) {
        return {static_cast<int>(error.code()), error.context(), error.message()};
    }
    return {0, "(no error)", "(no error)"};
}

// A scratch directory named after this file's tests.
class ScratchDir : public test::ScratchDir {
public:
    ScratchDir() : test::ScratchDir("toro-config-test") {}
};

// Sets (or unsets, with nullopt) an environment variable and restores it afterwards.
class EnvVar {
public:
    EnvVar(const char* name, const std::optional<std::string>& value) : m_name(name)
    {
        if (const char* old = std::getenv(name)) {
            m_old = old;
        }
        set(value);
    }
    ~EnvVar() { set(m_old); }
    EnvVar(const EnvVar&) = delete;
    EnvVar& operator=(const EnvVar&) = delete;

private:
    void set(const std::optional<std::string>& value)
    {
        if (value) {
            ::setenv(m_name, value->c_str(), 1);
        } else {
            ::unsetenv(m_name);
        }
    }

    const char* m_name;
    std::optional<std::string> m_old;
};

// Changes the working directory and goes back afterwards.
class WorkingDir {
public:
    explicit WorkingDir(const fs::path& path) : m_old(fs::current_path()) { fs::current_path(path); }
    ~WorkingDir()
    {
        std::error_code ignored;
        fs::current_path(m_old, ignored);
    }
    WorkingDir(const WorkingDir&) = delete;
    WorkingDir& operator=(const WorkingDir&) = delete;

private:
    fs::path m_old;
};

// Every key of examples/toro.toml with a value other than the default, one per line, so that
// each origin is a known LINE:COLUMN.
constexpr std::string_view every_key = R"([store]
path = "/srv/toro/city.db"
busy_timeout_ms = 2500
synchronous = "NORMAL"
[city]
name = "Kraków"
districts = ["Nowa Huta", "Podgórze"]
grant_id_prefix = "PL-KR"
[reporting]
report_day = 15
at_risk_ratio = 0.75
overspend_tolerance = 0.2
outlier_z = 4
budget_categories = ["catering", "insurance"]
[survey]
gap_threshold = 1.5
[evaluation]
achievement = 0.5
completeness = 0.1
timeliness = 0.3
budget = 0.1
[output]
lang = "en"
csv_sep = ";"
bom = true
file_mode = "0640"
[[indicator]]
code = "participants"
name = "Uczestnicy objęci wsparciem"
name_en = "Participants supported"
unit = "persons"
kind = "result"
aggregation = "max"
higher_is_better = false
[[indicator]]
code = "events"
name = "Wydarzenia"
unit = "events"
[[training_module]]
code = "LAW-1"
title = "Prawo w praktyce organizacji"
areas = ["law", "governance"]
hours = 16
[privacy]
key_file = "/etc/toro/city.key"
[mail]
from = "Biuro Dialogu <dialog@um.example.pl>"
reply_to = "raporty@um.example.pl"
sendmail = "/usr/local/bin/msmtp -t"
[settlement]
shift_tolerance = 0.05
interest_minimum = 10
[[settlement.rate]]
from = 2026-01-15
rate = 10.5
)";

void check_defaults(const config::Config& c)
{
    CHECK(c.store_path == "toro.db");
    CHECK(c.busy_timeout_ms == 10000);
    CHECK(c.synchronous == "FULL");
    CHECK(c.city_name == "Warszawa");
    CHECK(c.districts.empty());
    CHECK(c.grant_id_prefix == "XX-TORO");
    CHECK(c.report_day == 10);
    CHECK(c.at_risk_ratio == doctest::Approx(0.8));
    CHECK(c.overspend_tolerance == doctest::Approx(0.10));
    CHECK(c.outlier_z == doctest::Approx(3.5));
    CHECK(c.budget_categories.empty());
    CHECK(c.indicators.empty());
    CHECK(c.gap_threshold == doctest::Approx(1.0));
    CHECK(c.training_modules.empty());
    CHECK(c.evaluation.achievement == doctest::Approx(0.4));
    CHECK(c.evaluation.completeness == doctest::Approx(0.2));
    CHECK(c.evaluation.timeliness == doctest::Approx(0.2));
    CHECK(c.evaluation.budget == doctest::Approx(0.2));
    CHECK(c.csv_sep == ',');
    CHECK(c.bom == false);
    CHECK_FALSE(c.mail_from.has_value());
    CHECK_FALSE(c.mail_reply_to.has_value());
    CHECK(c.sendmail == "/usr/sbin/sendmail -t -i");
}

const std::vector<std::string> entry_keys = {
    "store.path",
    "store.busy_timeout_ms",
    "store.synchronous",
    "city.name",
    "city.districts",
    "city.grant_id_prefix",
    "reporting.report_day",
    "reporting.at_risk_ratio",
    "reporting.overspend_tolerance",
    "reporting.outlier_z",
    "reporting.budget_categories",
    "indicator",
    "survey.gap_threshold",
    "training_module",
    "evaluation.achievement",
    "evaluation.completeness",
    "evaluation.timeliness",
    "evaluation.budget",
    "output.lang",
    "output.csv_sep",
    "output.bom",
    "output.file_mode",
    "privacy.key_file",
    "mail.from",
    "mail.reply_to",
    "mail.sendmail",
    "settlement.shift_tolerance",
    "settlement.interest_minimum",
    "settlement.rate",
};

}  // namespace

TEST_CASE("config::load_text values")
{
    SUBCASE("empty text: every default, no origins")
    {
        const auto c = config::load_text("", "t.toml");
        check_defaults(c);
        CHECK(c.origins.empty());
        CHECK(c.file.empty());
    }

    SUBCASE("comments and empty sections change nothing")
    {
        const auto c = config::load_text("# nothing here\n[store]\n[city]\n[output]\n", "t.toml");
        check_defaults(c);
        CHECK(c.origins.empty());
    }

    SUBCASE("every key present")
    {
        const auto c = config::load_text(every_key, "t.toml");
        CHECK(c.store_path == "/srv/toro/city.db");
        CHECK(c.mail_from == "Biuro Dialogu <dialog@um.example.pl>");
        CHECK(c.mail_reply_to == "raporty@um.example.pl");
        CHECK(c.sendmail == "/usr/local/bin/msmtp -t");
        CHECK(c.busy_timeout_ms == 2500);
        CHECK(c.synchronous == "NORMAL");
        CHECK(c.city_name == "Kraków");
        CHECK(c.districts == std::vector<std::string>{"Nowa Huta", "Podgórze"});
        CHECK(c.grant_id_prefix == "PL-KR");
        CHECK(c.report_day == 15);
        CHECK(c.at_risk_ratio == doctest::Approx(0.75));
        CHECK(c.overspend_tolerance == doctest::Approx(0.2));
        CHECK(c.outlier_z == doctest::Approx(4.0));  // an integer is a number too
        CHECK(c.budget_categories == std::vector<std::string>{"catering", "insurance"});
        CHECK(c.gap_threshold == doctest::Approx(1.5));
        CHECK(c.evaluation.achievement == doctest::Approx(0.5));
        CHECK(c.evaluation.completeness == doctest::Approx(0.1));
        CHECK(c.evaluation.timeliness == doctest::Approx(0.3));
        CHECK(c.evaluation.budget == doctest::Approx(0.1));
        REQUIRE(c.lang.has_value());
        CHECK(*c.lang == Lang::en);
        CHECK(c.csv_sep == ';');
        CHECK(c.bom == true);
        CHECK(c.file_mode == 0640);

        REQUIRE(c.indicators.size() == 2);
        const auto& first = c.indicators[0];
        CHECK(first.code == "participants");
        CHECK(first.name == "Uczestnicy objęci wsparciem");
        CHECK(first.name_en == "Participants supported");
        CHECK(first.unit == "persons");
        CHECK(first.kind == "result");
        CHECK(first.aggregation == "max");
        CHECK(first.higher_is_better == false);
        const auto& second = c.indicators[1];  // optional keys keep their defaults
        CHECK(second.code == "events");
        CHECK(second.name_en.empty());
        CHECK(second.kind == "output");
        CHECK(second.aggregation == "sum");
        CHECK(second.higher_is_better == true);

        REQUIRE(c.training_modules.size() == 1);
        CHECK(c.training_modules[0].code == "LAW-1");
        CHECK(c.training_modules[0].title == "Prawo w praktyce organizacji");
        CHECK(c.training_modules[0].areas == std::vector<std::string>{"law", "governance"});
        CHECK(c.training_modules[0].hours == doctest::Approx(16.0));
    }

    SUBCASE("origins name FILE:LINE:COLUMN of each value")
    {
        const auto c = config::load_text(every_key, "t.toml");
        const std::map<std::string, std::string> expected{
            {"store.path", "t.toml:2:8"},
            {"store.busy_timeout_ms", "t.toml:3:19"},
            {"store.synchronous", "t.toml:4:15"},
            {"city.name", "t.toml:6:8"},
            {"city.districts", "t.toml:7:13"},
            {"city.grant_id_prefix", "t.toml:8:19"},
            {"reporting.report_day", "t.toml:10:14"},
            {"reporting.at_risk_ratio", "t.toml:11:17"},
            {"reporting.overspend_tolerance", "t.toml:12:23"},
            {"reporting.outlier_z", "t.toml:13:13"},
            {"reporting.budget_categories", "t.toml:14:21"},
            {"survey.gap_threshold", "t.toml:16:17"},
            {"evaluation.achievement", "t.toml:18:15"},
            {"evaluation.completeness", "t.toml:19:16"},
            {"evaluation.timeliness", "t.toml:20:14"},
            {"evaluation.budget", "t.toml:21:10"},
            {"output.lang", "t.toml:23:8"},
            {"output.csv_sep", "t.toml:24:11"},
            {"output.bom", "t.toml:25:7"},
            {"output.file_mode", "t.toml:26:13"},
            {"privacy.key_file", "t.toml:45:12"},
            {"mail.from", "t.toml:47:8"},
            {"mail.reply_to", "t.toml:48:12"},
            {"mail.sendmail", "t.toml:49:12"},
            {"settlement.shift_tolerance", "t.toml:51:19"},
            {"settlement.interest_minimum", "t.toml:52:20"},
            {"settlement.rate", "t.toml:53:1"},
        };
        for (const auto& [key, origin] : expected) {
            CAPTURE(key);
            REQUIRE(c.origins.count(key) == 1);
            CHECK(c.origins.at(key) == origin);
        }
        // The catalogues are remembered as a whole, from their first table.
        REQUIRE(c.origins.count("indicator") == 1);
        CHECK(c.origins.at("indicator") == "t.toml:27:1");
        REQUIRE(c.origins.count("training_module") == 1);
        CHECK(c.origins.at("training_module") == "t.toml:39:1");
        CHECK(c.origins.size() == expected.size() + 2);
    }

    SUBCASE("absent keys keep their defaults and have no origin")
    {
        const auto c = config::load_text("[reporting]\nreport_day = 5\n", "t.toml");
        CHECK(c.report_day == 5);
        CHECK(c.at_risk_ratio == doctest::Approx(0.8));
        CHECK(c.store_path == "toro.db");
        CHECK(c.origins.size() == 1);
        CHECK(c.origins.at("reporting.report_day") == "t.toml:2:14");
    }

    SUBCASE("csv_sep: tab, a tab character, a comma, a pipe")
    {
        CHECK(config::load_text("[output]\ncsv_sep = \"tab\"\n", "t.toml").csv_sep == '\t');
        CHECK(config::load_text("[output]\ncsv_sep = \"\\t\"\n", "t.toml").csv_sep == '\t');
        CHECK(config::load_text("[output]\ncsv_sep = \",\"\n", "t.toml").csv_sep == ',');
        CHECK(config::load_text("[output]\ncsv_sep = \"|\"\n", "t.toml").csv_sep == '|');
    }

    SUBCASE("lang pl; the bounds of the ranges are allowed")
    {
        const auto c = config::load_text("[output]\nlang = \"pl\"\n[reporting]\nreport_day = 28\nat_risk_ratio = 1\n"
                                         "[store]\nbusy_timeout_ms = 0\nsynchronous = \"OFF\"\n",
                                         "t.toml");
        REQUIRE(c.lang.has_value());
        CHECK(*c.lang == Lang::pl);
        CHECK(c.report_day == 28);
        CHECK(c.at_risk_ratio == doctest::Approx(1.0));
        CHECK(c.busy_timeout_ms == 0);
        CHECK(c.synchronous == "OFF");
        CHECK(config::load_text("[reporting]\nreport_day = 1\n", "t.toml").report_day == 1);
    }
}

TEST_CASE("config::load_text errors")
{
    SUBCASE("bad TOML syntax")
    {
        const auto f = failure("[store]\npath = \"toro.db\"\nbusy_timeout_ms = @\n");
        CHECK(f.code == 78);
        CHECK(f.context == "t.toml:3:19");
        CHECK_FALSE(f.message.empty());
    }

    SUBCASE("an unterminated string")
    {
        const auto f = failure("[city]\nname = \"Warszawa\n");
        CHECK(f.code == 78);
        CHECK(f.context == "t.toml:2:17");
    }

    SUBCASE("an unknown section")
    {
        const auto f = failure("[store]\npath = \"a.db\"\n\n[stroe]\npath = \"b.db\"\n");
        CHECK(f.code == 78);
        CHECK(f.context == "t.toml:4:2");
        CHECK(f.message == "unknown key 'stroe'");
    }

    SUBCASE("an unknown top-level key")
    {
        const auto f = failure("colour = \"blue\"\n");
        CHECK(f.code == 78);
        CHECK(f.context == "t.toml:1:1");
        CHECK(f.message == "unknown key 'colour'");
    }

    SUBCASE("an unknown key inside a known section")
    {
        const auto f = failure("[store]\npath = \"a.db\"\n  busy_timeout = 5\n");
        CHECK(f.code == 78);
        CHECK(f.context == "t.toml:3:3");
        CHECK(f.message == "unknown key 'store.busy_timeout'");
    }

    SUBCASE("a section that is not a table")
    {
        const auto f = failure("store = \"toro.db\"\n");
        CHECK(f.code == 78);
        CHECK(f.context == "t.toml:1:9");
        CHECK(f.message == "store: must be a table, not a string");
    }

    SUBCASE("a string for an integer")
    {
        const auto f = failure("[store]\nbusy_timeout_ms = \"10000\"\n");
        CHECK(f.code == 78);
        CHECK(f.context == "t.toml:2:19");
        CHECK(f.message == "store.busy_timeout_ms: must be an integer, not a string");
    }

    SUBCASE("other wrong types")
    {
        auto f = failure("[reporting]\nat_risk_ratio = \"0.8\"\n");
        CHECK(f.code == 78);
        CHECK(f.context == "t.toml:2:17");
        CHECK(f.message == "reporting.at_risk_ratio: must be a number, not a string");

        f = failure("[output]\nbom = \"yes\"\n");
        CHECK(f.code == 78);
        CHECK(f.message == "output.bom: must be true or false, not a string");

        f = failure("[reporting]\nreport_day = 10.5\n");
        CHECK(f.code == 78);
        CHECK(f.message == "reporting.report_day: must be an integer, not a number");

        f = failure("[city]\nname = 5\n");
        CHECK(f.code == 78);
        CHECK(f.message == "city.name: must be a string, not an integer");

        f = failure("[city]\ndistricts = \"Wola\"\n");
        CHECK(f.code == 78);
        CHECK(f.context == "t.toml:2:13");
        CHECK(f.message == "city.districts: must be an array of strings, not a string");
    }

    SUBCASE("report_day 31")
    {
        const auto f = failure("[reporting]\nreport_day = 31\n");
        CHECK(f.code == 78);
        CHECK(f.context == "t.toml:2:14");
        CHECK(f.message == "reporting.report_day: value out of range: must be between 1 and 28");
    }

    SUBCASE("report_day 0")
    {
        const auto f = failure("[reporting]\nreport_day = 0\n");
        CHECK(f.code == 78);
        CHECK(f.context == "t.toml:2:14");
    }

    SUBCASE("at_risk_ratio 1.5")
    {
        const auto f = failure("[reporting]\nat_risk_ratio = 1.5\n");
        CHECK(f.code == 78);
        CHECK(f.context == "t.toml:2:17");
        CHECK(f.message == "reporting.at_risk_ratio: value out of range: must be between 0 and 1");
    }

    SUBCASE("a weight that is not a number at all")
    {
        const auto f = failure("[evaluation]\nbudget = nan\n");
        CHECK(f.code == 78);
        CHECK(f.context == "t.toml:2:10");
        CHECK(f.message.find("out of range") != std::string::npos);
    }

    SUBCASE("synchronous \"FAST\"")
    {
        const auto f = failure("[store]\nsynchronous = \"FAST\"\n");
        CHECK(f.code == 78);
        CHECK(f.context == "t.toml:2:15");
        CHECK(f.message == "store.synchronous: value out of range: must be one of OFF, NORMAL, FULL, EXTRA");
    }

    SUBCASE("lang and csv_sep out of range")
    {
        auto f = failure("[output]\nlang = \"de\"\n");
        CHECK(f.code == 78);
        CHECK(f.context == "t.toml:2:8");
        CHECK(f.message == "output.lang: value out of range: must be one of pl, en");

        f = failure("[output]\ncsv_sep = \":\"\n");
        CHECK(f.code == 78);
        CHECK(f.context == "t.toml:2:11");
        CHECK(f.message.starts_with("output.csv_sep: value out of range"));
    }

    SUBCASE("[[indicator]] without unit")
    {
        const auto f = failure("[survey]\ngap_threshold = 1.0\n\n[[indicator]]\ncode = \"participants\"\n"
                               "name = \"Uczestnicy\"\n");
        CHECK(f.code == 78);
        CHECK(f.context == "t.toml:4:1");
        CHECK(f.message == "[[indicator]]: missing required key 'unit'");
    }

    SUBCASE("the second [[indicator]] is the one without unit")
    {
        const auto f = failure("[[indicator]]\ncode = \"a\"\nname = \"A\"\nunit = \"x\"\n"
                               "[[indicator]]\ncode = \"b\"\nname = \"B\"\n");
        CHECK(f.code == 78);
        CHECK(f.context == "t.toml:5:1");
        CHECK(f.message == "[[indicator]]: missing required key 'unit'");
    }

    SUBCASE("[[indicator]] with aggregation = \"avg\"")
    {
        const auto f = failure("[[indicator]]\ncode = \"a\"\nname = \"A\"\nunit = \"x\"\naggregation = \"avg\"\n");
        CHECK(f.code == 78);
        CHECK(f.context == "t.toml:5:15");
        CHECK(f.message == "indicator.aggregation: value out of range: must be one of sum, last, max");
    }

    SUBCASE("[[indicator]] with an unknown key")
    {
        const auto f = failure("[[indicator]]\ncode = \"a\"\nname = \"A\"\nunit = \"x\"\ncolour = \"red\"\n");
        CHECK(f.code == 78);
        CHECK(f.context == "t.toml:5:1");
        CHECK(f.message == "unknown key 'indicator.colour'");
    }

    SUBCASE("[indicator] written as one table")
    {
        const auto f = failure("[indicator]\ncode = \"a\"\nname = \"A\"\nunit = \"x\"\n");
        CHECK(f.code == 78);
        CHECK(f.context == "t.toml:1:1");
        CHECK(f.message == "indicator: must be an array of tables ([[indicator]]), not a table");
    }

    SUBCASE("[[training_module]] with areas a string")
    {
        const auto f = failure("[[training_module]]\ncode = \"LAW-1\"\ntitle = \"Prawo\"\nareas = \"law\"\n");
        CHECK(f.code == 78);
        CHECK(f.context == "t.toml:4:9");
        CHECK(f.message == "training_module.areas: must be an array of strings, not a string");
    }

    SUBCASE("[[training_module]] with a number among the areas")
    {
        const auto f = failure("[[training_module]]\ncode = \"LAW-1\"\ntitle = \"Prawo\"\nareas = [\"law\", 7]\n");
        CHECK(f.code == 78);
        CHECK(f.context == "t.toml:4:17");
        CHECK(f.message == "training_module.areas: every element must be a string, not an integer");
    }

    SUBCASE("[[training_module]] without areas")
    {
        const auto f = failure("[[training_module]]\ncode = \"LAW-1\"\ntitle = \"Prawo\"\n");
        CHECK(f.code == 78);
        CHECK(f.context == "t.toml:1:1");
        CHECK(f.message == "[[training_module]]: missing required key 'areas'");
    }

    SUBCASE("the name given is the one in the context")
    {
        try {
            config::load_text("[store]\nsynchronous = \"FAST\"\n", "/etc/toro/toro.toml");
            FAIL("no error");
        } catch (const Error& error) {
            CHECK(error.code() == Exit::config);
            CHECK(error.context() == "/etc/toro/toro.toml:2:15");
        }
    }
}

TEST_CASE("config::entries")
{
    SUBCASE("defaults: every key in order, origin default")
    {
        const auto list = config::entries(config::Config{});
        REQUIRE(list.size() == entry_keys.size());
        for (std::size_t i = 0; i < list.size(); ++i) {
            CAPTURE(i);
            CHECK(list[i].key == entry_keys[i]);
            CHECK(list[i].origin == "default");
        }
        CHECK(list[0].value == "\"toro.db\"");
        CHECK(list[1].value == "10000");
        CHECK(list[2].value == "\"FULL\"");
        CHECK(list[3].value == "\"Warszawa\"");
        CHECK(list[4].value == "[]");
        CHECK(list[5].value == "\"XX-TORO\"");
        CHECK(list[6].value == "10");
        CHECK(list[7].value == "0.8");
        CHECK(list[8].value == "0.1");
        CHECK(list[9].value == "3.5");
        CHECK(list[10].value == "[]");
        CHECK(list[11].value == "[]");
        CHECK(list[12].value == "1");
        CHECK(list[13].value == "[]");
        CHECK(list[14].value == "0.4");
        CHECK(list[15].value == "0.2");
        CHECK(list[16].value == "0.2");
        CHECK(list[17].value == "0.2");
        CHECK(list[18].value == "(from LANG)");
        CHECK(list[19].value == "\",\"");
        CHECK(list[20].value == "false");
        CHECK(list[26].value == "0.1");
        CHECK(list[27].value == "8.70");
        CHECK(list[28].value == "[]");
    }

    SUBCASE("values from a file with their origins")
    {
        const auto list = config::entries(config::load_text(every_key, "t.toml"));
        REQUIRE(list.size() == entry_keys.size());
        for (std::size_t i = 0; i < list.size(); ++i) {
            CAPTURE(i);
            CHECK(list[i].key == entry_keys[i]);
            CHECK(list[i].origin.starts_with("t.toml:"));
        }
        CHECK(list[0].value == "\"/srv/toro/city.db\"");
        CHECK(list[0].origin == "t.toml:2:8");
        CHECK(list[1].value == "2500");
        CHECK(list[4].value == "[\"Nowa Huta\", \"Podgórze\"]");
        CHECK(list[4].origin == "t.toml:7:13");
        CHECK(list[7].value == "0.75");
        CHECK(list[9].value == "4");
        CHECK(list[11].value == "[\"participants\", \"events\"]");
        CHECK(list[13].value == "[\"LAW-1\"]");
        CHECK(list[18].value == "\"en\"");
        CHECK(list[19].value == "\";\"");
        CHECK(list[20].value == "true");
        CHECK(list[20].origin == "t.toml:25:7");
        CHECK(list[22].value == "\"/etc/toro/city.key\"");
        CHECK(list[26].value == "0.05");
        CHECK(list[27].value == "10.00");
        CHECK(list[28].value == "[\"2026-01-15 10.5%\"]");
        CHECK(list[28].origin == "t.toml:53:1");
    }

    SUBCASE("a partial file: the rest stays default")
    {
        const auto list = config::entries(config::load_text("[output]\ncsv_sep = \"tab\"\n", "t.toml"));
        REQUIRE(list.size() == entry_keys.size());
        CHECK(list[19].value == "\"tab\"");
        CHECK(list[19].origin == "t.toml:2:11");
        CHECK(list[18].origin == "default");
        CHECK(list[0].origin == "default");
    }
}

TEST_CASE("config::template_text")
{
    const auto text = config::template_text();
    REQUIRE_FALSE(text.empty());
    CHECK(text.find("[store]") != std::string_view::npos);
    const auto c = config::load_text(text, "toro.toml");
    check_defaults(c);
    // A Polish city's file speaks Polish; without a file, LANG decides.
    CHECK(c.lang == Lang::pl);
    CHECK_FALSE(config::Config{}.lang.has_value());
    // Every other line of `toro config show` has the same value as with no file at all.
    const auto from_template = config::entries(c);
    const auto defaults = config::entries(config::Config{});
    REQUIRE(from_template.size() == defaults.size());
    for (std::size_t i = 0; i < defaults.size(); ++i) {
        CAPTURE(defaults[i].key);
        if (defaults[i].key == "output.lang") {
            CHECK(from_template[i].value == "\"pl\"");
            continue;
        }
        CHECK(from_template[i].value == defaults[i].value);
    }
}

TEST_CASE("config::load")
{
    ScratchDir dir;

    SUBCASE("no file: the defaults")
    {
        const auto c = config::load(std::nullopt);
        check_defaults(c);
        CHECK(c.file.empty());
    }

    SUBCASE("a file: its values, its name in the origins")
    {
        const auto file = dir.write("toro.toml", "[city]\nname = \"Gdańsk\"\n");
        const auto c = config::load(file);
        CHECK(c.city_name == "Gdańsk");
        CHECK(c.file == file);
        CHECK(c.origins.at("city.name") == file.string() + ":2:8");
    }

    SUBCASE("an error names the file")
    {
        const auto file = dir.write("bad.toml", "[reporting]\nreport_day = 31\n");
        try {
            config::load(file);
            FAIL("no error");
        } catch (const Error& error) {
            CHECK(error.code() == Exit::config);
            CHECK(error.context() == file.string() + ":2:14");
        }
    }

    SUBCASE("a missing file is a configuration error")
    {
        const auto file = dir.path() / "missing.toml";
        try {
            config::load(file);
            FAIL("no error");
        } catch (const Error& error) {
            CHECK(error.code() == Exit::config);
            CHECK(error.context() == file.string());
        }
    }
}

TEST_CASE("config::discover")
{
    ScratchDir dir;
    const auto work = dir.path() / "work";
    const auto xdg = dir.path() / "xdg";
    fs::create_directories(work);
    fs::create_directories(xdg);
    WorkingDir cd(work);
    EnvVar toro_config("TORO_CONFIG", std::nullopt);
    EnvVar xdg_home("XDG_CONFIG_HOME", xdg.string());
    EnvVar home("HOME", (dir.path() / "home").string());
    std::string origin;

    SUBCASE("none: built-in defaults")
    {
        CHECK_FALSE(config::discover(std::nullopt, origin).has_value());
        CHECK(origin == "built-in defaults");
    }

    SUBCASE("an explicit path wins, whether or not it exists")
    {
        dir.write("work/toro.toml", "");
        EnvVar env("TORO_CONFIG", (dir.path() / "env.toml").string());
        const auto found = config::discover(std::string("/nowhere/given.toml"), origin);
        REQUIRE(found.has_value());
        CHECK(*found == fs::path("/nowhere/given.toml"));
        CHECK(origin == "option --config");
    }

    SUBCASE("TORO_CONFIG before ./toro.toml")
    {
        dir.write("work/toro.toml", "");
        const auto env_file = dir.write("env.toml", "");
        EnvVar env("TORO_CONFIG", env_file.string());
        const auto found = config::discover(std::nullopt, origin);
        REQUIRE(found.has_value());
        CHECK(*found == env_file);
        CHECK(origin == "environment TORO_CONFIG");
    }

    SUBCASE("an empty TORO_CONFIG is ignored")
    {
        EnvVar env("TORO_CONFIG", std::string());
        CHECK_FALSE(config::discover(std::nullopt, origin).has_value());
        CHECK(origin == "built-in defaults");
    }

    SUBCASE("./toro.toml before $XDG_CONFIG_HOME")
    {
        dir.write("work/toro.toml", "");
        dir.write("xdg/toro/config.toml", "");
        const auto found = config::discover(std::nullopt, origin);
        REQUIRE(found.has_value());
        CHECK(*found == fs::path("toro.toml"));
        CHECK(fs::equivalent(*found, work / "toro.toml"));
        CHECK(origin == "./toro.toml");
    }

    SUBCASE("$XDG_CONFIG_HOME/toro/config.toml")
    {
        const auto file = dir.write("xdg/toro/config.toml", "");
        const auto found = config::discover(std::nullopt, origin);
        REQUIRE(found.has_value());
        CHECK(*found == file);
        CHECK(origin == "$XDG_CONFIG_HOME/toro/config.toml");
    }

    SUBCASE("without XDG_CONFIG_HOME: ~/.config/toro/config.toml")
    {
        EnvVar no_xdg("XDG_CONFIG_HOME", std::nullopt);
        const auto file = dir.write("home/.config/toro/config.toml", "");
        const auto found = config::discover(std::nullopt, origin);
        REQUIRE(found.has_value());
        CHECK(*found == file);
        CHECK(origin == "$XDG_CONFIG_HOME/toro/config.toml");
    }
}

TEST_CASE("config: output.file_mode")
{
    CHECK(config::load_text("", "t.toml").file_mode == 0600);
    CHECK(config::load_text("[output]\nfile_mode = \"0640\"\n", "t.toml").file_mode == 0640);
    CHECK(config::load_text("[output]\nfile_mode = \"644\"\n", "t.toml").file_mode == 0644);
    for (const char* mode : {"0777", "0400", "0x1a4", "4644"}) {
        CAPTURE(mode);
        const auto f = failure(fmt::format("[output]\nfile_mode = \"{}\"\n", mode));
        CHECK(f.code == 78);
        CHECK(f.context == "t.toml:2:13");
        CHECK(f.message.starts_with(fmt::format("output.file_mode: '{}' is not a file mode", mode)));
    }
    const auto f = failure("[output]\nfile_mode = 640\n");
    CHECK(f.code == 78);
    CHECK(f.message == "output.file_mode: must be a string, not an integer");
}

TEST_CASE("config: mail")
{
    CHECK(config::load_text("[mail]\nfrom = \"ngo@um.example.pl\"\n", "t.toml").mail_from == "ngo@um.example.pl");
    for (const char* address : {"nobody", "@um.example.pl", "ngo@", "a@b\\nBcc: x@y"}) {
        CAPTURE(address);
        const auto f = failure(fmt::format("[mail]\nreply_to = \"{}\"\n", address));
        CHECK(f.code == 78);
        CHECK(f.context == "t.toml:2:12");
        CHECK(f.message.ends_with("is not an e-mail address"));
    }
    const auto f = failure("[mail]\nsendmail = \"\"\n");
    CHECK(f.code == 78);
    CHECK(f.message == "mail.sendmail: must be a file name (not empty)");
    CHECK(failure("[mail]\nsmtp = \"x\"\n").message == "unknown key 'mail.smtp'");
}

TEST_CASE("config: nesting beyond 64 levels never reaches the parser")
{
    std::string key = "a";
    for (int i = 0; i < 50000; ++i) {
        key += ".a";
    }
    const auto f = failure("[store]\n" + key + " = 1\n");
    CHECK(f.code == 78);
    CHECK(f.context == "t.toml:2:130");
    CHECK(f.message == "nested more than 64 levels deep (dotted key parts, arrays and inline tables)");
}

TEST_CASE("config::settlement")
{
    SUBCASE("defaults")
    {
        const auto c = config::load_text("", "t.toml");
        CHECK(c.shift_tolerance == doctest::Approx(0.10));
        CHECK(c.interest_minimum_grosze == 870);
        CHECK(c.settlement_rates.empty());
    }
    SUBCASE("every key, the minimum as a number or as people write it")
    {
        const auto c = config::load_text("[settlement]\nshift_tolerance = 0.05\ninterest_minimum = 9.30\n"
                                         "[[settlement.rate]]\nfrom = 2026-01-15\nrate = 10.5\n"
                                         "[[settlement.rate]]\nfrom = \"2026-03-05\"\nrate = 10\n",
                                         "t.toml");
        CHECK(c.shift_tolerance == doctest::Approx(0.05));
        CHECK(c.interest_minimum_grosze == 930);
        REQUIRE(c.settlement_rates.size() == 2);
        CHECK(c.settlement_rates[0].from == "2026-01-15");
        CHECK(c.settlement_rates[0].rate_millionths == 105'000);
        CHECK(c.settlement_rates[1].from == "2026-03-05");
        CHECK(c.origins.at("settlement.rate") == "t.toml:4:1");
        CHECK(config::load_text("[settlement]\ninterest_minimum = \"8,70\"\n", "t.toml").interest_minimum_grosze ==
              870);
    }
    SUBCASE("errors name the key and its place")
    {
        auto f = failure("[settlement]\nshift_tolerance = 2\n");
        CHECK(f.code == 78);
        CHECK(f.context == "t.toml:2:19");
        CHECK(f.message == "settlement.shift_tolerance: value out of range: must be between 0 and 1");
        f = failure("[settlement]\ninterest_minimum = 8.705\n");
        CHECK(f.context == "t.toml:2:20");
        CHECK(f.message.starts_with("settlement.interest_minimum: not an amount"));
        f = failure("[[settlement.rate]]\nfrom = \"2026-02-30\"\nrate = 10\n");
        CHECK(f.context == "t.toml:2:8");
        CHECK(f.message.starts_with("settlement.rate.from: "));
        f = failure("[[settlement.rate]]\nfrom = \"2026-02-01\"\n");
        CHECK(f.message == "[[settlement.rate]]: missing required key 'rate'");
        f = failure(
            "[[settlement.rate]]\nfrom = \"2026-02-01\"\nrate = 10\n[[settlement.rate]]\nfrom = \"2026-01-01\"\n"
            "rate = 9\n");
        CHECK(f.context == "t.toml:4:1");
        CHECK(f.message == "settlement.rate.from '2026-01-01': each rate must start after the one before (2026-02-01)");
        f = failure("[[settlement.rate]]\nfrom = \"2026-02-01\"\nrate = 10.12345\n");
        CHECK(f.message == "settlement.rate.rate: a rate in percent with at most four decimals");
        f = failure("[[settlement.rate]]\nfrom = \"2026-02-01\"\nrate = 10\nuntil = \"2026-03-01\"\n");
        CHECK(f.message.find("settlement.rate.until") != std::string::npos);
    }
}

#include "config/documents.hpp"
#include "render/render.hpp"

#include <sstream>

TEST_CASE("config show: the file first, then every setting, with words for people and codes for machines")
{
    const auto config =
        config::load_text("[city]\nname = \"Warszawa\"\n[output]\nlang = \"pl\"\n", "/etc/toro/toro.toml");
    const auto document = config::config_document(config, fs::path("/etc/toro/toro.toml"), "option --config", Lang::pl);
    REQUIRE(document.tables.size() == 1);
    const auto& table = document.tables[0];
    CHECK(table.rows.size() == 1 + config::entries(config).size());
    CHECK(table.columns[2].label == "źródło");
    const auto render_as = [&](render::Format format) {
        std::ostringstream out;
        render::render(document, {.format = format, .lang = Lang::pl}, out);
        return out.str();
    };
    const auto csv = render_as(render::Format::csv);
    CHECK(csv.starts_with("key,value,origin\r\nfile,/etc/toro/toro.toml,option --config\r\n"));
    const auto md = render_as(render::Format::md);
    CHECK(md.find("opcja --config") != std::string::npos);
    CHECK(md.find("option --config") == std::string::npos);
}
