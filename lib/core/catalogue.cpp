#include "core/catalogue.hpp"

#include <fmt/args.h>
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>

namespace toro {

namespace {

const CatalogueEntry* find_entry(Lang lang, std::string_view key)
{
    const auto entries = catalogue_entries(lang);
    const auto found = std::lower_bound(entries.begin(), entries.end(), key,
                                        [](const CatalogueEntry& entry, std::string_view k) { return entry.key < k; });
    return found != entries.end() && found->key == key ? &*found : nullptr;
}

// "-0", "-0.0" and the like become unsigned: a rounded value of zero has no sign for people.
void drop_negative_zero(std::string& text)
{
    if (text.starts_with('-') && text.find_first_not_of("0.", 1) == std::string::npos) {
        text.erase(0, 1);
    }
}

std::string with_mark(std::string text, char mark)
{
    std::replace(text.begin(), text.end(), '.', mark);
    return text;
}

// The plain text of a whole number of złoty or any digits, grouped by threes.
std::string grouped(std::string_view digits, std::string_view separator)
{
    std::string result;
    result.reserve(digits.size() + digits.size() / 3 * separator.size());
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) {
            result += separator;
        }
        result += digits[i];
    }
    return result;
}

std::string shortest(double value)
{
    return fmt::format("{}", value);
}

// The value of an argument as text in `lang` (integers too: plural choices have been made).
std::string arg_text(const Arg::Value& value, Lang lang, bool machine)
{
    const Formatter& format = formatter(lang);
    return std::visit(
        [&](const auto& v) -> std::string {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, std::int64_t>) {
                return std::to_string(v);
            } else if constexpr (std::is_same_v<T, double>) {
                return format.number(v);
            } else if constexpr (std::is_same_v<T, std::string>) {
                return v;
            } else if constexpr (std::is_same_v<T, Money>) {
                return format.money(v);
            } else if constexpr (std::is_same_v<T, Date>) {
                return format.date(v);
            } else if constexpr (std::is_same_v<T, Period>) {
                return format.period(v);
            } else if constexpr (std::is_same_v<T, Percent>) {
                return format.percent(v.fraction);
            } else if constexpr (std::is_same_v<T, Named>) {
                if (machine) {
                    return v.code;
                }
                const std::string& name = lang == Lang::en && !v.name_en.empty() ? v.name_en : v.name;
                if (name.empty()) {
                    return v.code;
                }
                return v.with_code ? say(lang, "value.code_name", {{"code", v.code}, {"name", name}}) : name;
            } else if (!v) {
                return std::string();
            } else {
                return machine ? v->machine_text() : v->text(lang);
            }
        },
        value);
}

const Arg* find_arg(const std::vector<Arg>& args, std::string_view name)
{
    for (const auto& arg : args) {
        if (arg.name == name) {
            return &arg;
        }
    }
    return nullptr;
}

// The number of decimals a spec ".Nf" asks for; nullopt for any other spec.
std::optional<int> fixed_decimals(std::string_view spec)
{
    if (spec.size() < 3 || spec.front() != '.' || spec.back() != 'f') {
        return std::nullopt;
    }
    int decimals = 0;
    for (const char c : spec.substr(1, spec.size() - 2)) {
        if (c < '0' || c > '9') {
            return std::nullopt;
        }
        decimals = decimals * 10 + (c - '0');
    }
    return decimals;
}

// The text of one field `{name:spec}`: a number, an amount or a percentage by the language's
// formatter and the spec ("" the usual form; ".Nf" N decimals; "plain" a number as written in
// data, an amount without currency and separators), anything else by fmt's spec.
std::string field_text(const Arg& arg, std::string_view spec, Lang lang, bool machine)
{
    const Formatter& format = formatter(lang);
    if (const auto* real = std::get_if<double>(&arg.value)) {
        if (spec == "plain") {
            return format.plain(*real);
        }
        if (const auto decimals = fixed_decimals(spec)) {
            return with_mark(fmt::format("{:.{}f}", *real, *decimals), format.decimal_mark);
        }
        return format.number(*real);
    }
    if (const auto* money = std::get_if<Money>(&arg.value)) {
        return spec == "plain" ? with_mark(money->to_machine(), format.decimal_mark) : format.money(*money);
    }
    if (const auto* percent = std::get_if<Percent>(&arg.value)) {
        if (const auto decimals = fixed_decimals(spec)) {
            return with_mark(fmt::format("{:.{}f}", percent->fraction * 100.0, *decimals), format.decimal_mark) + " %";
        }
        return format.percent(percent->fraction);
    }
    std::string text = arg_text(arg.value, lang, machine);
    if (spec.empty() || spec == "plain") {
        return text;
    }
    if (const auto* whole = std::get_if<std::int64_t>(&arg.value)) {
        return fmt::vformat(fmt::format("{{:{}}}", spec), fmt::make_format_args(*whole));
    }
    return fmt::vformat(fmt::format("{{:{}}}", spec), fmt::make_format_args(text));
}

// The form of a `{name|form|…}` choice that agrees with the integer argument `name`.
std::string_view chosen_form(Lang lang, std::string_view field, const std::vector<Arg>& args)
{
    const auto bar = field.find('|');
    const Arg* arg = find_arg(args, field.substr(0, bar));
    if (arg == nullptr) {
        throw fmt::format_error("no argument");
    }
    std::int64_t count = 0;
    if (const auto* whole = std::get_if<std::int64_t>(&arg->value)) {
        count = *whole;
    } else if (const auto* real = std::get_if<double>(&arg->value)) {
        count = static_cast<std::int64_t>(*real);
    }
    std::size_t wanted = plural_form(lang, count);
    for (std::size_t start = bar + 1;; --wanted) {
        const auto next = field.find('|', start);
        if (wanted == 0 || next == std::string_view::npos) {
            return field.substr(start, next == std::string_view::npos ? std::string_view::npos : next - start);
        }
        start = next + 1;
    }
}

}  // namespace

std::vector<std::string> template_fields(std::string_view text)
{
    std::vector<std::string> names;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '{' && i + 1 < text.size() && text[i + 1] == '{') {
            ++i;
        } else if (text[i] == '{') {
            const auto end = text.find('}', i);
            if (end == std::string_view::npos) {
                break;
            }
            const auto field = text.substr(i + 1, end - i - 1);
            names.emplace_back(field.substr(0, field.find_first_of(":|")));
            i = end;
        }
    }
    return names;
}

Message Message::verbatim(std::string text)
{
    Message message;
    message.m_verbatim = std::move(text);
    return message;
}

Message& Message::with(Arg arg)
{
    m_args.push_back(std::move(arg));
    return *this;
}

std::string Message::text(Lang lang) const
{
    if (m_key.empty()) {
        return m_verbatim;
    }
    const CatalogueEntry* entry = find_entry(lang, m_key);
    if (entry == nullptr) {
        entry = find_entry(Lang::en, m_key);
    }
    if (entry == nullptr) {
        return m_key;
    }
    return fill(lang, entry->text, m_args);
}

std::string fill(Lang lang, std::string_view text, const std::vector<Arg>& args, bool machine)
{
    std::string out;
    out.reserve(text.size() + 16);
    try {
        for (std::size_t i = 0; i < text.size(); ++i) {
            const char c = text[i];
            if ((c == '{' || c == '}') && i + 1 < text.size() && text[i + 1] == c) {
                out += c;  // "{{" and "}}"
                ++i;
                continue;
            }
            if (c != '{') {
                out += c;
                continue;
            }
            const auto end = text.find('}', i);
            if (end == std::string_view::npos) {
                throw fmt::format_error("unterminated field");
            }
            const auto field = text.substr(i + 1, end - i - 1);
            i = end;
            if (field.find('|') != std::string_view::npos) {
                out += chosen_form(lang, field, args);
                continue;
            }
            const auto colon = field.find(':');
            const Arg* arg = find_arg(args, field.substr(0, colon));
            if (arg == nullptr) {
                throw fmt::format_error("no argument");
            }
            out += field_text(*arg, colon == std::string_view::npos ? std::string_view() : field.substr(colon + 1),
                              lang, machine);
        }
    } catch (const fmt::format_error&) {
        return std::string(text);
    }
    return out;
}

std::string Message::machine_text() const
{
    if (m_key.empty()) {
        return m_verbatim;
    }
    const CatalogueEntry* entry = find_entry(Lang::en, m_key);
    return entry == nullptr ? m_key : fill(Lang::en, entry->text, m_args, true);
}

std::string say(Lang lang, Key key, std::initializer_list<Arg> args)
{
    return Message(key, args).text(lang);
}

std::optional<std::string_view> find_text(Lang lang, std::string_view key)
{
    const CatalogueEntry* entry = find_entry(lang, key);
    return entry == nullptr ? std::nullopt : std::optional(entry->text);
}

std::size_t plural_form(Lang lang, std::int64_t count)
{
    const std::uint64_t n = count < 0 ? 0 - static_cast<std::uint64_t>(count) : static_cast<std::uint64_t>(count);
    if (lang == Lang::en) {
        return n == 1 ? 0 : 1;
    }
    const auto last = n % 10;
    const auto last_two = n % 100;
    if (n == 1) {
        return 0;
    }
    return last >= 2 && last <= 4 && !(last_two >= 12 && last_two <= 14) ? 1 : 2;
}

std::size_t plural_forms(Lang lang)
{
    return lang == Lang::pl ? 3 : 2;
}

std::string Formatter::number(double value) const
{
    if (!std::isfinite(value)) {
        return shortest(value);
    }
    // A positive value too small for two decimals (a p-value, say) is not zero to a reader.
    if (value > 0 && value < 0.005) {
        return with_mark("< 0.01", decimal_mark);
    }
    std::string text = fmt::format("{:.2f}", value);
    while (text.ends_with('0')) {
        text.pop_back();
    }
    if (text.ends_with('.')) {
        text.pop_back();
    }
    drop_negative_zero(text);
    return with_mark(std::move(text), decimal_mark);
}

std::string Formatter::decimal(double value, int decimals) const
{
    if (!std::isfinite(value)) {
        return shortest(value);
    }
    std::string plain = fmt::format("{:.{}f}", value, decimals);
    drop_negative_zero(plain);
    const bool negative = plain.starts_with('-');
    const std::size_t begin = negative ? 1 : 0;
    const std::size_t point = std::min(plain.find('.'), plain.size());
    std::string out = negative ? "-" : "";
    out += grouped(std::string_view(plain).substr(begin, point - begin), group_separator);
    if (point < plain.size()) {
        out += decimal_mark;
        out += plain.substr(point + 1);
    }
    return out;
}

std::string Formatter::percent(double fraction) const
{
    if (!std::isfinite(fraction)) {
        return shortest(fraction);
    }
    std::string text = fmt::format("{:.1f}", fraction * 100.0);
    drop_negative_zero(text);
    return with_mark(std::move(text), decimal_mark) + " %";
}

std::string Formatter::money(Money amount) const
{
    const std::int64_t grosze = amount.grosze();
    const std::uint64_t abs = grosze < 0 ? 0 - static_cast<std::uint64_t>(grosze) : static_cast<std::uint64_t>(grosze);
    return fmt::format("{}{}{}{}{:02}{}", grosze < 0 ? "-" : "", money_prefix,
                       grouped(std::to_string(abs / 100), group_separator), decimal_mark, abs % 100, money_suffix);
}

std::string Formatter::date(Date date) const
{
    return date.to_string();
}

std::string Formatter::period(Period period) const
{
    return period.to_string();
}

std::string Formatter::p_value(double p) const
{
    if (!std::isfinite(p)) {
        return shortest(p);
    }
    return with_mark(p < 0.001 ? std::string("< 0.001") : fmt::format("{:.3f}", p), decimal_mark);
}

std::string Formatter::plain(double value) const
{
    return with_mark(shortest(value), decimal_mark);
}

std::string Formatter::yes_no(bool value) const
{
    return value ? say(lang, "value.yes") : say(lang, "value.no");
}

std::span<const CatalogueEntry> catalogue_entries(Lang lang)
{
    return lang == Lang::pl ? polish_catalogue() : english_catalogue();
}

const Formatter& formatter(Lang lang)
{
    // Polish: a space between groups of digits, a decimal comma, "zł" after the amount.
    static constexpr Formatter polish{Lang::pl, ',', " ", "", " z\xC5\x82"};
    static constexpr Formatter english{Lang::en, '.', ",", "PLN ", ""};
    return lang == Lang::pl ? polish : english;
}

}  // namespace toro
