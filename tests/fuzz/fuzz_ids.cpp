// The identifier parsers (Nip, Regon, Krs, PostalCode, BankAccount) on any text: each either
// throws InvalidValue or gives a value whose canonical forms parse back to the same value.
#include "core/error.hpp"
#include "core/ids.hpp"

#include <algorithm>
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

namespace {

void check(bool property)
{
    if (!property) {
        std::abort();
    }
}

bool all_digits(const std::string& text, std::size_t size)
{
    return text.size() == size && std::all_of(text.begin(), text.end(),
                                              [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; });
}

// Parses `text` as T; when it is valid, runs `properties` on the value.
template <typename T, typename Properties> void try_parse(std::string_view text, Properties properties)
{
    try {
        properties(T::parse(text));
    } catch (const toro::InvalidValue&) {
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    try_parse<toro::Nip>(text, [](const toro::Nip& nip) {
        check(all_digits(nip.digits(), 10));
        check(toro::Nip::parse(nip.digits()) == nip);
        check(toro::Nip::parse(nip.formatted()) == nip);
    });
    try_parse<toro::Regon>(text, [](const toro::Regon& regon) {
        check(all_digits(regon.digits(), 9) || all_digits(regon.digits(), 14));
        check(toro::Regon::parse(regon.digits()) == regon);
        if (regon.digits().size() == 14) {
            toro::Regon::parse(regon.digits().substr(0, 9));  // its first nine digits are a REGON too
        }
    });
    try_parse<toro::Krs>(text, [](const toro::Krs& krs) {
        check(all_digits(krs.digits(), 10));
        check(krs.digits() != "0000000000");
        check(toro::Krs::parse(krs.digits()) == krs);
    });
    try_parse<toro::PostalCode>(text, [](const toro::PostalCode& code) {
        check(code.text().size() == 6 && code.text()[2] == '-');
        check(toro::PostalCode::parse(code.text()) == code);
    });
    try_parse<toro::BankAccount>(text, [](const toro::BankAccount& account) {
        check(all_digits(account.digits(), 26));
        check(toro::BankAccount::parse(account.digits()) == account);
        check(toro::BankAccount::parse(account.iban()) == account);
    });
    return 0;
}
