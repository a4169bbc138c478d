#include "core/catalogue.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

using namespace toro;

namespace {

std::vector<std::string> keys_of(Lang lang)
{
    std::vector<std::string> keys;
    for (const auto& entry : catalogue_entries(lang)) {
        keys.emplace_back(entry.key);
    }
    return keys;
}

std::multiset<std::string> fields_of(std::string_view text)
{
    const auto names = template_fields(text);
    return {names.begin(), names.end()};
}

// Every `{name|…}` choice of a template: the number of its forms.
std::vector<std::size_t> choices_of(std::string_view text)
{
    std::vector<std::size_t> counts;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '{' && i + 1 < text.size() && text[i + 1] == '{') {
            ++i;
            continue;
        }
        if (text[i] != '{') {
            continue;
        }
        const auto end = text.find('}', i);
        const auto field = text.substr(i + 1, end - i - 1);
        if (field.find('|') != std::string_view::npos) {
            counts.push_back(static_cast<std::size_t>(std::count(field.begin(), field.end(), '|')));
        }
        i = end;
    }
    return counts;
}

// Arguments for every field of a template, of the type its spec asks for.
std::vector<Arg> sample_args(std::string_view text)
{
    std::vector<Arg> args;
    std::set<std::string> seen;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '{' && i + 1 < text.size() && text[i + 1] == '{') {
            ++i;
            continue;
        }
        if (text[i] != '{') {
            continue;
        }
        const auto end = text.find('}', i);
        const auto field = std::string(text.substr(i + 1, end - i - 1));
        i = end;
        const auto name = field.substr(0, field.find_first_of(":|"));
        if (!seen.insert(name).second) {
            continue;
        }
        if (field.find(":plain") != std::string::npos || field.find(":.") != std::string::npos) {
            args.emplace_back(name, 2.5);
        } else {
            args.emplace_back(name, 3);
        }
    }
    return args;
}

std::string read(const std::filesystem::path& path)
{
    std::ifstream in(path);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

}  // namespace

TEST_CASE("catalogue::every key once in each language, with the same arguments and forms")
{
    const auto english = keys_of(Lang::en);
    const auto polish = keys_of(Lang::pl);
    REQUIRE(!english.empty());
    CHECK(catalogue_sorted(catalogue_entries(Lang::en)));
    CHECK(catalogue_sorted(catalogue_entries(Lang::pl)));
    std::vector<std::string> only_english;
    std::vector<std::string> only_polish;
    std::set_difference(english.begin(), english.end(), polish.begin(), polish.end(), std::back_inserter(only_english));
    std::set_difference(polish.begin(), polish.end(), english.begin(), english.end(), std::back_inserter(only_polish));
    CHECK_MESSAGE(only_english.empty(), "only in English: " << (only_english.empty() ? "" : only_english.front()));
    CHECK_MESSAGE(only_polish.empty(), "only in Polish: " << (only_polish.empty() ? "" : only_polish.front()));

    for (const auto& entry : catalogue_entries(Lang::en)) {
        CAPTURE(entry.key);
        CHECK(is_key_shaped(entry.key));
        const auto polish_text = find_text(Lang::pl, entry.key);
        REQUIRE(polish_text);
        const auto english_fields = fields_of(entry.text);
        const auto polish_fields = fields_of(*polish_text);
        // The same arguments; a language may use one more than once (a noun and its verb).
        CHECK(std::set<std::string>(english_fields.begin(), english_fields.end()) ==
              std::set<std::string>(polish_fields.begin(), polish_fields.end()));
        for (const auto forms : choices_of(entry.text)) {
            CHECK(forms == plural_forms(Lang::en));
        }
        for (const auto forms : choices_of(*polish_text)) {
            CHECK(forms == plural_forms(Lang::pl));
        }
    }
}

TEST_CASE("catalogue::every template fills in with its arguments")
{
    for (const Lang lang : {Lang::en, Lang::pl}) {
        for (const auto& entry : catalogue_entries(lang)) {
            CAPTURE(entry.key);
            const auto args = sample_args(entry.text);
            const auto text = fill(lang, entry.text, args);
            if (!args.empty()) {
                // A template that fails is left as it is; one that fills in has no field left.
                CHECK(text != entry.text);
            }
            if (entry.text.find("{{") == std::string_view::npos) {
                CHECK(text.find('{') == std::string::npos);
            }
        }
    }
}

TEST_CASE("catalogue::every key the code names is in the catalogue")
{
    // Literal keys in lib/ and cli/: a string literal shaped like a key whose first part is one
    // of the catalogue's namespaces, where a key goes: before ")" or "}" (say(lang, "k"),
    // Message("k"), {"k"}) or before its arguments (", {{" or ", {}"); not a configuration key
    // ({"survey.gap_threshold", [](…) or a file name ("report.csv").
    std::set<std::string> namespaces;
    for (const auto& entry : catalogue_entries(Lang::en)) {
        namespaces.emplace(entry.key.substr(0, entry.key.find('.')));
    }
    const std::regex literal(R"re("([a-z0-9_+-]+(\.[a-z0-9_+-]+)+)"(?=\s*(\)|\}|,\s*\{\{|,\s*\{\})))re");
    const std::regex file_name(R"re(\.(csv|json|jsonl|md|html|xlsx|toml|db|key|sql|bak|txt|hpp|cpp|h|sh|py)$)re");
    const auto source = std::filesystem::path(TORO_TEST_DATA).parent_path();
    std::size_t checked = 0;
    for (const char* folder : {"lib", "cli"}) {
        for (const auto& file : std::filesystem::recursive_directory_iterator(source / folder)) {
            const auto name = file.path().filename().string();
            if (!file.is_regular_file() || name.starts_with("messages_") ||
                (file.path().extension() != ".cpp" && file.path().extension() != ".hpp")) {
                continue;
            }
            std::string text = read(file.path());
            // Comments aside: they may quote a configuration key ("store.path").
            text = std::regex_replace(text, std::regex(R"re((^|\s)//[^\n]*)re"), "$1");
            for (auto it = std::sregex_iterator(text.begin(), text.end(), literal); it != std::sregex_iterator();
                 ++it) {
                const std::string key = (*it)[1];
                if (!namespaces.contains(key.substr(0, key.find('.'))) || std::regex_search(key, file_name) ||
                    !is_key_shaped(key)) {
                    continue;
                }
                CAPTURE(file.path().string());
                CHECK_MESSAGE(find_text(Lang::en, key).has_value(), "no catalogue entry for " << key);
                ++checked;
            }
        }
    }
    CHECK(checked > 100);
}

TEST_CASE("catalogue::sheet names are names Excel accepts")
{
    for (const Lang lang : {Lang::en, Lang::pl}) {
        std::set<std::string> seen;
        for (const auto& entry : catalogue_entries(lang)) {
            if (!entry.key.starts_with("sheet.") && entry.key != "xlsx.summary") {
                continue;
            }
            CAPTURE(entry.key);
            std::size_t characters = 0;
            for (const char c : entry.text) {
                characters += (static_cast<unsigned char>(c) & 0xC0U) != 0x80U ? 1 : 0;
            }
            CHECK(characters >= 1);
            CHECK(characters <= 31);
            CHECK(entry.text.find_first_of("[]:*?/\\") == std::string_view::npos);
            CHECK_FALSE(entry.text.starts_with('\''));
            CHECK_FALSE(entry.text.ends_with('\''));
            // No two tables, nor a table and the summary sheet, share a name in one language.
            std::string lower(entry.text);
            for (char& c : lower) {
                c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            }
            CHECK(seen.insert(lower).second);
        }
    }
}

TEST_CASE("catalogue::plural_form: Polish 1; 2–4 except 12–14; the rest")
{
    const std::map<std::int64_t, std::size_t> polish{
        {0, 2},   {1, 0},   {2, 1},   {3, 1},    {4, 1},    {5, 2},   {11, 2},  {12, 2},  {13, 2},
        {14, 2},  {21, 2},  {22, 1},  {24, 1},   {25, 2},   {101, 2}, {102, 1}, {104, 1}, {111, 2},
        {112, 2}, {114, 2}, {122, 1}, {1001, 2}, {1002, 1}, {-1, 0},  {-2, 1},  {-5, 2}};
    for (const auto& [count, form] : polish) {
        CAPTURE(count);
        CHECK(plural_form(Lang::pl, count) == form);
    }
    CHECK(plural_form(Lang::en, 1) == 0);
    CHECK(plural_form(Lang::en, 0) == 1);
    CHECK(plural_form(Lang::en, 2) == 1);
    CHECK(plural_form(Lang::en, 21) == 1);
}

TEST_CASE("catalogue::fill: forms, agreement, specs and braces")
{
    const auto reports = [](std::int64_t n) {
        return fill(Lang::pl, "{n} {n|raport|raporty|raportów} {n|wpłynął|wpłynęły|wpłynęło}", {{"n", n}});
    };
    CHECK(reports(1) == "1 raport wpłynął");
    CHECK(reports(2) == "2 raporty wpłynęły");
    CHECK(reports(4) == "4 raporty wpłynęły");
    CHECK(reports(5) == "5 raportów wpłynęło");
    CHECK(reports(12) == "12 raportów wpłynęło");
    CHECK(reports(14) == "14 raportów wpłynęło");
    CHECK(reports(22) == "22 raporty wpłynęły");
    CHECK(reports(25) == "25 raportów wpłynęło");
    CHECK(reports(101) == "101 raportów wpłynęło");
    CHECK(reports(102) == "102 raporty wpłynęły");
    CHECK(reports(0) == "0 raportów wpłynęło");
    CHECK(fill(Lang::en, "{n} {n|day|days}", {{"n", 1}}) == "1 day");
    CHECK(fill(Lang::en, "{n} {n|day|days}", {{"n", 316}}) == "316 days");

    CHECK(fill(Lang::pl, "{x:plain}; {x:.1f}; {x}", {{"x", 1234.5678}}) == "1234,5678; 1234,6; 1234,57");
    CHECK(fill(Lang::en, "{x:plain}; {x:.1f}; {x}", {{"x", 1234.5678}}) == "1234.5678; 1234.6; 1234.57");
    CHECK(fill(Lang::pl, "{m} / {m:plain}", {{"m", Money::from_grosze(8579999)}}) == "85 799,99 zł / 85799,99");
    CHECK(fill(Lang::en, "{m} / {m:plain}", {{"m", Money::from_grosze(8579999)}}) == "PLN 85,799.99 / 85799.99");
    CHECK(fill(Lang::pl, "{p} i {p:.0f}", {{"p", Percent{0.875}}}) == "87,5 % i 88 %");
    CHECK(fill(Lang::en, "{d}, {m}", {{"d", Date::from_ymd(2026, 11, 10)}, {"m", Period::from_ym(2026, 10)}}) ==
          "2026-11-10, 2026-10");
    CHECK(fill(Lang::en, "{{literal}} {n:>3}", {{"n", 7}}) == "{literal}   7");
    // A nested message is worded in the same language.
    CHECK(fill(Lang::pl, "stan: {s}", {{"s", Message("indicator.status.on_track")}}) == "stan: zgodnie z planem");
    // A template naming an argument that is not there is left as it is.
    CHECK(fill(Lang::en, "{missing} here", {}) == "{missing} here");
}

TEST_CASE("catalogue::messages: agreement in the catalogue's own sentences")
{
    const auto late = [](Lang lang, std::int64_t late_count, std::int64_t received) {
        return Message("evaluate.flag.late", {{"late", late_count},
                                              {"received", received},
                                              {"from", Period::from_ym(2026, 1)},
                                              {"to", Period::from_ym(2026, 3)},
                                              {"periods", "2026-02"}})
            .text(lang);
    };
    CHECK(late(Lang::pl, 1, 20) == "1 z 20 raportów otrzymanych od 2026-01 do 2026-03 wpłynął po terminie: 2026-02");
    CHECK(late(Lang::pl, 3, 21) == "3 z 21 raportów otrzymanych od 2026-01 do 2026-03 wpłynęły po terminie: 2026-02");
    CHECK(late(Lang::pl, 5, 22) == "5 z 22 raportów otrzymanych od 2026-01 do 2026-03 wpłynęło po terminie: 2026-02");
    CHECK(late(Lang::pl, 1, 1) == "1 z 1 raportu otrzymanego od 2026-01 do 2026-03 wpłynął po terminie: 2026-02");
    CHECK(late(Lang::en, 1, 1) == "1 of 1 report received from 2026-01 to 2026-03 came after their due date: 2026-02");
    CHECK(late(Lang::en, 2, 3) == "2 of 3 reports received from 2026-01 to 2026-03 came after their due date: 2026-02");

    const auto missing = [](Lang lang, std::int64_t count) {
        return Message("report.missing.count", {{"count", count}}).text(lang);
    };
    CHECK(missing(Lang::pl, 1) == "brak 1 raportu");
    CHECK(missing(Lang::pl, 2) == "brak 2 raportów");
    CHECK(missing(Lang::pl, 12) == "brak 12 raportów");
    CHECK(missing(Lang::en, 1) == "1 report missing");
    CHECK(missing(Lang::en, 5) == "5 reports missing");

    const auto overdue = [](std::int64_t days) {
        return Message(
                   "flag.message.missing",
                   {{"period", Period::from_ym(2026, 10)}, {"due_on", Date::from_ymd(2026, 11, 10)}, {"days", days}})
            .text(Lang::pl);
    };
    CHECK(overdue(1) == "brak raportu za 2026-10; termin 2026-11-10, 1 dzień po terminie");
    CHECK(overdue(2) == "brak raportu za 2026-10; termin 2026-11-10, 2 dni po terminie");
    CHECK(overdue(22) == "brak raportu za 2026-10; termin 2026-11-10, 22 dni po terminie");

    const auto problems = [](std::int64_t count) { return Message("error.batch", {{"count", count}}).text(Lang::pl); };
    CHECK(problems(1) == "1 problem w danych wejściowych; nic nie zapisano");
    CHECK(problems(4) == "4 problemy w danych wejściowych; nic nie zapisano");
    CHECK(problems(14) == "14 problemów w danych wejściowych; nic nie zapisano");
    CHECK(Message("error.batch", {{"count", 1}}).text(Lang::en) == "1 problem in the input; nothing was written");
}

TEST_CASE("catalogue::Formatter: one per language")
{
    const auto& pl = formatter(Lang::pl);
    const auto& en = formatter(Lang::en);
    CHECK(pl.money(Money::from_grosze(123456)) == "1 234,56 zł");
    CHECK(en.money(Money::from_grosze(123456)) == "PLN 1,234.56");
    CHECK(pl.money(Money::from_grosze(-5)) == "-0,05 zł");
    CHECK(en.money(Money::from_grosze(-123456789)) == "-PLN 1,234,567.89");
    CHECK(pl.percent(0.875) == "87,5 %");
    CHECK(en.percent(-0.0001) == "0.0 %");
    CHECK(pl.number(2.345) == "2,35");
    CHECK(en.number(2.0) == "2");
    CHECK(pl.number(0.004) == "< 0,01");
    CHECK(pl.decimal(1234567.891, 2) == "1 234 567,89");
    CHECK(en.decimal(1234567.891, 1) == "1,234,567.9");
    CHECK(en.decimal(-0.01, 1) == "0.0");
    CHECK(pl.p_value(0.0004) == "< 0,001");
    CHECK(en.p_value(0.01234) == "0.012");
    CHECK(pl.plain(268.66) == "268,66");
    CHECK(pl.date(Date::from_ymd(2026, 2, 28)) == "2026-02-28");
    CHECK(pl.yes_no(true) == "tak");
    CHECK(en.yes_no(false) == "no");
}

TEST_CASE("catalogue::Key: composed keys and shapes")
{
    CHECK(is_key_shaped("flag.message.missing"));
    CHECK(is_key_shaped("loan.bucket.90+"));
    CHECK(!is_key_shaped("flag"));
    CHECK(!is_key_shaped("given twice"));
    CHECK(!is_key_shaped("flag..x"));
    CHECK(!is_key_shaped("Flag.x"));
    CHECK(Message(Key::composed("indicator.status.behind")).text(Lang::pl) == "opóźniony");
    CHECK(Message(Key::composed("no.such.key")).text(Lang::pl) == "no.such.key");
    CHECK(Message::verbatim("SQLite said so").text(Lang::pl) == "SQLite said so");
}
