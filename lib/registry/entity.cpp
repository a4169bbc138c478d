#include "registry/entity.hpp"

#include "core/date.hpp"
#include "core/ids.hpp"
#include "core/money.hpp"
#include "core/number.hpp"
#include "core/text.hpp"
#include "registry/checks.hpp"
#include "registry/loan.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <stdexcept>
#include <unordered_map>

namespace toro::registry {
namespace {

using T = FieldType;

FieldSpec field(std::string name, FieldType type, bool required = false)
{
    return FieldSpec{std::move(name), type, required, {}, std::nullopt};
}

FieldSpec choice(std::string name, std::vector<std::string> choices, bool required = false,
                 std::optional<std::string> fallback = std::nullopt)
{
    return FieldSpec{std::move(name), T::choice, required, std::move(choices), std::move(fallback)};
}

FieldSpec with_fallback(FieldSpec spec, std::string fallback)
{
    spec.fallback = std::move(fallback);
    return spec;
}

// Every entity declared: its fields, key, checks and list filters (a table, long by nature).
std::vector<EntitySpec> build()
{
    return {
        {"indicator",
         "indicator",
         {field("code", T::code, true), field("name", T::text, true), field("name_en", T::text),
          field("unit", T::text, true), choice("kind", {"output", "result"}, false, "output"),
          choice("aggregation", {"sum", "last", "max"}, false, "sum"),
          with_fallback(field("higher_is_better", T::boolean), "true")},
         {"code"},
         "indicator"},
        {"org",
         "org",
         {field("code", T::code, true), field("name", T::text, true), field("short_name", T::text),
          field("legal_form", T::text, true), field("krs", T::krs), field("nip", T::nip), field("regon", T::regon),
          with_fallback(field("opp", T::boolean), "false"), field("opp_since", T::date), field("district", T::text),
          field("address", T::text), field("postal_code", T::postal_code), field("city", T::text),
          field("email", T::email), field("phone", T::text), field("spheres", T::list), field("founded_on", T::date),
          choice("status", {"active", "suspended", "closed"}, false, "active")},
         {"code"},
         "organization",
         check_org,
         {{"district", "district"}, {"sphere", "spheres"}, {"legal_form", "legal_form"}, {"status", "status"}}},
        {"program",
         "program",
         {field("code", T::code, true), field("name", T::text, true), field("year", T::integer, true),
          choice("mode", {"open_call", "small_grant", "local_initiative", "regranting", "loan_fund", "other"}, true),
          choice("form", {"entrusting", "supporting"}), field("spheres", T::list), field("budget", T::money),
          field("opens_on", T::date), field("closes_on", T::date)},
         {"code"},
         "programme",
         check_program,
         {{"year", "year"}, {"mode", "mode"}}},
        {"venture",
         "venture",
         {field("code", T::code, true), field("org", T::text, true), field("program", T::code, true),
          field("title", T::text, true), field("sphere", T::text, true), field("districts", T::list),
          field("starts", T::period, true), field("ends", T::period, true),
          choice("status", {"planned", "active", "completed", "terminated"}, false, "active"),
          field("grant", T::money, true), field("own_funds", T::money), field("in_kind", T::money),
          field("report_day", T::integer), field("use_until", T::date)},
         {"code"},
         "venture",
         check_venture,
         {{"program", "program"},
          {"org", "org"},
          {"status", "status"},
          {"sphere", "sphere"},
          {"district", "districts"}}},
        {"target",
         "target",
         {field("venture", T::code, true), field("indicator", T::code, true),
          with_fallback(field("baseline", T::number), "0"), field("target", T::number, true)},
         {"venture", "indicator"},
         "target",
         check_target,
         {{"venture", "venture"}}},
        {"budget",
         "budget",
         {field("venture", T::code, true), field("category", T::code, true),
          choice("source", {"grant", "own", "in_kind"}, false, "grant"), field("planned", T::money, true)},
         {"venture", "category", "source"},
         "budget line",
         check_budget,
         {{"venture", "venture"}}},
        {"loan",
         "loan",
         {field("code", T::code, true), field("org", T::text, true), field("venture", T::code),
          field("principal", T::money, true), field("annual_rate", T::rate, true),
          field("term_months", T::integer, true), choice("method", {"annuity", "equal_principal"}, true),
          field("disbursed_on", T::date, true), field("first_due_on", T::date),
          with_fallback(field("grace_months", T::integer), "0")},
         {"code"},
         "loan",
         check_loan,
         {{"org", "org"}, {"venture", "venture"}}},
        {"repayment",
         "repayment",
         {field("loan", T::code, true), field("paid_on", T::date, true), field("amount", T::money, true)},
         {"loan", "paid_on", "amount"},
         "repayment",
         check_repayment,
         {{"loan", "loan"}}},
        {"payment",
         "payment",
         {field("venture", T::code, true), field("paid_on", T::date, true), field("amount", T::money, true)},
         {"venture", "paid_on", "amount"},
         "payment",
         check_grant_money,
         {{"venture", "venture"}}},
        {"grant_return",
         "grant_return",
         {field("venture", T::code, true), field("returned_on", T::date, true), field("amount", T::money, true)},
         {"venture", "returned_on", "amount"},
         "return",
         check_grant_money,
         {{"venture", "venture"}}},
        {"consultation",
         "consultation",
         {field("code", T::code, true), field("title", T::text, true), field("held_on", T::date, true),
          field("subject", T::text), field("participants", T::integer, true), field("orgs", T::list)},
         {"code"},
         "consultation",
         check_consultation},
        {"training",
         "training",
         {field("code", T::code, true), field("module", T::text, true), field("title", T::text, true),
          field("held_on", T::date, true), field("hours", T::number),
          with_fallback(field("max_score", T::number), "100")},
         {"code"},
         "training",
         check_training},
        {"attendance",
         "attendance",
         {field("training", T::code, true), field("participant", T::pseudonym, true), field("pre_score", T::number),
          field("post_score", T::number), field("satisfaction", T::number)},
         {"training", "participant"},
         "attendance",
         check_attendance,
         {{"training", "training"}}},
        {"call",
         "call",
         {field("code", T::code, true), field("program", T::code, true), field("title", T::text, true),
          field("opens_on", T::date, true), field("closes_on", T::date, true), field("pool", T::money, true),
          with_fallback(field("min_own_share", T::number), "0"), with_fallback(field("threshold", T::number), "0.6"),
          field("criteria", T::text, true)},
         {"code"},
         "call",
         check_call,
         {{"program", "program"}}},
        {"offer",
         "offer",
         {field("code", T::code, true), field("call", T::code, true), field("org", T::text, true),
          field("title", T::text, true), field("submitted_on", T::date, true), field("requested", T::money, true),
          field("own_funds", T::money), field("in_kind", T::money), field("starts", T::period, true),
          field("ends", T::period, true), field("sphere", T::text, true), field("districts", T::list)},
         {"code"},
         "offer",
         check_offer,
         {{"call", "call"}, {"org", "org"}}},
        {"reviewer",
         "reviewer",
         {field("code", T::code, true), field("name", T::text, true), field("call", T::code, true),
          field("conflicts", T::list)},
         {"code"},
         "reviewer",
         check_reviewer,
         {{"call", "call"}}},
        {"score",
         "score",
         {field("offer", T::code, true), field("reviewer", T::code, true), field("criterion", T::code, true),
          field("points", T::number, true)},
         {"offer", "reviewer", "criterion"},
         "score",
         check_score,
         {{"offer", "offer"}, {"reviewer", "reviewer"}}},
    };
}

// An offer's budget lines and targets: written with it (nested in JSON), as a venture's are.
std::vector<EntitySpec> build_children()
{
    return {
        {"offer_budget",
         "offer_budget",
         {field("offer", T::code, true), field("category", T::code, true),
          choice("source", {"grant", "own", "in_kind"}, false, "grant"), field("planned", T::money, true)},
         {"offer", "category", "source"},
         "budget line",
         check_offer_budget},
        {"offer_target",
         "offer_target",
         {field("offer", T::code, true), field("indicator", T::code, true),
          with_fallback(field("baseline", T::number), "0"), field("target", T::number, true)},
         {"offer", "indicator"},
         "target",
         check_offer_target},
    };
}

std::string input_text(const nlohmann::ordered_json& input)
{
    if (input.is_string()) {
        return std::string(trim(input.get_ref<const std::string&>()));
    }
    if (input.is_null()) {
        return {};
    }
    if (input.is_number() || input.is_boolean()) {
        return input.dump();
    }
    throw InvalidValue(Message("field.expected_single", {{"type", std::string(input.type_name())}}));
}

std::int64_t parse_integer(const std::string& text)
{
    std::int64_t value = 0;
    const auto* end = text.data() + text.size();
    const auto [stop, error] = std::from_chars(text.data(), end, value);
    if (error != std::errc() || stop != end) {
        throw InvalidValue(Message("field.expected_integer"));
    }
    return value;
}

double parse_number(const std::string& text)
{
    return parse_indicator_value(text);
}

bool parse_boolean(const std::string& text)
{
    const auto lower = ascii_lower(text);
    if (lower == "true" || lower == "1" || lower == "yes" || lower == "tak" || lower == "t" || lower == "y") {
        return true;
    }
    if (lower == "false" || lower == "0" || lower == "no" || lower == "nie" || lower == "f" || lower == "n") {
        return false;
    }
    throw InvalidValue(Message("field.expected_boolean"));
}

// An annual rate as stored: the exact percentage without trailing zeros ("1.50 %" → "1.5").
std::string normalised_rate(const std::string& text)
{
    const auto millionths = parse_rate(text);  // 1 % = 10 000
    const auto whole = millionths / 10'000;
    auto fraction = fmt::format("{:04}", millionths % 10'000);
    while (!fraction.empty() && fraction.back() == '0') {
        fraction.pop_back();
    }
    return fraction.empty() ? std::to_string(whole) : fmt::format("{}.{}", whole, fraction);
}

void check_code(const std::string& text)
{
    if (text.size() > 64) {
        throw InvalidValue(Message("field.code_too_long"));
    }
    for (char c : text) {
        if (c == ' ' || c == '\t' || c == '|' || c == '/' || static_cast<unsigned char>(c) < 0x20) {
            throw InvalidValue(Message("field.code_characters"));
        }
    }
}

void check_email(const std::string& text)
{
    const auto at = text.find('@');
    if (at == std::string::npos || at == 0 || text.find('.', at) == std::string::npos ||
        text.find_first_of(" \t,;") != std::string::npos || text.back() == '.') {
        throw InvalidValue(Message("field.expected_email"));
    }
}

std::vector<std::string> parse_list(const nlohmann::ordered_json& input)
{
    std::vector<std::string> items;
    if (input.is_array()) {
        for (const auto& element : input) {
            const auto text = input_text(element);
            if (!text.empty()) {
                items.push_back(text);
            }
        }
        return items;
    }
    for (const auto& piece : split(input_text(input), '|')) {
        const auto text = trim(piece);
        if (!text.empty()) {
            items.emplace_back(text);
        }
    }
    return items;
}

// A list as it is stored: a JSON array of strings, as nlohmann::json writes it. Items without
// control characters (escaped differently by the two) are written directly.
std::string list_json(const std::vector<std::string>& items)
{
    const bool plain = std::all_of(items.begin(), items.end(), [](const std::string& item) {
        return std::none_of(item.begin(), item.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20; });
    });
    if (!plain) {
        return nlohmann::json(items).dump();
    }
    std::string text = "[";
    for (const auto& item : items) {
        if (text.size() > 1) {
            text += ',';
        }
        append_json_string(text, item);
    }
    text += ']';
    return text;
}

}  // namespace

Message entity_genitive(std::string_view name)
{
    return Message(Key::composed("entity." + std::string(name) + ".genitive"));
}

std::size_t EntitySpec::index(std::string_view field_name) const
{
    for (std::size_t i = 0; i < fields.size(); ++i) {
        if (fields[i].name == field_name) {
            return i;
        }
    }
    throw std::out_of_range(fmt::format("{} has no field {}", name, field_name));
}

bool EntitySpec::has(std::string_view field_name) const
{
    return std::any_of(fields.begin(), fields.end(), [&](const FieldSpec& f) { return f.name == field_name; });
}

const std::vector<EntitySpec>& entities()
{
    static const std::vector<EntitySpec> all = build();
    return all;
}

const EntitySpec* find_entity(std::string_view name)
{
    for (const auto& entity : entities()) {
        if (entity.name == name) {
            return &entity;
        }
    }
    for (const auto& entity : child_entities()) {
        if (entity.name == name) {
            return &entity;
        }
    }
    return nullptr;
}

const std::vector<EntitySpec>& child_entities()
{
    static const std::vector<EntitySpec> all = build_children();
    return all;
}

const std::vector<NestedChildren>& nested_children()
{
    static const std::vector<NestedChildren> all = {
        {"venture", "targets", "target", "venture"},
        {"venture", "budget", "budget", "venture"},
        {"offer", "targets", "offer_target", "offer"},
        {"offer", "budget", "offer_budget", "offer"},
    };
    return all;
}

Value parse_value(const FieldSpec& field, const nlohmann::ordered_json& input)
{
    if (field.type == T::list) {
        return list_json(parse_list(input));
    }
    if (input.is_boolean() && field.type == T::boolean) {
        return std::int64_t{input.get<bool>() ? 1 : 0};
    }
    std::string text = input_text(input);
    if (text.empty()) {
        if (!field.fallback) {
            return std::monostate{};
        }
        text = *field.fallback;
    }
    switch (field.type) {
    case T::text:
        return text;
    case T::code:
        check_code(text);
        return text;
    case T::integer:
        return parse_integer(text);
    case T::number:
        return parse_number(text);
    case T::money:
        return Money::parse(text).grosze();
    case T::date:
        return Date::parse(text).to_string();
    case T::period:
        return Period::parse(text).to_string();
    case T::boolean:
        return std::int64_t{parse_boolean(text) ? 1 : 0};
    case T::choice: {
        const auto lower = ascii_lower(text);
        for (const auto& option : field.choices) {
            if (lower == option) {
                return option;
            }
        }
        throw InvalidValue(
            Message("field.expected_choice", {{"choices", fmt::format("{}", fmt::join(field.choices, ", "))}}));
    }
    case T::nip:
        return Nip::parse(text).digits();
    case T::regon:
        return Regon::parse(text).digits();
    case T::krs:
        return Krs::parse(text).digits();
    case T::postal_code:
        return PostalCode::parse(text).text();
    case T::email:
        check_email(text);
        return text;
    case T::rate:
        return normalised_rate(text);
    case T::pseudonym:
        return text;  // hashed by the register before it is stored
    case T::list:
        break;
    }
    return text;
}

const Value* value_when_absent(const FieldSpec& field)
{
    static const auto values = [] {
        std::unordered_map<const FieldSpec*, Value> parsed;
        const nlohmann::ordered_json null;
        for (const auto& entity : entities()) {
            for (const auto& spec : entity.fields) {
                try {
                    parsed.emplace(&spec, parse_value(spec, null));
                } catch (const InvalidValue&) {
                    // its absence is a problem, found each time
                }
            }
        }
        return parsed;
    }();
    const auto found = values.find(&field);
    return found == values.end() ? nullptr : &found->second;
}

nlohmann::ordered_json to_json(const FieldSpec& field, const Value& value)
{
    if (std::holds_alternative<std::monostate>(value)) {
        return field.type == T::list ? nlohmann::ordered_json::array() : nlohmann::ordered_json();
    }
    switch (field.type) {
    case T::money:
        return Money::from_grosze(std::get<std::int64_t>(value)).to_zloty();
    case T::boolean:
        return std::get<std::int64_t>(value) != 0;
    case T::list:
        return nlohmann::ordered_json::parse(std::get<std::string>(value));
    case T::number:
        if (const auto* whole = std::get_if<std::int64_t>(&value)) {
            return *whole;
        }
        return std::get<double>(value);
    case T::integer:
        return std::get<std::int64_t>(value);
    default:
        break;
    }
    if (const auto* text = std::get_if<std::string>(&value)) {
        return *text;
    }
    if (const auto* whole = std::get_if<std::int64_t>(&value)) {
        return *whole;
    }
    return std::get<double>(value);
}

std::string to_text(const FieldSpec& field, const Value& value)
{
    if (std::holds_alternative<std::monostate>(value)) {
        return {};
    }
    switch (field.type) {
    case T::money:
        return Money::from_grosze(std::get<std::int64_t>(value)).to_machine();
    case T::boolean:
        return std::get<std::int64_t>(value) != 0 ? "true" : "false";
    case T::list: {
        std::string joined;
        for (const auto& item : nlohmann::json::parse(std::get<std::string>(value))) {
            if (!joined.empty()) {
                joined += '|';
            }
            joined += item.get_ref<const std::string&>();
        }
        return joined;
    }
    default:
        break;
    }
    if (const auto* text = std::get_if<std::string>(&value)) {
        return *text;
    }
    if (const auto* whole = std::get_if<std::int64_t>(&value)) {
        return std::to_string(*whole);
    }
    return fmt::format("{}", std::get<double>(value));
}

std::string json_text(const EntitySpec& entity, const Record& record)
{
    std::string out = "{";
    for (std::size_t i = 0; i < entity.fields.size(); ++i) {
        const auto& field = entity.fields[i];
        const auto& value = record[i];
        if (i > 0) {
            out += ',';
        }
        append_json_string(out, field.name);
        out += ':';
        if (std::holds_alternative<std::monostate>(value)) {
            out += field.type == T::list ? "[]" : "null";
        } else if (field.type == T::money) {
            out += Money::from_grosze(std::get<std::int64_t>(value)).to_machine();
        } else if (field.type == T::boolean) {
            out += std::get<std::int64_t>(value) != 0 ? "true" : "false";
        } else if (field.type == T::list) {
            out += std::get<std::string>(value);  // stored as a JSON array already
        } else if (const auto* text = std::get_if<std::string>(&value)) {
            append_json_string(out, *text);
        } else if (const auto* whole = std::get_if<std::int64_t>(&value)) {
            out += std::to_string(*whole);
        } else {
            out += fmt::format("{}", std::get<double>(value));
        }
    }
    out += '}';
    return out;
}

std::string key_text(const EntitySpec& entity, const Record& record)
{
    std::string key;
    for (const auto& name : entity.key) {
        const auto& field = entity.fields[entity.index(name)];
        if (!key.empty()) {
            key += '/';
        }
        key += to_text(field, record[entity.index(name)]);
    }
    return key;
}

std::string pseudonym_column(const FieldSpec& field)
{
    return field.name + "_pseudonym";
}

}  // namespace toro::registry
