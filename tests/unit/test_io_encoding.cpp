#include "io/encoding.hpp"
#include "io/input.hpp"

#include "io_test_support.hpp"

#include <doctest/doctest.h>
#include <sstream>

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
    CHECK(parse_encoding("") == Encoding::utf8);
    CHECK(parse_encoding("utf-8") == Encoding::utf8);
    CHECK(parse_encoding("UTF8") == Encoding::utf8);
    CHECK(parse_encoding("cp1250") == Encoding::cp1250);
    CHECK(parse_encoding("Windows-1250") == Encoding::cp1250);
    CHECK(parse_encoding("ISO-8859-2") == Encoding::iso_8859_2);
    CHECK(parse_encoding("latin2") == Encoding::iso_8859_2);
    CHECK(encoding_name(Encoding::cp1250) == "cp1250");
    CHECK(error_text([] { parse_encoding("koi8-r"); }) ==
          "--encoding: unknown encoding 'koi8-r' (use utf-8, cp1250 or iso-8859-2) (exit 2)");
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
            std::istringstream in("a\n\xb9" "b\nc\x98" "d");
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
              "leave out --encoding (exit 65)");
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
    const auto path = dir.write("a.csv", "x,y\n");
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
