#include "core/text.hpp"

#include <doctest/doctest.h>

using namespace toro;

TEST_CASE("core::display_width")
{
    CHECK(display_width("abc") == 3);
    CHECK(display_width("ąćęłńóśźż") == 9);
    CHECK(display_width("ŻÓŁW") == 4);
    CHECK(display_width("日本") == 4);
    CHECK(display_width("") == 0);
}

TEST_CASE("core::invalid_utf8_offset")
{
    CHECK_FALSE(invalid_utf8_offset("zażółć gęślą jaźń").has_value());
    CHECK(invalid_utf8_offset("ab\xff") == 2u);
    CHECK(invalid_utf8_offset("\xc5") == 0u);  // a truncated sequence
}

TEST_CASE("core::fold_key")
{
    CHECK(fold_key("praga północ") == "pragapolnoc");
    CHECK(fold_key("Praga-Północ") == "pragapolnoc");
    CHECK(fold_key("PRAGA_POLNOC") == "pragapolnoc");
    CHECK(fold_key("Spółdzielnia Socjalna") == "spoldzielniasocjalna");
    CHECK(fold_key("ŻÓŁĆ ąęśźń") == "zolcaeszn");
    CHECK(fold_key("SPOLDZ_SOC") == "spoldzsoc");
    CHECK(fold_key("a\xff") == "a\xff");
}

TEST_CASE("core::trim_split_lower")
{
    CHECK(trim("  a b \r\n") == "a b");
    CHECK(trim("   ").empty());
    CHECK(ascii_lower("NIP Code") == "nip code");
    CHECK(split("1|2||15", '|') == std::vector<std::string>{"1", "2", "", "15"});
    CHECK(split("", '|') == std::vector<std::string>{""});
}

TEST_CASE("core::edit_distance")
{
    CHECK(edit_distance("", "") == 0);
    CHECK(edit_distance("nip", "nip") == 0);
    CHECK(edit_distance("nipp", "nip") == 1);
    CHECK(edit_distance("show", "shwo") == 2);
    CHECK(edit_distance("kitten", "sitting") == 3);
    CHECK(edit_distance("", "abc") == 3);
    CHECK(edit_distance("law1.curent", "law1.current") == 1);
}

TEST_CASE("core::append_json_string")
{
    const auto literal = [](std::string_view text) {
        std::string out = "x=";
        append_json_string(out, text);
        return out;
    };
    CHECK(literal("") == "x=\"\"");
    CHECK(literal("V-1/2026-01") == "x=\"V-1/2026-01\"");
    CHECK(literal("Fundacja „Gamma” ąę") == "x=\"Fundacja „Gamma” ąę\"");
    CHECK(literal("a\"b\\c") == "x=\"a\\\"b\\\\c\"");
    CHECK(literal("line\nnext\r\ttab") == "x=\"line\\nnext\\r\\ttab\"");
    CHECK(literal(std::string_view("\x01\x1f\0z", 4)) == "x=\"\\u0001\\u001f\\u0000z\"");
}

TEST_CASE("core::hex")
{
    const unsigned char bytes[] = {0x00, 0x0f, 0xa5, 0xff};
    CHECK(toro::hex(bytes, 4) == "000fa5ff");
    CHECK(toro::hex(bytes, 0).empty());
}

TEST_CASE("core::visible_controls")
{
    CHECK(visible_controls("Zażółć gęślą jaźń") == "Zażółć gęślą jaźń");
    CHECK(visible_controls("a\x1b[31mb\x07"
                           "c") == "a\\x1b[31mb\\x07c");
    CHECK(visible_controls("a\tb\nc\rd\x7f") == "a\\x09b\\x0ac\\x0dd\\x7f");
    CHECK(visible_controls("a\tb\nc", "\t\n") == "a\tb\nc");
    CHECK(visible_controls("x\xc2\x9b"
                           "2Jy") == "x\\u009b2Jy");    // C1 CSI
    CHECK(visible_controls("\xc2\xa0") == "\xc2\xa0");  // a no-break space stays
}

TEST_CASE("core::starts_formula")
{
    for (const char* text : {"=1+1", "+48 22", "-x", "@SUM(A1)", "\tx", "\rx"}) {
        CAPTURE(text);
        CHECK(starts_formula(text));
    }
    for (const char* text : {"", "a=1", " =1", "'=1", "12"}) {
        CAPTURE(text);
        CHECK_FALSE(starts_formula(text));
    }
}

TEST_CASE("core::spreadsheet_number")
{
    for (const char* text : {"0000182016", "012345678", "1234567890123456"}) {
        CAPTURE(text);
        CHECK(spreadsheet_number(text));
    }
    for (const char* text : {"", "0", "5220263081", "123456789012345", "04-357", "0,5", "0a"}) {
        CAPTURE(text);
        CHECK_FALSE(spreadsheet_number(text));
    }
}

TEST_CASE("core::truncated")
{
    CHECK(truncated("Żoliborz", 8) == "Żoliborz");
    CHECK(truncated("Żoliborz", 7) == "Żolibo…");
    CHECK(truncated("ąę ćź", 4) == "ąę…");  // no space before the ellipsis
    CHECK(truncated("", 3).empty());
}

TEST_CASE("core::capitalized")
{
    CHECK(capitalized("wykonanie budżetu") == "Wykonanie budżetu");
    CHECK(capitalized("średnia") == "Średnia");
    CHECK(capitalized("Już") == "Już");
    CHECK(capitalized("") == "");
}
