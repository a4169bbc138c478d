#include "io/encoding.hpp"
#include "io/input.hpp"

#include "io_test_support.hpp"

#include <algorithm>
#include <doctest/doctest.h>
#include <fstream>
#include <sstream>
#include <sys/stat.h>
#include <thread>

using namespace toro;
using namespace toro::io;
using toro::test::error_text;
using toro::test::ScratchDir;
using toro::test::utf16le;

namespace {

// All the text of `bytes` read as `encoding` in pieces of `chunk_size` bytes.
std::string decode(const std::string& bytes, Encoding encoding, std::size_t chunk_size = default_chunk_size)
{
    std::istringstream in(bytes);
    Utf8Reader reader(in, "in.txt", encoding, chunk_size);
    std::string text;
    std::string piece;
    while (reader.read(piece)) {
        CHECK_FALSE(piece.empty());
        text += piece;
    }
    return text;
}

// The same for every small piece size, checked against reading in one go.
std::string decode_in_pieces(const std::string& bytes, Encoding encoding)
{
    const std::string whole = decode(bytes, encoding);
    for (const std::size_t chunk_size : {1u, 2u, 3u, 5u}) {
        CHECK(decode(bytes, encoding, chunk_size) == whole);
    }
    return whole;
}

}  // namespace

TEST_CASE("io::parse_encoding")
{
    CHECK(parse_encoding("") == Encoding::detect);
    CHECK(parse_encoding("Auto") == Encoding::detect);
    CHECK(encoding_name(Encoding::detect) == "auto");
    CHECK(parse_encoding("utf-8") == Encoding::utf8);
    CHECK(parse_encoding("UTF8") == Encoding::utf8);
    CHECK(parse_encoding("cp1250") == Encoding::cp1250);
    CHECK(parse_encoding("Windows-1250") == Encoding::cp1250);
    CHECK(parse_encoding("ISO-8859-2") == Encoding::iso_8859_2);
    CHECK(parse_encoding("latin2") == Encoding::iso_8859_2);
    CHECK(encoding_name(Encoding::cp1250) == "cp1250");
    CHECK(error_text([] { parse_encoding("koi8-r"); }) ==
          "--encoding: unknown encoding 'koi8-r' (use auto, utf-8, cp1250 or iso-8859-2) (exit 2)");
}

TEST_CASE("io::Utf8Reader")
{
    SUBCASE("UTF-8 passes through, without its byte order mark")
    {
        CHECK(decode_in_pieces("zażółć\n", Encoding::utf8) == "zażółć\n");
        CHECK(decode_in_pieces("\xEF\xBB\xBFzażółć", Encoding::utf8) == "zażółć");
        CHECK(decode_in_pieces("\xEF\xBB\xBF", Encoding::utf8).empty());
        CHECK(decode_in_pieces("", Encoding::utf8).empty());
        CHECK(decode_in_pieces("a\xEF\xBB\xBF", Encoding::utf8) == "a\xEF\xBB\xBF");  // only at the start
        CHECK(decode_in_pieces("\xff\xfe", Encoding::utf8).empty());                  // a UTF-16 mark and nothing else
        std::istringstream in("x");
        CHECK(Utf8Reader(in, "in.txt", Encoding::utf8).unchecked());
    }

    SUBCASE("cp1250 and ISO-8859-2")
    {
        CHECK(decode_in_pieces("\xb9\xe6\xea\xb3\xf1\xf3\x9c\x9f\xbf", Encoding::cp1250) == "ąćęłńóśźż");
        CHECK(decode_in_pieces("\xa5\xc6\xca\xa3\xd1\xd3\x8c\x8f\xaf", Encoding::cp1250) == "ĄĆĘŁŃÓŚŹŻ");
        CHECK(decode_in_pieces("\x84"
                               "cudzys\xb3\xf3w\x94 \x80",
                               Encoding::cp1250) == "„cudzysłów” €");
        CHECK(decode_in_pieces("\xb1\xe6\xea\xb3\xf1\xf3\xb6\xbc\xbf", Encoding::iso_8859_2) == "ąćęłńóśźż");
        CHECK(decode_in_pieces("\xa1\xc6\xca\xa3\xd1\xd3\xa6\xac\xaf", Encoding::iso_8859_2) == "ĄĆĘŁŃÓŚŹŻ");
        std::istringstream in("x");
        Utf8Reader reader(in, "in.txt", Encoding::cp1250);
        std::string text;
        CHECK(reader.read(text));
        CHECK_FALSE(reader.unchecked());
    }

    SUBCASE("a byte that is no character of the declared encoding names its line")
    {
        CHECK(error_text([] { decode("a\nb\nc\x98", Encoding::cp1250); }) ==
              "in.txt:3: byte 0x98 is not a cp1250 character (exit 65)");
        CHECK(error_text([] { decode("a\nb\nc\x98", Encoding::cp1250, 1); }) ==
              "in.txt:3: byte 0x98 is not a cp1250 character (exit 65)");
    }

    SUBCASE("the text before a bad byte comes first, in one piece or many")
    {
        for (const std::size_t chunk_size : {std::size_t{1}, std::size_t{4}, default_chunk_size}) {
            std::istringstream in("a\n\xb9"
                                  "b\nc\x98"
                                  "d");
            Utf8Reader reader(in, "in.txt", Encoding::cp1250, chunk_size);
            std::string text;
            std::string piece;
            CHECK(error_text([&] {
                      while (reader.read(piece)) {
                          text += piece;
                      }
                  }) == "in.txt:3: byte 0x98 is not a cp1250 character (exit 65)");
            CHECK(text == "a\n\u0105b\nc");
            CHECK_THROWS_AS(reader.read(piece), InputError);  // and it stays failed
        }
    }

    SUBCASE("a UTF-8 file declared cp1250 is refused")
    {
        CHECK(error_text([] { decode("\xEF\xBB\xBFkod", Encoding::cp1250); }) ==
              "in.txt: the file starts with a UTF-8 byte order mark, so it is not cp1250 as declared: "
              "use --encoding utf-8, or auto (the default) (exit 65)");
        // The first non-ASCII text decides, on whichever line and in whichever piece it is.
        for (const std::size_t chunk_size : {std::size_t{1}, std::size_t{3}, default_chunk_size}) {
            CHECK(error_text([&] { decode("kod;nazwa\r\nA;Zwi\xC4\x85zek\r\n", Encoding::cp1250, chunk_size); }) ==
                  "in.txt:2: this line holds UTF-8 text, so the file is not cp1250 as declared: use --encoding "
                  "utf-8, or auto (the default) (exit 65)");
            CHECK(error_text([&] { decode("a\nb\n\xC5\x81\n", Encoding::iso_8859_2, chunk_size); }) ==
                  "in.txt:3: this line holds UTF-8 text, so the file is not iso-8859-2 as declared: use "
                  "--encoding utf-8, or auto (the default) (exit 65)");
        }
        // cp1250 text that happens to hold no valid UTF-8 goes in.
        CHECK(decode_in_pieces("Zwi\xb9zek \xaf\xf3\xb3w", Encoding::cp1250) == "Związek Żółw");
    }

    SUBCASE("auto: valid UTF-8 is UTF-8, anything else cp1250")
    {
        const auto detected = [](const std::string& bytes, std::size_t chunk_size) {
            std::istringstream in(bytes);
            Utf8Reader reader(in, "in.txt", Encoding::detect, chunk_size);
            std::string text;
            std::string piece;
            while (reader.read(piece)) {
                text += piece;
            }
            return std::make_pair(text, std::string(encoding_name(reader.encoding())));
        };
        for (const std::size_t chunk_size : {std::size_t{1}, std::size_t{2}, std::size_t{5}, default_chunk_size}) {
            CAPTURE(chunk_size);
            CHECK(detected("a;b\r\nZwi\xC4\x85zek\r\n", chunk_size) ==
                  std::make_pair(std::string("a;b\r\nZwiązek\r\n"), std::string("utf-8")));
            CHECK(detected("\xEF\xBB\xBFZwi\xC4\x85zek", chunk_size) ==
                  std::make_pair(std::string("Związek"), std::string("utf-8")));
            CHECK(detected("a;b\r\nZwi\xb9zek \xaf\xf3\xb3w\r\n", chunk_size) ==
                  std::make_pair(std::string("a;b\r\nZwiązek Żółw\r\n"), std::string("cp1250")));
            CHECK(detected("plain ASCII\n", chunk_size) ==
                  std::make_pair(std::string("plain ASCII\n"), std::string("utf-8")));
            CHECK(detected("ends in \xC4", chunk_size).second == "cp1250");  // a character cut off is not UTF-8
            CHECK(detected(utf16le(u"Żółw"), chunk_size) == std::make_pair(std::string("Żółw"), std::string("utf-8")));
        }
        // A cp1250 byte that is no character names its line, as when cp1250 is declared.
        CHECK(error_text([&] { detected("a\nb\xb9\x98\n", 64); }) ==
              "in.txt:2: byte 0x98 is not a cp1250 character (exit 65)");
    }

    SUBCASE("check_utf8")
    {
        CHECK(check_utf8("abc").valid);
        CHECK_FALSE(check_utf8("abc").multibyte);
        CHECK(check_utf8("\xC5\x81\xF0\x9F\x98\x80").multibyte);
        CHECK_FALSE(check_utf8("\xC0\x80").valid);          // overlong
        CHECK_FALSE(check_utf8("\xED\xA0\x80").valid);      // a surrogate
        CHECK_FALSE(check_utf8("\xF4\x90\x80\x80").valid);  // above U+10FFFF
        CHECK_FALSE(check_utf8("\xb9").valid);
        const auto cut = check_utf8("a\xE2\x82");
        CHECK((cut.valid && cut.incomplete && !cut.multibyte));
    }

    SUBCASE("UTF-16 is recognized by its byte order mark, characters split between pieces")
    {
        const std::string bytes = utf16le(u"kod\tnazwa\r\n1\tŻółw 😀\r\n");
        CHECK(decode_in_pieces(bytes, Encoding::utf8) == "kod\tnazwa\r\n1\tŻółw 😀\r\n");
        CHECK(error_text([&] { decode(bytes + "x", Encoding::utf8); }) ==
              "in.txt:3: the file ends in the middle of a character (exit 65)");
    }

    SUBCASE("a file larger than a piece, split inside characters")
    {
        ScratchDir dir;
        std::string cp1250;
        std::string utf8;
        while (cp1250.size() < 2 * default_chunk_size + 17) {
            cp1250 += "\xb3\xf3\x9f ";
            utf8 += "łóź ";
        }
        auto in = open_input(dir.write("big.txt", cp1250));
        Utf8Reader reader(*in, "big.txt", Encoding::cp1250);
        std::string text;
        std::string piece;
        std::size_t pieces = 0;
        while (reader.read(piece)) {
            text += piece;
            ++pieces;
        }
        CHECK(pieces >= 3);
        CHECK(text == utf8);
        CHECK(decode(utf8, Encoding::utf8, default_chunk_size) == utf8);
    }
}

TEST_CASE("io::open_input")
{
    ScratchDir dir;
    const std::string path = dir.write("a.csv", "x,y\n");
    auto in = open_input(path);
    char buffer[16];
    CHECK(read_chunk(*in, buffer, sizeof buffer, path) == 4);
    CHECK(std::string(buffer, 4) == "x,y\n");
    CHECK(read_chunk(*in, buffer, sizeof buffer, path) == 0);

    const auto missing = dir.path("missing.csv");
    CHECK(error_text([&] { open_input(missing); }) == missing + ": cannot open: No such file or directory (exit 66)");
    CHECK(error_text([&] { open_input(dir.path("")); }).find("cannot open: Is a directory (exit 66)") !=
          std::string::npos);
    CHECK(open_input("-") != nullptr);
}

TEST_CASE("io::replay")
{
    auto rest = std::make_unique<std::istringstream>("DEF");
    auto in = replay("abc", std::move(rest));
    char buffer[2];
    std::string all;
    std::size_t count = 0;
    while ((count = read_chunk(*in, buffer, sizeof buffer, "in")) > 0) {
        all.append(buffer, count);
    }
    CHECK(all == "abcDEF");
}

namespace {

std::string read_all(std::istream& in, std::size_t limit = std::string::npos)
{
    std::string all;
    char buffer[4096];
    while (all.size() < limit) {
        const auto count = read_chunk(in, buffer, std::min(sizeof buffer, limit - all.size()), "in");
        if (count == 0) {
            break;
        }
        all.append(buffer, count);
    }
    return all;
}

}  // namespace

TEST_CASE("io::Rereadable")
{
    ScratchDir dir;
    std::string text;
    for (int i = 0; i < 30000; ++i) {  // more than one chunk
        text += "V-" + std::to_string(i) + ",2026-01,people,1\n";
    }
    SUBCASE("a regular file is opened again")
    {
        const auto path = dir.path("in.csv");
        std::ofstream(path, std::ios::binary) << text;
        Rereadable input(path);
        CHECK(read_all(*input.open()) == text);
        CHECK(read_all(*input.open()) == text);
    }
    SUBCASE("a pipe is copied as it is read, the unread rest too")
    {
        const auto path = dir.path("feed");
        REQUIRE(::mkfifo(path.c_str(), 0600) == 0);
        std::thread writer([&] { std::ofstream(path, std::ios::binary) << text; });
        Rereadable input(path);
        auto first = input.open();
        CHECK(read_all(*first, 100) == text.substr(0, 100));  // stops early, as a failed reading does
        first.reset();
        CHECK(read_all(*input.open()) == text);
        CHECK(read_all(*input.open()) == text);
        writer.join();
    }
}
