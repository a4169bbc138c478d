#pragma once
// Polish registry identifiers (NIP, REGON, KRS, postal code, bank account; docs/register.md),
// each validated at construction: a value of these types is always valid. parse() throws
// InvalidValue with a plain message otherwise.

#include <string>
#include <string_view>

namespace toro {

// NIP, 10 digits with a mod-11 check digit. Input may carry a "PL" prefix, spaces and dashes.
class Nip {
public:
    static Nip parse(std::string_view text);
    const std::string& digits() const { return m_digits; }  // "5261040828"
    std::string formatted() const;                          // "526-104-08-28"
    bool operator==(const Nip&) const = default;

private:
    explicit Nip(std::string digits) : m_digits(std::move(digits)) {}
    std::string m_digits;
};

// REGON, 9 or 14 digits with check digits (a 14-digit REGON's first 9 digits are a REGON-9).
class Regon {
public:
    static Regon parse(std::string_view text);
    const std::string& digits() const { return m_digits; }
    bool operator==(const Regon&) const = default;

private:
    explicit Regon(std::string digits) : m_digits(std::move(digits)) {}
    std::string m_digits;
};

// KRS, 10 digits; shorter input is zero-padded; all zeros is invalid. Always text.
class Krs {
public:
    static Krs parse(std::string_view text);
    const std::string& digits() const { return m_digits; }  // "0000012345"
    bool operator==(const Krs&) const = default;

private:
    explicit Krs(std::string digits) : m_digits(std::move(digits)) {}
    std::string m_digits;
};

// Polish postal code "NN-NNN".
class PostalCode {
public:
    static PostalCode parse(std::string_view text);
    const std::string& text() const { return m_text; }
    bool operator==(const PostalCode&) const = default;

private:
    explicit PostalCode(std::string text) : m_text(std::move(text)) {}
    std::string m_text;
};

// Polish bank account number (NRB, 26 digits, IBAN check mod 97); input may carry "PL" and
// spaces.
class BankAccount {
public:
    static BankAccount parse(std::string_view text);
    const std::string& digits() const { return m_digits; }  // 26 digits
    std::string iban() const;                               // "PL61109010140000071219812874"
    bool operator==(const BankAccount&) const = default;

private:
    explicit BankAccount(std::string digits) : m_digits(std::move(digits)) {}
    std::string m_digits;
};

}  // namespace toro
