#pragma once
// The catalogue of human text (docs/architecture.md, "The catalogue"): every word and sentence
// a person reads, in each language, under a namespaced key ("flag.missing"). A text is a
// template in fmt's syntax with named arguments ("{file}: {count} rows", "{{" for a brace):
//   {name}          the argument, written by the language's formatter (numbers, money,
//                   percentages, dates; one Formatter per language)
//   {name:spec}     a number or percentage with ".Nf" (N decimals, the language's decimal
//                   mark), a number or amount "plain" (as data writes it: "85799.99"), any other
//                   value with fmt's spec
//   {name|a|b|c}    the form that agrees with the whole number `name`: English has two forms
//                   (1; the rest), Polish three (1; 2–4 except 12–14; the rest):
//                   "{n|raport|raporty|raportów}", "{n|wpłynął|wpłynęły|wpłynęło}"
// A Message keeps a key and its arguments and is worded only when it is shown, so that one
// problem is English in a JSON summary and Polish on stderr. The texts are in
// lib/core/messages_en.cpp and lib/core/messages_pl.cpp.

#include "core/date.hpp"
#include "core/lang.hpp"
#include "core/money.hpp"

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <initializer_list>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

namespace toro {

// One entry of a language's table.
struct CatalogueEntry {
    std::string_view key;
    std::string_view text;
};

// Every entry of `lang`'s table, sorted by key.
std::span<const CatalogueEntry> catalogue_entries(Lang lang);

// The tables themselves (lib/core/messages_en.cpp, lib/core/messages_pl.cpp).
std::span<const CatalogueEntry> english_catalogue();
std::span<const CatalogueEntry> polish_catalogue();

// True when every key is greater than the one before it (sorted, none twice), as the lookup
// needs; each table checks it of itself when compiled.
constexpr bool catalogue_sorted(std::span<const CatalogueEntry> entries)
{
    for (std::size_t i = 1; i < entries.size(); ++i) {
        if (!(entries[i - 1].key < entries[i].key)) {
            return false;
        }
    }
    return true;
}

// True for text shaped like a key: lower-case ASCII letters, digits, '_', '-' and '+' in
// parts joined by single dots, at least two parts ("flag.missing").
constexpr bool is_key_shaped(std::string_view text)
{
    if (text.empty() || text.front() == '.' || text.back() == '.') {
        return false;
    }
    bool dot = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '.') {
            if (text[i - 1] == '.') {
                return false;
            }
            dot = true;
        } else if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '+')) {
            return false;
        }
    }
    return dot;
}

// A key of the catalogue. A literal is checked for its shape when the program is compiled (so
// that English text passed where a key belongs does not compile); whether the catalogue holds
// it is checked by the unit tests, which read every literal key in lib/ and cli/.
class Key {
public:
    consteval Key(const char* name) : m_name(name)  // NOLINT(google-explicit-constructor): literals
    {
        if (!is_key_shaped(m_name)) {
            throw "not a catalogue key: lower-case parts joined by dots";
        }
    }
    // A key put together while the program runs ("report.status." + status).
    static Key composed(std::string_view name) { return Key(name, 0); }

    std::string_view name() const { return m_name; }

private:
    constexpr Key(std::string_view name, int /*composed*/) : m_name(name) {}
    std::string_view m_name;
};

// A fraction shown as a percentage: 0.875 is "87,5 %" in Polish, "87.5 %" in English.
struct Percent {
    double fraction = 0;
};

// A record people know by its name: an organization, a venture, an indicator, a budget category.
// People read its name (the English one in English where there is one, else the name), or its
// code and name ("ORG-006 Fundacja Dobry Start") when `with_code`; machines read the code.
struct Named {
    std::string code;
    std::string name;
    std::string name_en{};
    bool with_code = false;
};

class Message;

// A named argument of a message. Integers stay numbers (a plural form can agree with them);
// other values are written by the language's formatter when the message is worded.
struct Arg {
    using Value = std::variant<std::int64_t, double, std::string, Money, Date, Period, Percent, Named,
                               std::shared_ptr<const Message>>;

    template <typename T>
    Arg(std::string name_, T&& value_) : name(std::move(name_)), value(to_value(std::forward<T>(value_)))
    {
    }

    std::string name;
    Value value;

private:
    template <typename T> static Value to_value(T&& value)
    {
        using U = std::remove_cvref_t<T>;
        static_assert(!std::is_same_v<U, bool>, "a message takes a word for a yes/no value, not a bool");
        if constexpr (std::is_integral_v<U>) {
            return static_cast<std::int64_t>(value);
        } else if constexpr (std::is_floating_point_v<U>) {
            return static_cast<double>(value);
        } else if constexpr (std::is_same_v<U, Money> || std::is_same_v<U, Date> || std::is_same_v<U, Period> ||
                             std::is_same_v<U, Percent> || std::is_same_v<U, Named>) {
            return value;
        } else if constexpr (std::is_same_v<U, Message>) {
            return std::make_shared<const Message>(std::forward<T>(value));
        } else if constexpr (std::is_same_v<U, std::filesystem::path>) {
            return value.string();
        } else {
            return std::string(std::forward<T>(value));
        }
    }
};

// A key with its arguments, worded in a language only when shown; or a text from outside the
// catalogue (the operating system's, SQLite's, a parser's), the same in every language.
class Message {
public:
    Message() = default;
    Message(Key key, std::initializer_list<Arg> args = {}) : m_key(key.name()), m_args(args) {}  // NOLINT: braces
    Message(Key key, std::vector<Arg> args) : m_key(key.name()), m_args(std::move(args)) {}
    // Text that has no words in the catalogue: shown as it is in every language.
    static Message verbatim(std::string text);

    // The message in `lang`; the key itself when the catalogue has no entry for it.
    std::string text(Lang lang) const;
    // The message for machine formats: in English, a Named argument by its code (as a flag's
    // message in JSON reads, whatever names the document knows).
    std::string machine_text() const;
    // The key; empty for verbatim text and an empty message.
    const std::string& key() const { return m_key; }
    const std::vector<Arg>& args() const { return m_args; }
    bool empty() const { return m_key.empty() && m_verbatim.empty(); }
    // Adds an argument (for messages built up step by step).
    Message& with(Arg arg);

private:
    std::string m_key;
    std::vector<Arg> m_args;
    std::string m_verbatim;
};

// The text of `key` in `lang` with `args` in place.
std::string say(Lang lang, Key key, std::initializer_list<Arg> args = {});

// The text of `key` in `lang` when the catalogue has it (no arguments put in).
std::optional<std::string_view> find_text(Lang lang, std::string_view key);

// The template `text` in `lang` with `args` in place; a template's own error (a field naming an
// argument that is not given) leaves it as it is rather than fail; the unit tests keep the
// catalogue free of them. `machine`: Named arguments by their codes.
std::string fill(Lang lang, std::string_view text, const std::vector<Arg>& args, bool machine = false);

// The names of the arguments a template's fields name, in order, repeats included.
std::vector<std::string> template_fields(std::string_view text);

// Which of a language's forms agrees with `count`: English 0 for 1, else 1; Polish 0 for 1,
// 1 for numbers ending in 2–4 except 12–14, else 2 (0, 5–21, 25…).
std::size_t plural_form(Lang lang, std::int64_t count);

// How many forms a `{name|…}` choice has in `lang`.
std::size_t plural_forms(Lang lang);

// How people read values in a language: one formatter per language, used by the messages, the
// tables, the charts and the workbooks.
struct Formatter {
    Lang lang;
    char decimal_mark;                 // ',' in Polish
    std::string_view group_separator;  // between groups of three digits: " " in Polish
    std::string_view money_prefix;     // "PLN " in English
    std::string_view money_suffix;     // " zł" in Polish

    // At most two decimals, trailing zeros dropped ("2", "2,35"); a positive value below 0.005
    // is "< 0,01", not zero; no thousands separators.
    std::string number(double value) const;
    // The shortest text that reads back as the same number, with the language's decimal mark
    // ("12,5", "975").
    std::string plain(double value) const;
    // Exactly `decimals` decimals with thousands separators ("1 234,50").
    std::string decimal(double value, int decimals) const;
    // One decimal and a percent sign: "87,5 %".
    std::string percent(double fraction) const;
    // "1 234,56 zł", "PLN 1,234.56".
    std::string money(Money amount) const;
    // Dates and months are ISO in every language ("2026-11-11", "2026-10").
    std::string date(Date date) const;
    std::string period(Period period) const;
    // A p-value: three decimals, or "< 0,001".
    std::string p_value(double p) const;
    // The catalogue's "tak"/"nie", "yes"/"no".
    std::string yes_no(bool value) const;
};

// The formatter of `lang`.
const Formatter& formatter(Lang lang);

}  // namespace toro
