#include "survey/instrument.hpp"

#include "core/text.hpp"
#include "core/toml_limits.hpp"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

namespace toro::survey {
namespace {

constexpr int max_scale_point = 1000;

// Collects the problems of one file, each at the line and column of the node it is about.
class Checker {
public:
    explicit Checker(std::vector<Problem>& problems) : m_problems(problems) {}

    void add(const toml::source_region& where, std::string field, Message message)
    {
        m_problems.push_back({static_cast<std::size_t>(where.begin.line), static_cast<std::size_t>(where.begin.column),
                              std::move(field), "", std::move(message)});
    }

    std::optional<std::string> string(const toml::node& node, const std::string& field)
    {
        if (const auto* value = node.as_string()) {
            return value->get();
        }
        add(node.source(), field, Message("instrument.not_string"));
        return std::nullopt;
    }

    // A code: letters, digits, '_' and '-' (it becomes part of CSV column names).
    std::optional<std::string> code(const toml::node& node, const std::string& field)
    {
        auto text = string(node, field);
        if (!text) {
            return std::nullopt;
        }
        const bool valid = !text->empty() && text->size() <= 64 && std::all_of(text->begin(), text->end(), [](char c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
        });
        if (!valid) {
            add(node.source(), field, Message("instrument.not_code", {{"text", *text}}));
            return std::nullopt;
        }
        return text;
    }

    std::optional<int> integer(const toml::node& node, const std::string& field)
    {
        const auto* value = node.as_integer();
        if (value == nullptr) {
            add(node.source(), field, Message("instrument.not_integer"));
            return std::nullopt;
        }
        if (value->get() < -max_scale_point || value->get() > max_scale_point) {
            add(node.source(), field,
                Message("register.between", {{"low", -max_scale_point}, {"high", max_scale_point}}));
            return std::nullopt;
        }
        return static_cast<int>(value->get());
    }

    std::optional<std::vector<std::string>> strings(const toml::node& node, const std::string& field)
    {
        const auto* array = node.as_array();
        if (array == nullptr) {
            add(node.source(), field, Message("instrument.not_strings"));
            return std::nullopt;
        }
        std::vector<std::string> result;
        for (const auto& element : *array) {
            auto text = string(element, field);
            if (!text) {
                return std::nullopt;
            }
            if (std::find(result.begin(), result.end(), *text) != result.end()) {
                add(element.source(), field, Message("instrument.listed_twice", {{"text", *text}}));
                return std::nullopt;
            }
            result.push_back(std::move(*text));
        }
        return result;
    }

    // `where`: the catalogue's words for the place ("instrument.where.item": "[[item]]").
    void unknown_key(const toml::key& key, Key where)
    {
        add(key.source(), std::string(key.str()), Message("instrument.unknown_key", {{"where", Message(where)}}));
    }

    void missing(const toml::node& node, Key where, std::string_view key)
    {
        add(node.source(), std::string(key),
            Message("instrument.missing_key", {{"where", Message(where)}, {"key", std::string(key)}}));
    }

private:
    std::vector<Problem>& m_problems;
};

std::optional<ItemType> parse_type(std::string_view text)
{
    for (auto type : {ItemType::likert, ItemType::nps, ItemType::text, ItemType::choice}) {
        if (text == type_name(type)) {
            return type;
        }
    }
    return std::nullopt;
}

// The fixed columns of a response row; no item may be named like one.
bool reserved(std::string_view code)
{
    const auto lower = ascii_lower(code);
    return lower == "respondent" || lower == "wave" || lower == "group" || lower == "org" || lower == "role" ||
           lower == "district" || lower == "line" || lower == "error";
}

void read_scale(Checker& check, const toml::node& node, Scale& scale)
{
    const auto* table = node.as_table();
    if (table == nullptr) {
        check.add(node.source(), "scale", Message("instrument.scale_table"));
        return;
    }
    std::optional<std::vector<std::string>> labels;
    for (const auto& [key, value] : *table) {
        if (key == "min") {
            scale.min = check.integer(value, "scale.min").value_or(scale.min);
        } else if (key == "max") {
            scale.max = check.integer(value, "scale.max").value_or(scale.max);
        } else if (key == "labels") {
            labels = check.strings(value, "scale.labels");
        } else {
            check.unknown_key(key, "instrument.where.scale");
        }
    }
    if (!table->contains("min") || !table->contains("max")) {
        check.missing(node, "instrument.where.scale", table->contains("min") ? "max" : "min");
    }
    if (scale.min >= scale.max) {
        check.add(node.source(), "scale", Message("instrument.min_max", {{"min", scale.min}, {"max", scale.max}}));
    } else if (labels) {
        const auto points = static_cast<std::size_t>(scale.max - scale.min + 1);
        if (labels->size() != points) {
            check.add(table->get("labels")->source(), "scale.labels",
                      Message("instrument.labels", {{"labels", labels->size()}, {"points", points}}));
        } else {
            scale.labels = std::move(*labels);
        }
    }
}

void read_area(Checker& check, const toml::table& entry, Instrument& instrument)
{
    Area area;
    for (const auto& [key, value] : entry) {
        if (key == "code") {
            area.code = check.code(value, "area.code").value_or("");
        } else if (key == "name") {
            area.name = check.string(value, "area.name").value_or("");
        } else {
            check.unknown_key(key, "instrument.where.area");
        }
    }
    for (auto key : {"code", "name"}) {
        if (!entry.contains(key)) {
            check.missing(entry, "instrument.where.area", key);
        }
    }
    if (!area.code.empty() && instrument.find_area(area.code) != nullptr) {
        check.add(entry.source(), "area.code", Message("instrument.area_twice", {{"code", area.code}}));
        return;
    }
    instrument.areas.push_back(std::move(area));
}

void read_item(Checker& check, const toml::table& entry, Instrument& instrument)
{
    Item item;
    std::optional<toml::source_region> area_at;
    std::optional<toml::source_region> criterion_at;
    for (const auto& [key, value] : entry) {
        if (key == "code") {
            item.code = check.code(value, "item.code").value_or("");
            if (reserved(item.code)) {
                check.add(value.source(), "item.code", Message("instrument.reserved_code", {{"code", item.code}}));
            }
        } else if (key == "area") {
            item.area = check.string(value, "item.area").value_or("");
            area_at = value.source();
        } else if (key == "criterion") {
            item.criterion = check.string(value, "item.criterion").value_or("");
            criterion_at = value.source();
        } else if (key == "text") {
            item.text = check.string(value, "item.text").value_or("");
        } else if (key == "type") {
            const auto text = check.string(value, "item.type");
            if (text) {
                if (auto type = parse_type(*text)) {
                    item.type = *type;
                } else {
                    check.add(value.source(), "item.type", Message("instrument.bad_type", {{"text", *text}}));
                }
            }
        } else if (key == "options") {
            item.options = check.strings(value, "item.options").value_or(std::vector<std::string>{});
        } else {
            check.unknown_key(key, "instrument.where.item");
        }
    }
    for (auto key : {"code", "text"}) {
        if (!entry.contains(key)) {
            check.missing(entry, "instrument.where.item", key);
        }
    }
    if (!item.code.empty() && instrument.find_item(item.code) != nullptr) {
        check.add(entry.source(), "item.code", Message("instrument.item_twice", {{"code", item.code}}));
        return;
    }
    if (item.type == ItemType::choice && item.options.empty()) {
        check.add(entry.source(), "item.options", Message("instrument.choice_needs_options"));
    }
    if (item.type != ItemType::choice && !item.options.empty()) {
        check.add(entry.source(), "item.options", Message("instrument.options_only_choice"));
    }
    if (area_at && instrument.find_area(item.area) == nullptr) {
        check.add(*area_at, "item.area", Message("instrument.no_area", {{"code", item.area}}));
    }
    if (criterion_at && std::find(criteria().begin(), criteria().end(), item.criterion) == criteria().end()) {
        check.add(*criterion_at, "item.criterion", Message("instrument.bad_criterion", {{"text", item.criterion}}));
    }
    if (instrument.kind == Kind::competency && item.type == ItemType::likert && !area_at) {
        check.missing(entry, "instrument.where.competency_item", "area");
    }
    if (instrument.kind == Kind::evaluation && item.type == ItemType::likert && !criterion_at) {
        check.missing(entry, "instrument.where.evaluation_item", "criterion");
    }
    instrument.items.push_back(std::move(item));
}

// Reads `key` = [[...]] entries with `read` once the plain keys are known.
template <typename Read> void read_entries(Checker& check, const toml::node& node, const char* section, Read read)
{
    const auto* array = node.as_array();
    if (array == nullptr || !array->is_array_of_tables()) {
        check.add(node.source(), section, Message("instrument.array_of_tables", {{"section", section}}));
        return;
    }
    for (const auto& element : *array) {
        read(*element.as_table());
    }
}

}  // namespace

namespace {

std::optional<std::string> unless_empty(const std::string& text)
{
    return text.empty() ? std::nullopt : std::optional(text);
}

}  // namespace

void fields(const Scale& scale, render::Fields& out)
{
    out("min", scale.min)("max", scale.max)("labels", scale.labels);
}

void fields(const Area& area, render::Fields& out)
{
    out("code", area.code)("name", area.name);
}

void fields(const Item& item, render::Fields& out)
{
    out("code", item.code)("area", unless_empty(item.area))("criterion", unless_empty(item.criterion));
    out("type", type_name(item.type))("text", item.text)("options", item.options);
}

void fields(const Instrument& instrument, render::Fields& out)
{
    out("code", instrument.code)("kind", kind_name(instrument.kind))("title", instrument.title);
    out("scale", instrument.scale)("groups", instrument.groups)("areas", instrument.areas)("items", instrument.items);
}

std::string_view kind_name(Kind kind)
{
    return kind == Kind::competency ? "competency" : "evaluation";
}

std::string_view type_name(ItemType type)
{
    switch (type) {
    case ItemType::likert:
        return "likert";
    case ItemType::nps:
        return "nps";
    case ItemType::text:
        return "text";
    case ItemType::choice:
        return "choice";
    }
    return "likert";
}

const std::vector<std::string>& criteria()
{
    static const std::vector<std::string> list{"relevance", "coherence",      "effectiveness", "efficiency",
                                               "impact",    "sustainability", "utility",       "satisfaction"};
    return list;
}

const std::vector<std::string>& default_evaluation_groups()
{
    static const std::vector<std::string> list{"users", "would_be_users", "officials"};
    return list;
}

const Area* Instrument::find_area(std::string_view wanted) const
{
    for (const auto& area : areas) {
        if (area.code == wanted) {
            return &area;
        }
    }
    return nullptr;
}

const Item* Instrument::find_item(std::string_view wanted) const
{
    for (const auto& item : items) {
        if (item.code == wanted) {
            return &item;
        }
    }
    return nullptr;
}

std::vector<const Item*> Instrument::items_of(std::string_view area) const
{
    std::vector<const Item*> result;
    for (const auto& item : items) {
        if (item.area == area) {
            result.push_back(&item);
        }
    }
    return result;
}

Instrument parse_instrument(std::string_view text, const std::string& source)
{
    std::vector<Problem> problems;
    Checker check(problems);
    toml::table root;
    if (auto problem = toml_limit_problem(text)) {
        problems.push_back(std::move(*problem));
        throw BatchError(source, problems);
    }
    try {
        root = toml::parse(text, source);
    } catch (const toml::parse_error& error) {
        check.add(error.source(), "", Message("config.syntax", {{"detail", std::string(error.description())}}));
        throw BatchError(source, problems);
    }

    Instrument instrument;
    instrument.definition = std::string(text);
    // The kind decides what items need, so it is read first.
    if (const auto* node = root.get("kind")) {
        if (const auto kind = check.string(*node, "kind")) {
            if (*kind == "competency" || *kind == "evaluation") {
                instrument.kind = *kind == "competency" ? Kind::competency : Kind::evaluation;
            } else {
                check.add(node->source(), "kind", Message("instrument.bad_kind", {{"text", *kind}}));
            }
        }
    }
    bool has_groups = false;
    for (const auto& [key, node] : root) {
        if (key == "code") {
            instrument.code = check.code(node, "code").value_or("");
        } else if (key == "title") {
            instrument.title = check.string(node, "title").value_or("");
        } else if (key == "kind") {
            continue;
        } else if (key == "scale") {
            read_scale(check, node, instrument.scale);
        } else if (key == "groups") {
            has_groups = true;
            for (const auto& group : check.strings(node, "groups").value_or(std::vector<std::string>{})) {
                if (group.empty() || group.find_first_of(",") != std::string::npos) {
                    check.add(node.source(), "groups", Message("instrument.bad_group", {{"text", group}}));
                }
                instrument.groups.push_back(group);
            }
        } else if (key != "area" && key != "item") {
            check.unknown_key(key, "instrument.where.root");
        }
    }
    // Areas before items, whatever their order in the file: items refer to areas.
    if (const auto* node = root.get("area")) {
        read_entries(check, *node, "area", [&](const toml::table& entry) { read_area(check, entry, instrument); });
    }
    if (const auto* node = root.get("item")) {
        read_entries(check, *node, "item", [&](const toml::table& entry) { read_item(check, entry, instrument); });
    }

    for (auto key : {"code", "title", "kind", "scale"}) {
        if (!root.contains(key)) {
            check.missing(root, "instrument.where.root", key);
        }
    }
    if (instrument.items.empty() && root.contains("code")) {
        check.add(root.source(), "item", Message("instrument.no_items"));
    }
    if (instrument.kind == Kind::competency && instrument.areas.empty() && root.contains("code")) {
        check.add(root.source(), "area", Message("instrument.no_areas"));
    }
    if (instrument.kind == Kind::evaluation) {
        if (!has_groups) {
            instrument.groups = default_evaluation_groups();
        }
        const auto nps = std::count_if(instrument.items.begin(), instrument.items.end(),
                                       [](const Item& item) { return item.type == ItemType::nps; });
        if (nps > 1) {
            check.add(root.source(), "item.type", Message("instrument.one_nps"));
        }
    }
    if (!problems.empty()) {
        std::stable_sort(problems.begin(), problems.end(),
                         [](const Problem& a, const Problem& b) { return a.line < b.line; });
        throw BatchError(source, problems);
    }
    return instrument;
}

Instrument load_instrument(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw Error(Exit::no_input, path, Message("instrument.cannot_read"));
    }
    std::ostringstream text;
    text << in.rdbuf();
    if (const auto bad = invalid_utf8_offset(text.str())) {
        throw Error(Exit::data, path, Message("instrument.not_utf8", {{"byte", *bad + 1}}));
    }
    return parse_instrument(text.str(), path);
}

}  // namespace toro::survey
