#include "registry/register.hpp"

#include "core/embedded.hpp"
#include "core/money.hpp"
#include "core/text.hpp"
#include "registry/call_criteria.hpp"
#include "registry/schedule_store.hpp"
#include "store/import_audit.hpp"
#include "store/pseudonym.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

namespace toro::registry {
namespace {

// Small grants (art. 19a): at most 10 000 zł and 90 days a grant.
constexpr std::int64_t small_grant_limit_grosze = 10'000'00;
constexpr int small_grant_max_months = 3;

// What refers to an entity: the table, its column, whether the column is a JSON list, and
// how people count those rows (the catalogue's count.WHAT). Rows that belong to the entity (a
// venture's targets) are not here: they go with it.
struct Reference {
    const char* table;
    const char* column;
    bool list;
    const char* what;
};

// The catalogue's words for an entity: entity.NAME ("organization"), and the form that follows
// "no … has" (entity.NAME.genitive: "organizacji" in Polish).
Message entity_words(const EntitySpec& entity)
{
    return Message(Key::composed("entity." + entity.name));
}

Message entity_genitive(std::string_view name)
{
    return Message(Key::composed("entity." + std::string(name) + ".genitive"));
}

std::vector<Reference> references_to(std::string_view entity)
{
    if (entity == "org") {
        return {{"venture", "org", false, "venture"},
                {"loan", "org", false, "loan"},
                {"consultation", "orgs", true, "consultation"},
                {"offer", "org", false, "offer"},
                {"reviewer", "conflicts", true, "reviewer"}};
    }
    if (entity == "program") {
        return {{"venture", "program", false, "venture"}, {"call", "program", false, "call"}};
    }
    if (entity == "venture") {
        return {{"loan", "venture", false, "loan"}, {"offer_award", "venture", false, "award"}};
    }
    if (entity == "indicator") {
        return {{"target", "indicator", false, "target"},
                {"report_value", "indicator", false, "report_value"},
                {"offer_target", "indicator", false, "target"}};
    }
    if (entity == "call") {
        return {{"offer", "call", false, "offer"}, {"reviewer", "call", false, "reviewer"}};
    }
    if (entity == "offer") {
        return {{"score", "offer", false, "score"}, {"offer_award", "offer", false, "award"}};
    }
    if (entity == "reviewer") {
        return {{"score", "reviewer", false, "score"}};
    }
    if (entity == "loan") {
        return {{"repayment", "loan", false, "repayment"}};
    }
    if (entity == "training") {
        return {{"attendance", "training", false, "attendance"}};
    }
    return {};
}

std::string value_text(const Value& value)
{
    if (const auto* text = std::get_if<std::string>(&value)) {
        return *text;
    }
    if (const auto* whole = std::get_if<std::int64_t>(&value)) {
        return std::to_string(*whole);
    }
    if (const auto* real = std::get_if<double>(&value)) {
        return fmt::format("{}", *real);
    }
    return {};
}

// 64 lower-case hex digits: a pseudonym as this store exports it, imported back as it is.
bool is_pseudonym(const std::string& text)
{
    return text.size() == 64 && std::all_of(text.begin(), text.end(),
                                            [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

bool empty(const Value& value)
{
    return std::holds_alternative<std::monostate>(value);
}

// Text is bound without SQLite copying it: `value` must outlive the statement's execution.
void bind_value(SQLite::Statement& statement, int index, const Value& value)
{
    if (const auto* text = std::get_if<std::string>(&value)) {
        statement.bindNoCopy(index, *text);
    } else if (const auto* whole = std::get_if<std::int64_t>(&value)) {
        statement.bind(index, *whole);
    } else if (const auto* real = std::get_if<double>(&value)) {
        statement.bind(index, *real);
    } else {
        statement.bind(index);
    }
}

Value column_value(const SQLite::Column& column)
{
    if (column.isNull()) {
        return std::monostate{};
    }
    if (column.isInteger()) {
        return column.getInt64();
    }
    if (column.isFloat()) {
        return column.getDouble();
    }
    return column.getString();
}

std::string field_list(const EntitySpec& entity)
{
    std::string list;
    for (const auto& field : entity.fields) {
        list += (list.empty() ? "" : ", ") + fmt::format("\"{}\"", field.name);
    }
    return list;
}

std::string key_condition(const EntitySpec& entity)
{
    std::string condition;
    for (const auto& name : entity.key) {
        condition += (condition.empty() ? "" : " AND ") + fmt::format("\"{}\" = ?", name);
    }
    return condition;
}

// The items of a list as stored: a JSON array of strings. One whose strings hold no escape or
// quote (nearly every one: codes, district names) is split where it stands.
std::vector<std::string> list_items(const Value& value)
{
    std::vector<std::string> items;
    const auto* text = std::get_if<std::string>(&value);
    if (text == nullptr || *text == "[]") {
        return items;
    }
    const std::string_view array(*text);
    if (array.size() >= 4 && array.substr(0, 2) == "[\"" && array.substr(array.size() - 2) == "\"]" &&
        array.find('\\') == std::string_view::npos) {
        const auto inside = array.substr(2, array.size() - 4);
        std::size_t from = 0;
        for (auto at = inside.find("\",\""); at != std::string_view::npos; at = inside.find("\",\"", from)) {
            items.emplace_back(inside.substr(from, at - from));
            from = at + 3;
        }
        items.emplace_back(inside.substr(from));
        if (std::none_of(items.begin(), items.end(),
                         [](const std::string& item) { return item.find('"') != std::string::npos; })) {
            return items;
        }
        items.clear();
    }
    for (const auto& item : nlohmann::json::parse(*text)) {
        items.push_back(item.get<std::string>());
    }
    return items;
}

// The keys of an input and the line each was first met on, held compactly: the keys one after
// another in one string, found by their hash in an open-addressing table.
class SeenKeys {
public:
    // The index of `key`, and the line it was first met on: `line` when it is new.
    std::pair<std::size_t, std::size_t> meet(std::string_view key, std::size_t line)
    {
        if (2 * (m_entries.size() + 1) > m_slots.size()) {
            grow();
        }
        const auto hash = std::hash<std::string_view>{}(key);
        const std::size_t mask = m_slots.size() - 1;
        for (std::size_t at = hash & mask;; at = (at + 1) & mask) {
            if (m_slots[at] == 0) {
                m_slots[at] = m_entries.size() + 1;
                m_entries.push_back({hash, m_text.size(), key.size(), line});
                m_text += key;
                return {m_entries.size() - 1, line};
            }
            const auto& entry = m_entries[m_slots[at] - 1];
            if (entry.hash == hash && this->key(m_slots[at] - 1) == key) {
                return {m_slots[at] - 1, entry.line};
            }
        }
    }

    std::string_view key(std::size_t index) const
    {
        const auto& entry = m_entries[index];
        return std::string_view(m_text).substr(entry.offset, entry.size);
    }

private:
    struct Entry {
        std::size_t hash;
        std::size_t offset;
        std::size_t size;
        std::size_t line;
    };

    void grow()
    {
        std::vector<std::size_t> slots(std::max<std::size_t>(m_slots.size() * 2, 1024), 0);
        const std::size_t mask = slots.size() - 1;
        for (std::size_t i = 0; i < m_entries.size(); ++i) {
            auto at = m_entries[i].hash & mask;
            while (slots[at] != 0) {
                at = (at + 1) & mask;
            }
            slots[at] = i + 1;
        }
        m_slots.swap(slots);
    }

    std::string m_text;
    std::vector<Entry> m_entries;
    std::vector<std::size_t> m_slots;  // an index into m_entries + 1; 0: free
};

class Sink : public io::ImportSink {
public:
    Sink(Register& reg, store::Store& store, const EntitySpec& entity)
        : m_register(reg), m_store(store), m_entity(entity)
    {
        m_register.remember_values();
    }

    std::vector<std::string> known_columns() const override
    {
        std::vector<std::string> names;
        for (const auto& field : m_entity.fields) {
            names.push_back(field.name);
            if (field.type == FieldType::pseudonym) {
                names.push_back(pseudonym_column(field));
            }
        }
        for (const auto& nested : nested_children()) {
            if (nested.parent == m_entity.name) {
                names.push_back(nested.key);
            }
        }
        return names;
    }

    std::vector<std::string> required_columns() const override
    {
        std::vector<std::string> names;
        for (const auto& field : m_entity.fields) {
            if (field.required && field.type != FieldType::pseudonym) {  // either column, checked by row
                names.push_back(field.name);
            }
        }
        return names;
    }

    std::optional<io::Outcome> write(const io::InputRow& row, std::vector<Problem>& problems) override
    {
        auto record = m_register.parse(m_entity, row.fields, row.line, problems);
        if (!record) {
            return std::nullopt;
        }
        const auto key = key_text(m_entity, *record);
        const auto [seen, first_line] = m_seen.meet(key, row.line);
        if (first_line != row.line) {
            problems.push_back(
                {row.line, 0, m_entity.key.front(), key,
                 Message("register.same_key_twice", {{"entity", entity_words(m_entity)}, {"line", first_line}})});
            return std::nullopt;
        }
        // One statement is atomic by itself; a row that writes more (a venture's children, a
        // loan's schedule) gets a savepoint so that a problem takes all of it back. Such a row
        // keeps its own audit rows; the inserts of the others are audited together in finish().
        const bool compound = m_entity.name == "venture" || m_entity.name == "loan" || m_entity.name == "offer";
        if (compound) {
            m_register.execute("SAVEPOINT import_row");
        }
        try {
            auto outcome = m_register.upsert(
                m_entity, *record, compound ? Register::InsertAudit::own_row : Register::InsertAudit::by_caller);
            if (!compound && outcome == io::Outcome::inserted) {
                m_inserted.push_back(seen);
            }
            outcome = write_children(row, key, outcome, problems);
            if (!problems.empty()) {
                if (compound) {
                    m_register.execute("ROLLBACK TO import_row");
                    m_register.execute("RELEASE import_row");
                }
                return std::nullopt;
            }
            if (compound) {
                m_register.execute("RELEASE import_row");
            }
            if (m_entity.name == "offer") {
                warn_outside_call(*record, row.line);
            }
            return outcome;
        } catch (const Error& error) {
            if (compound) {
                m_register.execute("ROLLBACK TO import_row");
                m_register.execute("RELEASE import_row");
            }
            problems.push_back({row.line, 0, "", "", error.words()});
            return std::nullopt;
        }
    }

    // The rows inserted without an audit row of their own, in the input's order.
    void finish(io::ImportSummary& summary) override
    {
        store::ImportAudit audit(m_store, m_entity.name, summary.source,
                                 {summary.inserted, summary.updated, summary.unchanged}, m_inserted.size(), false);
        for (const auto index : m_inserted) {
            audit.add(m_seen.key(index));
        }
        audit.finish();
        summary.warning_count += m_warning_count;
        summary.warnings.insert(summary.warnings.end(), std::make_move_iterator(m_warnings.begin()),
                                std::make_move_iterator(m_warnings.end()));
    }

private:
    // An offer submitted outside its call's dates is registered (the office keeps what it
    // received) and said so: the protocol rejects it formally.
    void warn_outside_call(const Record& record, std::size_t line)
    {
        SQLite::Statement call(m_store.db(), "SELECT opens_on, closes_on FROM call WHERE code = ?");
        call.bind(1, std::get<std::string>(record[m_entity.index("call")]));
        if (!call.executeStep()) {
            return;
        }
        const auto& submitted = std::get<std::string>(record[m_entity.index("submitted_on")]);
        const auto opens = call.getColumn(0).getString();
        const auto closes = call.getColumn(1).getString();
        if (submitted < opens || submitted > closes) {
            ++m_warning_count;
            if (m_warnings.size() < io::max_kept_problems) {
                m_warnings.push_back(
                    {line, 0, "submitted_on", submitted,
                     Message("register.offer_outside_call", {{"opens_on", opens}, {"closes_on", closes}})});
            }
        }
    }

    // A venture's or an offer's nested `targets` and `budget` arrays (JSON input).
    io::Outcome write_children(const io::InputRow& row, const std::string& parent, io::Outcome outcome,
                               std::vector<Problem>& problems)
    {
        for (const auto& nested : nested_children()) {
            if (nested.parent != m_entity.name) {
                continue;
            }
            const std::string& child = nested.key;
            const auto found = row.fields.find(child);
            if (found == row.fields.end() || found->is_null()) {
                continue;
            }
            if (!found->is_array()) {
                problems.push_back({row.line, 0, child, "", Message("register.expected_array")});
                continue;
            }
            const auto& spec = *find_entity(nested.child);
            std::size_t index = 0;
            for (const auto& element : *found) {
                const std::string prefix = fmt::format("{}[{}]", child, index++);
                if (!element.is_object()) {
                    problems.push_back({row.line, 0, prefix, "", Message("register.expected_object")});
                    continue;
                }
                auto fields = element;
                fields[nested.parent_field] = parent;
                std::vector<Problem> child_problems;
                auto record = m_register.parse(spec, fields, row.line, child_problems);
                for (auto& problem : child_problems) {
                    problem.field = prefix + "." + problem.field;
                    problems.push_back(std::move(problem));
                }
                if (record && m_register.upsert(spec, *record) != io::Outcome::unchanged &&
                    outcome == io::Outcome::unchanged) {
                    outcome = io::Outcome::updated;
                }
            }
        }
        return outcome;
    }

    Register& m_register;
    store::Store& m_store;
    const EntitySpec& m_entity;
    SeenKeys m_seen;
    std::vector<std::size_t> m_inserted;  // the rows inserted, as their keys' indexes in m_seen
    std::vector<Problem> m_warnings;      // the first io::max_kept_problems
    std::size_t m_warning_count = 0;
};

}  // namespace

const ReferenceList& Register::reference(ReferenceKind kind)
{
    auto found = m_reference.find(kind);
    if (found == m_reference.end()) {
        found = m_reference.emplace(kind, ReferenceList::load(m_store.db(), kind, m_config)).first;
    }
    return found->second;
}

Register::Register(store::Store& store, const config::Config& config) : m_store(store), m_config(config) {}

Register::~Register() = default;

namespace {

SQLite::Statement& ready(SQLite::Statement& statement)
{
    statement.reset();
    statement.clearBindings();
    return statement;
}

}  // namespace

SQLite::Statement& Register::statement(const std::string& sql)
{
    auto& cached = m_statements[sql];
    if (!cached) {
        cached = std::make_unique<SQLite::Statement>(m_store.db(), sql);
    }
    return ready(*cached);
}

SQLite::Statement& Register::statement(const char* literal)
{
    auto& cached = m_literals[literal];
    if (!cached) {
        cached = std::make_unique<SQLite::Statement>(m_store.db(), literal);
    }
    return ready(*cached);
}

Register::EntityStatements& Register::statements_of(const EntitySpec& entity)
{
    auto& prepared = m_entity_statements[&entity];
    if (!prepared.select) {
        std::string placeholders;
        std::string assignments;
        for (std::size_t i = 0; i < entity.fields.size(); ++i) {
            placeholders += i == 0 ? "?" : ", ?";
            assignments += (i == 0 ? "" : ", ") + fmt::format("\"{}\" = ?", entity.fields[i].name);
        }
        auto& db = m_store.db();
        prepared.select = std::make_unique<SQLite::Statement>(
            db, fmt::format("SELECT {} FROM \"{}\" WHERE {}", field_list(entity), entity.table, key_condition(entity)));
        prepared.insert = std::make_unique<SQLite::Statement>(
            db, fmt::format("INSERT INTO \"{}\" ({}) VALUES ({})", entity.table, field_list(entity), placeholders));
        prepared.update = std::make_unique<SQLite::Statement>(
            db, fmt::format("UPDATE \"{}\" SET {} WHERE {}", entity.table, assignments, key_condition(entity)));
    }
    return prepared;
}

void Register::execute(const std::string& sql)
{
    statement(sql).exec();
}

std::optional<std::string> Register::resolve_org(const std::string& reference)
{
    auto& by_code = statement("SELECT code FROM org WHERE code = ?");
    by_code.bind(1, reference);
    if (by_code.executeStep()) {
        return by_code.getColumn(0).getString();
    }
    // A KRS or NIP, written any of the ways people write them.
    std::string digits;
    for (char c : reference) {
        if (is_digit(c)) {
            digits += c;
        }
    }
    if (digits.empty()) {
        return std::nullopt;
    }
    auto& by_number = statement("SELECT code FROM org WHERE nip = ?1 OR krs = ?2");
    by_number.bind(1, digits);
    by_number.bind(2, digits.size() < 10 ? std::string(10 - digits.size(), '0') + digits : digits);
    if (by_number.executeStep()) {
        return by_number.getColumn(0).getString();
    }
    return std::nullopt;
}

std::optional<Record> Register::parse(const EntitySpec& entity, const nlohmann::ordered_json& fields, std::size_t line,
                                      std::vector<Problem>& problems)
{
    static const nlohmann::ordered_json absent;
    const std::size_t before = problems.size();
    Record record(entity.fields.size());
    std::vector<bool> pseudonymous(entity.fields.size());  // given as a stored pseudonym
    for (std::size_t i = 0; i < entity.fields.size(); ++i) {
        const auto& field = entity.fields[i];
        if (field.type != FieldType::pseudonym) {
            continue;
        }
        const auto raw = fields.find(field.name);
        const auto hashed = fields.find(pseudonym_column(field));
        const auto text_of = [](const nlohmann::ordered_json& value) {
            return std::string(trim(io::field_text(value)));
        };
        const bool has_raw = raw != fields.end() && !text_of(*raw).empty();
        const bool has_hashed = hashed != fields.end() && !text_of(*hashed).empty();
        if (has_raw && has_hashed) {
            problems.push_back({line, 0, pseudonym_column(field), "",
                                Message("register.id_and_pseudonym",
                                        {{"field", field.name}, {"pseudonym", pseudonym_column(field)}})});
        } else if (has_hashed) {
            const auto text = text_of(*hashed);
            if (!is_pseudonym(text)) {
                problems.push_back({line, 0, pseudonym_column(field), text, Message("register.bad_pseudonym")});
            } else {
                pseudonymous[i] = true;
                record[i] = text;
            }
        }
    }
    for (std::size_t i = 0; i < entity.fields.size(); ++i) {
        const auto& field = entity.fields[i];
        if (pseudonymous[i]) {
            continue;
        }
        const auto found = fields.find(field.name);
        const nlohmann::ordered_json& input = found == fields.end() ? absent : *found;
        try {
            record[i] = parse_value(field, input);
        } catch (const InvalidValue& error) {
            problems.push_back({line, 0, field.name, io::field_text(input), error.words()});
            continue;
        }
        if (field.required && empty(record[i])) {
            problems.push_back({line, 0, field.name, "",
                                field.type == FieldType::pseudonym ? Message("register.required_or_pseudonym",
                                                                             {{"pseudonym", pseudonym_column(field)}})
                                                                   : Message("register.required")});
        }
    }
    // Every check runs on the fields that parsed (a field that did not is left empty), so that
    // one run lists all of a row's problems.
    try {
        check(entity, record, fields, line, problems);
    } catch (const std::bad_variant_access&) {
        // a check that needs a field that did not parse: that field's problem is listed
        if (problems.size() == before) {
            throw;
        }
    }
    if (problems.size() != before) {
        return std::nullopt;
    }
    for (std::size_t i = 0; i < entity.fields.size(); ++i) {
        if (entity.fields[i].type != FieldType::pseudonym || empty(record[i])) {
            continue;
        }
        if (!pseudonymous[i]) {  // a raw id, whatever it looks like
            record[i] = pseudonymise(store::person_id(std::get<std::string>(record[i])));
        }
        if (!m_forgotten) {
            m_forgotten.emplace(m_store);
        }
        if (m_forgotten->contains(std::get<std::string>(record[i]))) {
            problems.push_back({line, 0, entity.fields[i].name, "", Message("pseudonym.forgotten")});
            return std::nullopt;
        }
    }
    return record;
}

void Register::check(const EntitySpec& entity, Record& record, const nlohmann::ordered_json& input, std::size_t line,
                     std::vector<Problem>& problems)
{
    auto at = [&](std::string_view name) -> Value& { return record[entity.index(name)]; };
    // Problems quote the value as it was written, not as it is stored (grosze, padded KRS).
    auto problem = [&](std::string_view name, Message message) {
        const auto written = input.find(std::string(name));
        problems.push_back({line, 0, std::string(name),
                            written != input.end() ? io::field_text(*written) : value_text(at(name)),
                            std::move(message)});
    };
    auto exists = [&](const std::string& sql, const std::string& value) {
        auto& query = statement(sql);
        query.bind(1, value);
        return query.executeStep();
    };
    auto not_negative = [&](std::string_view name) {
        const auto* amount = std::get_if<std::int64_t>(&at(name));
        if (amount != nullptr && *amount < 0) {
            problem(name, Message("register.negative"));
        }
    };
    auto number_between = [&](std::string_view name, double low, double high) {
        const auto* number = std::get_if<double>(&at(name));
        if (number != nullptr && (*number < low || *number > high)) {
            problem(name, Message("register.between", {{"low", low}, {"high", high}}));
        }
    };
    auto org_reference = [&](std::string_view name) {
        if (empty(at(name))) {
            return;
        }
        if (auto code = resolve_org(std::get<std::string>(at(name)))) {
            at(name) = *code;
        } else {
            problem(name, Message("register.no_org"));
        }
    };
    // A reference value given by code or name becomes its code.
    auto resolve = [&](std::string_view name, ReferenceKind kind) {
        if (empty(at(name))) {
            return;
        }
        auto& value = std::get<std::string>(at(name));
        const auto& list = reference(kind);
        if (const auto* entry = list.find(value)) {
            value = entry->code;
        } else {
            problem(name, list.unknown(value));
        }
    };
    auto must_exist = [&](std::string_view name, const char* table) {
        if (!empty(at(name)) &&
            !exists(fmt::format("SELECT 1 FROM {} WHERE code = ?", table), std::get<std::string>(at(name)))) {
            problem(name, Message("register.no_code", {{"entity", entity_genitive(table)}}));
        }
    };
    auto districts_valid = [&](std::string_view name, bool list) {
        std::vector<std::string> items = list ? list_items(at(name)) : std::vector<std::string>{};
        if (!list && !empty(at(name))) {
            items.push_back(std::get<std::string>(at(name)));
        }
        // Districts are stored by name.
        std::vector<std::string> normalised;
        const auto& districts = reference(ReferenceKind::district);
        for (const auto& item : items) {
            if (const auto* entry = districts.find(item)) {
                normalised.push_back(entry->name_pl);
                continue;
            }
            const auto configured =
                std::find_if(m_config.districts.begin(), m_config.districts.end(),
                             [&](const std::string& district) { return fold_key(district) == fold_key(item); });
            if (configured != m_config.districts.end()) {  // [city] districts, as configured now
                normalised.push_back(*configured);
            } else {
                problems.push_back({line, 0, std::string(name), item, districts.unknown(item)});
            }
        }
        if (list) {
            if (normalised != items) {
                at(name) = nlohmann::json(normalised).dump();
            }
        } else if (!normalised.empty()) {
            at(name) = normalised.front();
        }
    };
    auto spheres_valid = [&](std::string_view name, const std::vector<std::string>& items) {
        if (items.empty()) {
            return;
        }
        const auto& spheres = reference(ReferenceKind::sphere);
        std::vector<std::string> codes;
        for (const auto& item : items) {
            if (const auto* entry = spheres.find(item)) {
                codes.push_back(entry->code);
            } else {
                problems.push_back({line, 0, std::string(name), item, spheres.unknown(item)});
            }
        }
        if (codes.size() == items.size() && codes != items) {
            at(name) = nlohmann::json(codes).dump();
        }
    };

    if (entity.name == "org") {
        resolve("legal_form", ReferenceKind::legal_form);
        districts_valid("district", false);
        spheres_valid("spheres", list_items(at("spheres")));
        for (const auto& [unique, sql] : {std::pair{"krs", "SELECT code FROM org WHERE krs = ? AND code <> ?"},
                                          std::pair{"nip", "SELECT code FROM org WHERE nip = ? AND code <> ?"}}) {
            if (empty(at(unique)) || !may_hold(entity, entity.index(unique), std::get<std::string>(at(unique)))) {
                continue;
            }
            auto& query = statement(sql);
            query.bindNoCopy(1, std::get<std::string>(at(unique)));
            query.bindNoCopy(2, std::get<std::string>(at("code")));
            if (query.executeStep()) {
                problem(unique, Message("register.duplicate_number",
                                        {{"org", query.getColumn(0).getString()},
                                         {"number", unique == std::string_view("krs") ? "KRS" : "NIP"}}));
            }
        }
    } else if (entity.name == "program") {
        const auto* year = std::get_if<std::int64_t>(&at("year"));
        if (year != nullptr && (*year < 2000 || *year > 2100)) {
            problem("year", Message("register.between", {{"low", 2000}, {"high", 2100}}));
        }
        spheres_valid("spheres", list_items(at("spheres")));
        not_negative("budget");
        if (!empty(at("opens_on")) && !empty(at("closes_on")) &&
            std::get<std::string>(at("closes_on")) < std::get<std::string>(at("opens_on"))) {
            problem("closes_on", Message("register.closes_before_opens"));
        }
    } else if (entity.name == "venture") {
        org_reference("org");
        resolve("sphere", ReferenceKind::sphere);
        districts_valid("districts", true);
        for (const char* amount : {"grant", "own_funds", "in_kind"}) {
            not_negative(amount);
        }
        const auto* starts_text = std::get_if<std::string>(&at("starts"));
        const auto* ends_text = std::get_if<std::string>(&at("ends"));
        const auto starts = Period::parse(starts_text != nullptr ? *starts_text : "2000-01");
        const auto ends = Period::parse(ends_text != nullptr ? *ends_text : "2999-12");
        if (ends < starts) {
            problem("ends", Message("register.ends_before_starts", {{"starts", starts}}));
        }
        if (const auto* day = std::get_if<std::int64_t>(&at("report_day")); day != nullptr && (*day < 1 || *day > 28)) {
            problem("report_day", Message("register.between", {{"low", 1}, {"high", 28}}));
        }
        auto& program = statement("SELECT mode, budget FROM program WHERE code = ?");
        program.bind(1, empty(at("program")) ? std::string() : std::get<std::string>(at("program")));
        const auto* grant_given = std::get_if<std::int64_t>(&at("grant"));
        if (!program.executeStep()) {
            problem("program", Message("register.no_code", {{"entity", entity_genitive("program")}}));
        } else if (grant_given != nullptr && starts_text != nullptr && ends_text != nullptr) {
            const std::string mode = program.getColumn(0).getString();
            const auto grant = *grant_given;
            if (mode == "small_grant") {
                if (grant > small_grant_limit_grosze) {
                    problem("grant", Message("register.small_grant_amount"));
                }
                if (months_between(starts, ends) + 1 > small_grant_max_months) {
                    problem("ends", Message("register.small_grant_length"));
                }
            }
            if (!program.getColumn(1).isNull() && grant > program.getColumn(1).getInt64()) {
                problem("grant", Message("register.over_programme_budget",
                                         {{"budget", Money::from_grosze(program.getColumn(1).getInt64())}}));
            }
        }
    } else if (entity.name == "target") {
        must_exist("venture", "venture");
        resolve("indicator", ReferenceKind::indicator);
    } else if (entity.name == "budget") {
        must_exist("venture", "venture");
        not_negative("planned");
        resolve("category", ReferenceKind::category);
    } else if (entity.name == "call") {
        check_call(record, at, problem);
    } else if (entity.name == "offer") {
        org_reference("org");
        must_exist("call", "call");
        resolve("sphere", ReferenceKind::sphere);
        districts_valid("districts", true);
        for (const char* amount : {"requested", "own_funds", "in_kind"}) {
            not_negative(amount);
        }
        const auto* starts = std::get_if<std::string>(&at("starts"));
        const auto* ends = std::get_if<std::string>(&at("ends"));
        if (starts != nullptr && ends != nullptr && *ends < *starts) {
            problem("ends", Message("register.ends_before_starts", {{"starts", Period::parse(*starts)}}));
        }
    } else if (entity.name == "offer_budget") {
        must_exist("offer", "offer");
        not_negative("planned");
        resolve("category", ReferenceKind::category);
    } else if (entity.name == "offer_target") {
        must_exist("offer", "offer");
        resolve("indicator", ReferenceKind::indicator);
    } else if (entity.name == "reviewer") {
        must_exist("call", "call");
        std::vector<std::string> codes;
        for (const auto& item : list_items(at("conflicts"))) {
            if (auto code = resolve_org(item)) {
                codes.push_back(*code);
            } else {
                problems.push_back({line, 0, "conflicts", item, Message("register.no_org")});
            }
        }
        at("conflicts") = nlohmann::json(codes).dump();
        // A conflict declared after the reviewer scored that organization's offer: the points go first.
        for (const auto& org : codes) {
            auto& scored = statement("SELECT s.offer FROM score s JOIN offer o ON o.code = s.offer "
                                     "WHERE s.reviewer = ? AND o.org = ? LIMIT 1");
            scored.bind(1, std::get<std::string>(at("code")));
            scored.bind(2, org);
            if (scored.executeStep()) {
                problems.push_back(
                    {line, 0, "conflicts", org,
                     Message("register.conflict_after_score", {{"offer", scored.getColumn(0).getString()}})});
            }
        }
    } else if (entity.name == "score") {
        check_score(record, at, problem);
    } else if (entity.name == "loan") {
        org_reference("org");
        if (!empty(at("venture"))) {
            auto& venture = statement("SELECT org FROM venture WHERE code = ?");
            venture.bind(1, std::get<std::string>(at("venture")));
            if (!venture.executeStep()) {
                problem("venture", Message("register.no_code", {{"entity", entity_genitive("venture")}}));
            } else if (!empty(at("org")) && venture.getColumn(0).getString() != std::get<std::string>(at("org"))) {
                problem("venture",
                        Message("register.venture_of_other_org", {{"org", venture.getColumn(0).getString()}}));
            }
        }
        if (std::get<std::int64_t>(at("principal")) <= 0) {
            problem("principal", Message("register.positive"));
        }
        const auto term = std::get<std::int64_t>(at("term_months"));
        if (term < 1 || term > 600) {
            problem("term_months", Message("register.between", {{"low", 1}, {"high", 600}}));
        }
        const auto grace = std::get<std::int64_t>(at("grace_months"));
        if (grace < 0 || grace >= term) {
            problem("grace_months", Message("register.grace_months"));
        }
        if (!empty(at("first_due_on")) &&
            std::get<std::string>(at("first_due_on")) <= std::get<std::string>(at("disbursed_on"))) {
            problem("first_due_on", Message("register.first_due_after_disbursed"));
        }
    } else if (entity.name == "repayment") {
        auto& loan = statement("SELECT disbursed_on FROM loan WHERE code = ?");
        loan.bind(1, std::get<std::string>(at("loan")));
        if (!loan.executeStep()) {
            problem("loan", Message("register.no_code", {{"entity", entity_genitive("loan")}}));
        } else if (std::get<std::string>(at("paid_on")) < loan.getColumn(0).getString()) {
            problem("paid_on", Message("register.paid_before_disbursed", {{"date", loan.getColumn(0).getString()}}));
        }
        if (std::get<std::int64_t>(at("amount")) <= 0) {
            problem("amount", Message("register.positive"));
        }
    } else if (entity.name == "consultation") {
        if (std::get<std::int64_t>(at("participants")) < 0) {
            problem("participants", Message("register.negative"));
        }
        std::vector<std::string> codes;
        for (const auto& item : list_items(at("orgs"))) {
            if (auto code = resolve_org(item)) {
                codes.push_back(*code);
            } else {
                problems.push_back({line, 0, "orgs", item, Message("register.no_org")});
            }
        }
        at("orgs") = nlohmann::json(codes).dump();
    } else if (entity.name == "training") {
        number_between("hours", 0, 10'000);
        number_between("max_score", 0.000001, 1'000'000);
    } else if (entity.name == "attendance") {
        auto& training = statement("SELECT max_score FROM training WHERE code = ?");
        training.bind(1, std::get<std::string>(at("training")));
        if (!training.executeStep()) {
            problem("training", Message("register.no_code", {{"entity", entity_genitive("training")}}));
        } else {
            const double max_score = training.getColumn(0).getDouble();
            number_between("pre_score", 0, max_score);
            number_between("post_score", 0, max_score);
        }
        number_between("satisfaction", 1, 5);
    }
}

void Register::check_call(Record& record, const std::function<Value&(std::string_view)>& at,
                          const std::function<void(std::string_view, Message)>& problem)
{
    (void)record;
    const auto* opens = std::get_if<std::string>(&at("opens_on"));
    const auto* closes = std::get_if<std::string>(&at("closes_on"));
    if (opens != nullptr && closes != nullptr && *closes < *opens) {
        problem("closes_on", Message("register.closes_before_opens"));
    }
    for (const char* fraction : {"min_own_share", "threshold"}) {
        const auto* number = std::get_if<double>(&at(fraction));
        const auto* whole = std::get_if<std::int64_t>(&at(fraction));
        const double value = number != nullptr ? *number : whole != nullptr ? static_cast<double>(*whole) : 0;
        if (value < 0 || value > 1) {
            problem(fraction, Message("register.between", {{"low", 0}, {"high", 1}}));
        }
    }
    if (auto* path = std::get_if<std::string>(&at("criteria"))) {
        try {
            *path = read_criteria(*path);
        } catch (const InvalidValue& error) {
            problem("criteria", error.words());
        }
    }
    const auto* pool = std::get_if<std::int64_t>(&at("pool"));
    if (pool != nullptr && *pool < 0) {
        problem("pool", Message("register.negative"));
    }
    const auto* program = std::get_if<std::string>(&at("program"));
    if (program == nullptr) {
        return;
    }
    // The programme's budget left: its budget less the grants of its ventures and the pools of
    // its other calls not yet awarded; what this call has awarded is in the grants already.
    auto& left =
        statement("SELECT p.budget - (SELECT coalesce(sum(grant), 0) FROM venture WHERE program = p.code)"
                  " - (SELECT coalesce(sum(max(0, c.pool - (SELECT coalesce(sum(a.amount), 0) FROM offer_award a"
                  "    JOIN offer o ON o.code = a.offer WHERE o.call = c.code))), 0) FROM call c"
                  "    WHERE c.program = p.code AND c.code <> ?2)"
                  " + (SELECT coalesce(sum(a.amount), 0) FROM offer_award a JOIN offer o ON o.code = a.offer"
                  "    WHERE o.call = ?2), p.budget IS NULL FROM program p WHERE p.code = ?1");
    left.bind(1, *program);
    left.bind(2, std::get<std::string>(at("code")));
    if (!left.executeStep()) {
        problem("program", Message("register.no_code", {{"entity", entity_genitive("program")}}));
    } else if (pool != nullptr && left.getColumn(1).getInt() == 0 && *pool > left.getColumn(0).getInt64()) {
        problem("pool",
                Message("register.pool_over_budget_left",
                        {{"left", Money::from_grosze(std::max<std::int64_t>(0, left.getColumn(0).getInt64()))}}));
    }
}

std::string Register::read_criteria(const std::string& written)
{
    if (written.starts_with("[")) {  // as stored and exported
        return criteria_json(parse_criteria_json(written));
    }
    const std::filesystem::path relative(written);
    if (m_input_embedded) {
        const auto path = (m_input_folder / relative).lexically_normal().generic_string();
        bool found = false;
        for (const auto& file : embedded_files()) {
            found = found || file.path == path;
        }
        if (!found) {
            throw InvalidValue(Message("criteria.missing", {{"file", written}}));
        }
        return criteria_json(parse_criteria_toml(embedded_file(path), written));
    }
    const auto path = relative.is_absolute() ? relative : m_input_folder / relative;
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw InvalidValue(Message("criteria.missing", {{"file", path.string()}}));
    }
    std::ostringstream text;
    text << in.rdbuf();
    return criteria_json(parse_criteria_toml(text.str(), path.string()));
}

void Register::read_criteria_from(std::filesystem::path folder, bool embedded)
{
    m_input_folder = std::move(folder);
    m_input_embedded = embedded;
}

void Register::check_score(Record& record, const std::function<Value&(std::string_view)>& at,
                           const std::function<void(std::string_view, Message)>& problem)
{
    (void)record;
    const auto* offer = std::get_if<std::string>(&at("offer"));
    const auto* reviewer = std::get_if<std::string>(&at("reviewer"));
    if (offer == nullptr || reviewer == nullptr) {
        return;
    }
    auto& offer_query = statement("SELECT o.call, o.org, c.criteria FROM offer o JOIN call c ON c.code = o.call "
                                  "WHERE o.code = ?");
    offer_query.bind(1, *offer);
    if (!offer_query.executeStep()) {
        problem("offer", Message("register.no_code", {{"entity", entity_genitive("offer")}}));
        return;
    }
    const auto call = offer_query.getColumn(0).getString();
    const auto org = offer_query.getColumn(1).getString();
    const auto criteria = parse_criteria_json(offer_query.getColumn(2).getString());
    auto& reviewer_query = statement("SELECT call, conflicts FROM reviewer WHERE code = ?");
    reviewer_query.bind(1, *reviewer);
    if (!reviewer_query.executeStep()) {
        problem("reviewer", Message("register.no_code", {{"entity", entity_genitive("reviewer")}}));
    } else if (reviewer_query.getColumn(0).getString() != call) {
        problem("reviewer", Message("register.reviewer_other_call",
                                    {{"call", reviewer_query.getColumn(0).getString()}, {"offer_call", call}}));
    } else {
        const auto conflicts = list_items(reviewer_query.getColumn(1).getString());
        if (std::find(conflicts.begin(), conflicts.end(), org) != conflicts.end()) {
            problem("reviewer", Message("register.score_conflict", {{"org", org}}));
        }
    }
    const auto* code = std::get_if<std::string>(&at("criterion"));
    if (code == nullptr) {
        return;
    }
    const auto criterion =
        std::find_if(criteria.begin(), criteria.end(), [&](const CallCriterion& c) { return c.code == *code; });
    if (criterion == criteria.end()) {
        std::string codes;
        for (const auto& known : criteria) {
            codes += (codes.empty() ? "" : ", ") + known.code;
        }
        problem("criterion", Message("register.unknown_criterion", {{"call", call}, {"criteria", codes}}));
    } else if (criterion->past_performance) {
        problem("criterion", Message("register.criterion_computed"));
    } else {
        const auto* number = std::get_if<double>(&at("points"));
        const auto* whole = std::get_if<std::int64_t>(&at("points"));
        if (number != nullptr || whole != nullptr) {
            const double points = number != nullptr ? *number : static_cast<double>(*whole);
            if (points < 0 || points > criterion->max_points) {
                problem("points", Message("register.points_range", {{"max", criterion->max_points}}));
            }
        }
    }
}

std::optional<Record> Register::find(const EntitySpec& entity, const Record& key_values)
{
    auto& query = ready(*statements_of(entity).select);
    int index = 1;
    for (const auto& name : entity.key) {
        bind_value(query, index++, key_values[entity.index(name)]);
    }
    if (!query.executeStep()) {
        return std::nullopt;
    }
    Record record(entity.fields.size());
    for (std::size_t i = 0; i < entity.fields.size(); ++i) {
        record[i] = column_value(query.getColumn(static_cast<int>(i)));
    }
    return record;
}

void Register::remember_values()
{
    m_remember_values = true;
}

namespace {

std::size_t hash_of(std::string_view value)
{
    const auto hash = std::hash<std::string_view>{}(value);
    return hash == 0 ? 1 : hash;
}

// The slot of `hash` in `slots` (a power of two in size, never full): where it is, or the free
// slot where it would go.
std::size_t slot_of(const std::vector<std::size_t>& slots, std::size_t hash)
{
    const std::size_t mask = slots.size() - 1;
    std::size_t at = hash & mask;
    while (slots[at] != 0 && slots[at] != hash) {
        at = (at + 1) & mask;
    }
    return at;
}

void grow(std::vector<std::size_t>& slots)
{
    std::vector<std::size_t> bigger(std::max<std::size_t>(slots.size() * 2, 1024), 0);
    for (const auto hash : slots) {
        if (hash != 0) {
            bigger[slot_of(bigger, hash)] = hash;
        }
    }
    slots.swap(bigger);
}

}  // namespace

bool Register::may_hold(const EntitySpec& entity, std::size_t field, std::string_view value)
{
    if (!m_remember_values) {
        return true;
    }
    auto found = std::find_if(m_values.begin(), m_values.end(),
                              [&](const auto& values) { return values.entity == &entity && values.field == field; });
    if (found == m_values.end()) {
        m_values.push_back({&entity, field, {}, 0});
        found = std::prev(m_values.end());
        // The names are the entity's own, never input.
        const auto& column = entity.fields[field].name;
        SQLite::Statement query(m_store.db(), fmt::format("SELECT \"{}\" FROM \"{}\" WHERE \"{}\" IS NOT NULL", column,
                                                          entity.table, column));
        while (query.executeStep()) {
            const auto& stored = query.getColumn(0);
            remember(*found, std::string_view(static_cast<const char*>(stored.getBlob()),
                                              static_cast<std::size_t>(stored.getBytes())));
        }
    }
    return !found->slots.empty() && found->slots[slot_of(found->slots, hash_of(value))] != 0;
}

void Register::remember(RememberedValues& values, std::string_view value)
{
    if (2 * (values.count + 1) > values.slots.size()) {
        grow(values.slots);
    }
    const auto hash = hash_of(value);
    auto& slot = values.slots[slot_of(values.slots, hash)];
    if (slot == 0) {
        slot = hash;
        ++values.count;
    }
}

void Register::note_written(const EntitySpec& entity, const Record& record)
{
    for (auto& values : m_values) {
        if (values.entity != &entity) {
            continue;
        }
        if (const auto* text = std::get_if<std::string>(&record[values.field])) {
            remember(values, *text);
        }
    }
}

io::Outcome Register::upsert(const EntitySpec& entity, const Record& record, InsertAudit audit)
{
    // An entity with a one-field text key is looked for only when a stored row may have it.
    const auto key_field = entity.index(entity.key.front());
    const auto* key_value = std::get_if<std::string>(&record[key_field]);
    const bool may_exist = entity.key.size() > 1 || key_value == nullptr || may_hold(entity, key_field, *key_value);
    const auto existing = may_exist ? find(entity, record) : std::nullopt;
    if (existing && *existing == record) {
        return io::Outcome::unchanged;
    }
    if (!existing) {
        auto& insert = ready(*statements_of(entity).insert);
        for (std::size_t i = 0; i < record.size(); ++i) {
            bind_value(insert, static_cast<int>(i + 1), record[i]);
        }
        insert.exec();
    } else {
        auto& update = ready(*statements_of(entity).update);
        int index = 1;
        for (const auto& value : record) {
            bind_value(update, index++, value);
        }
        for (const auto& name : entity.key) {
            bind_value(update, index++, record[entity.index(name)]);
        }
        update.exec();
    }
    note_written(entity, record);
    if (existing || audit == InsertAudit::own_row) {
        m_store.audit_text(entity.name, key_text(entity, record), existing ? "update" : "insert",
                           existing ? std::optional(json_text(entity, *existing)) : std::nullopt,
                           json_text(entity, record));
    }
    after_write(entity, record);
    return existing ? io::Outcome::updated : io::Outcome::inserted;
}

void Register::after_write(const EntitySpec& entity, const Record& record)
{
    if (entity.name == "loan") {
        store_schedule(m_store.db(), entity, record);
    }
}

std::string Register::pseudonymise(std::string_view id)
{
    if (!m_pseudonymiser) {
        m_pseudonymiser.emplace(m_store);
    }
    return (*m_pseudonymiser)(id);
}

Record Register::key_record(const EntitySpec& entity, const std::string& key)
{
    Record record(entity.fields.size());
    if (entity.name == "org") {
        record[entity.index("code")] = resolve_org(key).value_or(key);
        return record;
    }
    const auto parts = split(key, '/');
    if (parts.size() != entity.key.size()) {
        throw Error(Exit::usage, key,
                    Message("register.key_shape", {{"entity", entity_words(entity)},
                                                   {"fields", fmt::format("{}", fmt::join(entity.key, "/"))}}));
    }
    for (std::size_t i = 0; i < parts.size(); ++i) {
        const auto& field = entity.fields[entity.index(entity.key[i])];
        try {
            auto value = parse_value(field, parts[i]);
            if (field.type == FieldType::pseudonym && !empty(value)) {
                // A raw id is hashed; a pseudonym (as listed) is taken as it is when no id
                // hashes to a stored record.
                const auto& text = std::get<std::string>(value);
                auto hashed = pseudonymise(store::person_id(text));
                if (is_pseudonym(text)) {
                    auto probe = record;
                    probe[entity.index(entity.key[i])] = hashed;
                    if (!find(entity, probe)) {
                        hashed = text;
                    }
                }
                value = std::move(hashed);
            }
            record[entity.index(entity.key[i])] = value;
        } catch (const InvalidValue& error) {
            throw Error(Exit::usage, key,
                        Message("register.field_problem", {{"field", field.name}, {"problem", error.words()}}));
        }
    }
    return record;
}

Record Register::show(const EntitySpec& entity, const std::string& key)
{
    auto found = find(entity, key_record(entity, key));
    if (!found) {
        throw Error(Exit::data, key, Message("register.no_key", {{"entity", entity_genitive(entity.name)}}));
    }
    return *found;
}

std::vector<Record> Register::list(const EntitySpec& entity, const ListFilter& filter)
{
    std::string sql = fmt::format("SELECT {} FROM \"{}\" WHERE 1 = 1", field_list(entity), entity.table);
    std::vector<Value> values;
    for (const auto& [name, value] : filter.equals) {
        const auto& field = entity.fields[entity.index(name)];
        if (field.type == FieldType::list) {
            sql += fmt::format(" AND EXISTS (SELECT 1 FROM json_each(\"{}\") WHERE value = ?)", name);
            values.emplace_back(value);
        } else if (name == "district") {  // by code or by name
            sql += " AND \"district\" = coalesce((SELECT name FROM district WHERE code = upper(?) OR name = ?), ?)";
            values.insert(values.end(), 3, Value(value));
        } else {
            sql += fmt::format(" AND \"{}\" = ?", name);
            try {
                values.push_back(parse_value(field, value));
            } catch (const InvalidValue& error) {
                throw Error(Exit::usage, "--" + name, error.words());
            }
        }
    }
    if (filter.active_in) {
        sql += " AND starts <= ? AND ends >= ?";
        values.emplace_back(filter.active_in->to_string());
        values.emplace_back(filter.active_in->to_string());
    }
    std::string order;
    for (const auto& name : entity.key) {
        order += (order.empty() ? "" : ", ") + fmt::format("\"{}\"", name);
    }
    sql += " ORDER BY " + order;
    SQLite::Statement query(m_store.db(), sql);
    for (std::size_t i = 0; i < values.size(); ++i) {
        bind_value(query, static_cast<int>(i + 1), values[i]);
    }
    std::vector<Record> records;
    while (query.executeStep()) {
        Record record(entity.fields.size());
        for (std::size_t i = 0; i < entity.fields.size(); ++i) {
            record[i] = column_value(query.getColumn(static_cast<int>(i)));
        }
        records.push_back(std::move(record));
    }
    return records;
}

void Register::add(const EntitySpec& entity, const nlohmann::ordered_json& fields)
{
    std::vector<Problem> problems;
    auto record = parse(entity, fields, 0, problems);
    if (!record) {
        throw BatchError("register " + entity.name + " add", std::move(problems));
    }
    if (find(entity, *record)) {
        throw Error(Exit::data, key_text(entity, *record),
                    Message("register.exists", {{"entity", entity_words(entity)}}));
    }
    upsert(entity, *record);
}

io::Outcome Register::update(const EntitySpec& entity, const std::string& key, const nlohmann::ordered_json& fields)
{
    const auto stored = show(entity, key);
    nlohmann::ordered_json merged = nlohmann::ordered_json::object();
    for (std::size_t i = 0; i < entity.fields.size(); ++i) {
        const auto& field = entity.fields[i];
        merged[field.name] = field.type == FieldType::list ? to_json(field, stored[i])
                                                           : nlohmann::ordered_json(to_text(field, stored[i]));
    }
    for (const auto& [name, value] : fields.items()) {
        if (std::find(entity.key.begin(), entity.key.end(), name) != entity.key.end() && merged[name] != value) {
            throw Error(Exit::usage, "--" + name, Message("register.key_unchangeable"));
        }
        merged[name] = value;
    }
    std::vector<Problem> problems;
    auto record = parse(entity, merged, 0, problems);
    if (!record) {
        throw BatchError("register " + entity.name + " update", std::move(problems));
    }
    for (const auto& field : entity.fields) {  // pseudonymous keys stay as stored
        if (field.type == FieldType::pseudonym) {
            (*record)[entity.index(field.name)] = stored[entity.index(field.name)];
        }
    }
    return upsert(entity, *record);
}

void Register::remove(const EntitySpec& entity, const std::string& key)
{
    const auto record = show(entity, key);
    const auto text = key_text(entity, record);
    Message reasons;
    for (const auto& reference : references_to(entity.name)) {
        const auto& value = record[entity.index(entity.key.front())];
        auto& count = statement(
            reference.list
                ? fmt::format("SELECT count(*) FROM {} WHERE EXISTS (SELECT 1 FROM json_each({}) WHERE value = ?)",
                              reference.table, reference.column)
                : fmt::format("SELECT count(*) FROM {} WHERE {} = ?", reference.table, reference.column));
        bind_value(count, 1, value);
        count.executeStep();
        if (const auto n = count.getColumn(0).getInt64(); n > 0) {
            const Message counted(Key::composed(std::string("count.") + reference.what), {{"n", n}});
            reasons = reasons.empty() ? counted : Message("value.list", {{"first", reasons}, {"rest", counted}});
        }
    }
    if (!reasons.empty()) {
        const Message hint =
            entity.name == "org" ? Message("register.close_instead", {{"key", text}}) : Message::verbatim("");
        throw Error(
            Exit::data, text,
            Message("register.referred_to", {{"entity", entity_words(entity)}, {"reasons", reasons}, {"hint", hint}}));
    }
    auto& erase = statement(fmt::format("DELETE FROM \"{}\" WHERE {}", entity.table, key_condition(entity)));
    int index = 1;
    for (const auto& name : entity.key) {
        bind_value(erase, index++, record[entity.index(name)]);
    }
    erase.exec();
    m_store.audit_text(entity.name, text, "delete", json_text(entity, record), std::nullopt);
}

std::unique_ptr<io::ImportSink> Register::import_sink(const EntitySpec& entity)
{
    return std::make_unique<Sink>(*this, m_store, entity);
}

nlohmann::ordered_json record_json(const EntitySpec& entity, const Record& record)
{
    nlohmann::ordered_json object = nlohmann::ordered_json::object();
    for (std::size_t i = 0; i < entity.fields.size(); ++i) {
        object[entity.fields[i].name] = to_json(entity.fields[i], record[i]);
    }
    return object;
}

}  // namespace toro::registry
