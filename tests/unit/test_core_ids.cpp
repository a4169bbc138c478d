#include "core/error.hpp"
#include "core/ids.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace toro;

namespace {

template <typename Id> std::string error_of(std::string_view text)
{
    try {
        Id::parse(text);
    } catch (const InvalidValue& error) {
        return error.what();
    }
    return "(no error)";
}

}  // namespace

TEST_CASE("core::Nip::parse")
{
    SUBCASE("valid numbers from DOMAIN.md")
    {
        CHECK(Nip::parse("8567346215").digits() == "8567346215");
        CHECK(Nip::parse("5261040828").digits() == "5261040828");
    }

    SUBCASE("prefix, spaces and dashes are stripped")
    {
        CHECK(Nip::parse("526-104-08-28").digits() == "5261040828");
        CHECK(Nip::parse("526 104 08 28").digits() == "5261040828");
        CHECK(Nip::parse("PL5261040828").digits() == "5261040828");
        CHECK(Nip::parse("pl 526-10-40-828").digits() == "5261040828");
        CHECK(Nip::parse("  PL 856-734-62-15  ").digits() == "8567346215");
    }

    SUBCASE("formatted")
    {
        CHECK(Nip::parse("5261040828").formatted() == "526-104-08-28");
        CHECK(Nip::parse("PL8567346215").formatted() == "856-734-62-15");
    }

    SUBCASE("wrong check digit")
    {
        CHECK_THROWS_AS(Nip::parse("5261040829"), InvalidValue);
        CHECK_THROWS_AS(Nip::parse("8567346216"), InvalidValue);
        CHECK_THROWS_AS(Nip::parse("1234567890"), InvalidValue);
        CHECK(error_of<Nip>("5261040829") == "NIP check digit does not match");
    }

    SUBCASE("weighted sum of 10 never gives a valid NIP")
    {
        // 1·6 + 1·6 + 6·7 = 54 and 54 mod 11 = 10, which no check digit can match.
        for (char last = '0'; last <= '9'; ++last) {
            const std::string nip = std::string("100000016") + last;
            CAPTURE(nip);
            CHECK_THROWS_AS(Nip::parse(nip), InvalidValue);
        }
    }

    SUBCASE("wrong length")
    {
        CHECK(error_of<Nip>("526104082") == "NIP must have 10 digits, got 9");
        CHECK(error_of<Nip>("52610408281") == "NIP must have 10 digits, got 11");
        CHECK(error_of<Nip>("") == "NIP must have 10 digits, got 0");
        CHECK_THROWS_AS(Nip::parse("PL"), InvalidValue);
    }

    SUBCASE("letters and other characters")
    {
        CHECK_THROWS_AS(Nip::parse("526104082A"), InvalidValue);
        CHECK_THROWS_AS(Nip::parse("DE5261040828"), InvalidValue);
        CHECK_THROWS_AS(Nip::parse("526.104.08.28"), InvalidValue);
        CHECK_THROWS_AS(Nip::parse("5261040828PL"), InvalidValue);
        CHECK_THROWS_AS(Nip::parse("NIP 5261040828"), InvalidValue);
    }

    SUBCASE("equality")
    {
        CHECK(Nip::parse("PL 526-104-08-28") == Nip::parse("5261040828"));
        CHECK_FALSE(Nip::parse("8567346215") == Nip::parse("5261040828"));
    }
}

TEST_CASE("core::Regon::parse")
{
    SUBCASE("valid 9-digit numbers")
    {
        CHECK(Regon::parse("123456785").digits() == "123456785");
        CHECK(Regon::parse("192598184").digits() == "192598184");
        CHECK(Regon::parse(" 192598184 ").digits() == "192598184");
    }

    SUBCASE("valid 14-digit number")
    {
        CHECK(Regon::parse("12345678512347").digits() == "12345678512347");
    }

    SUBCASE("wrong check digits")
    {
        CHECK_THROWS_AS(Regon::parse("123456786"), InvalidValue);
        CHECK_THROWS_AS(Regon::parse("192598185"), InvalidValue);
        CHECK_THROWS_AS(Regon::parse("12345678512348"), InvalidValue);
        CHECK(error_of<Regon>("123456786") == "REGON check digit does not match");
        CHECK(error_of<Regon>("12345678512348") == "REGON check digit does not match");
    }

    SUBCASE("a 14-digit REGON must start with a valid REGON-9")
    {
        CHECK_THROWS_AS(Regon::parse("12345678612342"), InvalidValue);
        // Its own last check digit is right (Σ = 225, 225 mod 11 = 5), but 123456786 is invalid.
        CHECK_THROWS_AS(Regon::parse("12345678600015"), InvalidValue);
        CHECK(error_of<Regon>("12345678600015") == "the first nine digits of a 14-digit REGON are not a valid REGON");
    }

    SUBCASE("wrong length and letters")
    {
        CHECK(error_of<Regon>("12345678") == "REGON must have 9 or 14 digits, got 8");
        CHECK(error_of<Regon>("1234567851") == "REGON must have 9 or 14 digits, got 10");
        CHECK(error_of<Regon>("") == "REGON must have 9 or 14 digits, got 0");
        CHECK_THROWS_AS(Regon::parse("12345678A"), InvalidValue);
        CHECK_THROWS_AS(Regon::parse("PL123456785"), InvalidValue);
    }
}

TEST_CASE("core::Krs::parse")
{
    SUBCASE("zero-padded to ten digits")
    {
        CHECK(Krs::parse("0000012345").digits() == "0000012345");
        CHECK(Krs::parse("12345").digits() == "0000012345");
        CHECK(Krs::parse("1").digits() == "0000000001");
        CHECK(Krs::parse("9999999999").digits() == "9999999999");
        CHECK(Krs::parse(" 12345 ").digits() == "0000012345");
        CHECK(Krs::parse("12345") == Krs::parse("000012345"));
    }

    SUBCASE("invalid")
    {
        CHECK(error_of<Krs>("12345678901") == "KRS must have 1 to 10 digits, got 11");
        CHECK_THROWS_AS(Krs::parse(""), InvalidValue);
        CHECK_THROWS_AS(Krs::parse("0"), InvalidValue);
        CHECK(error_of<Krs>("0000000000") == "KRS cannot be all zeros");
        CHECK_THROWS_AS(Krs::parse("12a45"), InvalidValue);
        CHECK_THROWS_AS(Krs::parse("-12345"), InvalidValue);
        CHECK_THROWS_AS(Krs::parse("12 345"), InvalidValue);
    }
}

TEST_CASE("core::PostalCode::parse")
{
    CHECK(PostalCode::parse("00-950").text() == "00-950");
    CHECK(PostalCode::parse(" 02-495\t").text() == "02-495");
    CHECK(PostalCode::parse("80-001") == PostalCode::parse("80-001"));
    for (const char* text :
         {"", "00950", "00 950", "0-950", "000-950", "00-95", "00-9500", "0a-950", "00_950", "00--950", "00-95a"}) {
        CAPTURE(text);
        CHECK_THROWS_AS(PostalCode::parse(text), InvalidValue);
    }
    CHECK(error_of<PostalCode>("00950") == "postal code must look like NN-NNN");
}

TEST_CASE("core::BankAccount::parse")
{
    SUBCASE("valid, with or without PL and spaces")
    {
        const BankAccount account = BankAccount::parse("61109010140000071219812874");
        CHECK(account.digits() == "61109010140000071219812874");
        CHECK(account.iban() == "PL61109010140000071219812874");
        CHECK(BankAccount::parse("61 1090 1014 0000 0712 1981 2874") == account);
        CHECK(BankAccount::parse("PL61 1090 1014 0000 0712 1981 2874") == account);
        CHECK(BankAccount::parse("pl61109010140000071219812874") == account);
        CHECK(BankAccount::parse("  PL 61109010140000071219812874 ") == account);
        CHECK(BankAccount::parse(account.iban()) == account);
    }

    SUBCASE("wrong check digits")
    {
        CHECK_THROWS_AS(BankAccount::parse("61109010140000071219812875"), InvalidValue);
        CHECK_THROWS_AS(BankAccount::parse("62109010140000071219812874"), InvalidValue);
        CHECK_THROWS_AS(BankAccount::parse("16109010140000071219812874"), InvalidValue);
        CHECK(error_of<BankAccount>("61109010140000071219812875") == "bank account check digits do not match");
    }

    SUBCASE("wrong length and other characters")
    {
        CHECK(error_of<BankAccount>("6110901014000007121981287") == "bank account must have 26 digits, got 25");
        CHECK(error_of<BankAccount>("611090101400000712198128740") == "bank account must have 26 digits, got 27");
        CHECK_THROWS_AS(BankAccount::parse(""), InvalidValue);
        CHECK_THROWS_AS(BankAccount::parse("DE61109010140000071219812874"), InvalidValue);
        CHECK_THROWS_AS(BankAccount::parse("61-1090-1014-0000-0712-1981-2874"), InvalidValue);
        CHECK_THROWS_AS(BankAccount::parse("6110901014000007121981287X"), InvalidValue);
    }
}
