#include "registry/register.hpp"

#include "core/embedded.hpp"
#include "core/money.hpp"
#include "core/text.hpp"
#include "registry/call_criteria.hpp"
#include "registry/checks.hpp"
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
        return {{"report", "venture", false, "report"},         {"loan", "venture", false, "loan"},
                {"payment", "venture", false, "payment"},       {"grant_return", "venture", false, "grant_return"},
                {"final_cost", "venture", false, "final_cost"}, {"offer_award", "venture", false, "award"}};
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
void bind_value(store::Statement& statement, int index, const Value& value)
{
    if (const auto* text = std::get_if<std::string>(&value)) {
        statement.bind(index, *text);
    } else if (const auto* whole = std::get_if<std::int64_t>(&value)) {
        statement.bind(index, *whole);
    } else if (const auto* real = std::get_if<double>(&value)) {
        statement.bind(index, *real);
    } else {
        statement.bind(index);
    }
}

Value column_value(const store::Column& column)
{
    switch (column.type()) {
    case store::ValueType::null:
        return std::monostate{};
    case store::ValueType::integer:
        return column.get_int64();
    case store::ValueType::real:
        return column.get_double();
    case store::ValueType::text:
        break;
    }
    return column.get_string();
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

    // The fields parsed by their types, ahead of the checks that need the store.
    // Parsed where the row is kept, so that a row read into the same place later reuses the room
    // (and the thread that reads allocates and frees it, not the one that writes).
    void prepare(io::InputRow& row) const override
    {
        auto* parsed = std::any_cast<ParsedFields>(&row.prepared);
        if (parsed == nullptr) {
            parsed = &row.prepared.emplace<ParsedFields>();
        }
        Register::parse_fields(m_entity, row.fields, row.line, *parsed);
    }

    std::optional<io::Outcome> write(const io::InputRow& row, std::vector<Problem>& problems) override
    {
        ParsedFields own;
        auto* parsed = std::any_cast<ParsedFields>(&row.prepared);
        if (parsed == nullptr) {
            Register::parse_fields(m_entity, row.fields, row.line, own);
            parsed = &own;
        }
        if (!m_register.checked(m_entity, *parsed, row.fields, row.line, problems)) {
            return std::nullopt;
        }
        const Record& record = parsed->record;
        const auto key = key_text(m_entity, record);
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
        // On PostgreSQL a statement that fails ends the whole transaction unless a savepoint was
        // taken before it, so there every row gets one: a row refused by the database is then
        // one problem among the batch's, as on SQLite.
        const bool compound = m_entity.name == "venture" || m_entity.name == "loan" || m_entity.name == "offer";
        const bool savepoint = compound || m_store.db().dialect() == store::Dialect::postgresql;
        if (savepoint) {
            m_store.savepoint("import_row");
        }
        try {
            auto outcome = m_register.upsert(
                m_entity, record, compound ? Register::InsertAudit::own_row : Register::InsertAudit::by_caller);
            if (!compound && outcome == io::Outcome::inserted) {
                m_inserted.push_back(seen);
            }
            outcome = write_children(row, key, outcome, problems);
            if (!problems.empty()) {
                if (savepoint) {
                    roll_back_row();
                }
                return std::nullopt;
            }
            if (savepoint) {
                m_store.release_savepoint("import_row");
            }
            if (m_entity.name == "offer") {
                warn_outside_call(record, row.line);
            }
            return outcome;
        } catch (const Error& error) {
            if (savepoint) {
                roll_back_row();
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
    // Takes back what the row wrote since its savepoint, its audit rows included.
    void roll_back_row()
    {
        m_store.roll_back_to_savepoint("import_row");
        m_register.forget_found_code();
    }

    // An offer submitted outside its call's dates is registered (the office keeps what it
    // received) and said so: the protocol rejects it formally.
    void warn_outside_call(const Record& record, std::size_t line)
    {
        store::Statement call(m_store.db(), "SELECT opens_on, closes_on FROM call WHERE code = ?");
        call.bind(1, std::get<std::string>(record[m_entity.index("call")]));
        if (!call.step()) {
            return;
        }
        const auto& submitted = std::get<std::string>(record[m_entity.index("submitted_on")]);
        const auto opens = call.column(0).get_string();
        const auto closes = call.column(1).get_string();
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

store::Statement& ready(store::Statement& statement)
{
    statement.reset();
    statement.clear_bindings();
    return statement;
}

}  // namespace

store::Statement& Register::statement(const std::string& sql)
{
    auto& cached = m_statements[sql];
    if (!cached) {
        cached = std::make_unique<store::Statement>(m_store.db(), sql);
    }
    return ready(*cached);
}

store::Statement& Register::statement(const char* literal)
{
    auto& cached = m_literals[literal];
    if (!cached) {
        cached = std::make_unique<store::Statement>(m_store.db(), literal);
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
        prepared.select = std::make_unique<store::Statement>(
            db, fmt::format("SELECT {} FROM \"{}\" WHERE {}", field_list(entity), entity.table, key_condition(entity)));
        prepared.insert = std::make_unique<store::Statement>(
            db, fmt::format("INSERT INTO \"{}\" ({}) VALUES ({})", entity.table, field_list(entity), placeholders));
        prepared.update = std::make_unique<store::Statement>(
            db, fmt::format("UPDATE \"{}\" SET {} WHERE {}", entity.table, assignments, key_condition(entity)));
    }
    return prepared;
}

bool Register::code_exists(const char* table, const std::string& code)
{
    if (m_found_code && std::string_view(m_found_code->first) == table && m_found_code->second == code) {
        return true;
    }
    auto& query = statement(fmt::format("SELECT 1 FROM {} WHERE code = ?", table));
    query.bind(1, code);
    if (!query.step()) {
        return false;
    }
    m_found_code.emplace(table, code);
    return true;
}

std::optional<std::string> Register::resolve_org(const std::string& reference)
{
    // In a bulk import an organization's code is taken from the codes remembered. A hash that
    // matched by chance (about one in 10^14 with a country's organizations) would leave the
    // foreign key to refuse the row.
    static const auto* org = find_entity("org");
    if (m_remember_values && holds(remembered(*org, org->index("code"), std::span(&org->key.front(), 1)), reference)) {
        return reference;
    }
    auto& by_code = statement("SELECT code FROM org WHERE code = ?");
    by_code.bind(1, reference);
    if (by_code.step()) {
        return by_code.column(0).get_string();
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
    if (by_number.step()) {
        return by_number.column(0).get_string();
    }
    return std::nullopt;
}

std::optional<Record> Register::parse(const EntitySpec& entity, const nlohmann::ordered_json& fields, std::size_t line,
                                      std::vector<Problem>& problems)
{
    ParsedFields parsed;
    parse_fields(entity, fields, line, parsed);
    if (!checked(entity, parsed, fields, line, problems)) {
        return std::nullopt;
    }
    return std::move(parsed.record);
}

void Register::parse_fields(const EntitySpec& entity, const nlohmann::ordered_json& fields, std::size_t line,
                            ParsedFields& parsed)
{
    static const nlohmann::ordered_json absent;
    auto& record = parsed.record;
    auto& pseudonymous = parsed.pseudonymous;
    auto& problems = parsed.problems;
    record.resize(entity.fields.size());  // every value is set below
    pseudonymous.assign(entity.fields.size(), false);
    problems.clear();
    // Each field's input, found by going once through the row's columns. Columns usually come in
    // the entity's order: each is looked for from the field after the one before.
    const std::size_t count = entity.fields.size();
    std::vector<const nlohmann::ordered_json*> inputs(count, &absent);
    if (fields.is_object()) {
        std::size_t from = 0;
        for (auto column = fields.begin(); column != fields.end(); ++column) {
            const auto& name = column.key();
            for (std::size_t k = 0; k < count; ++k) {
                const std::size_t i = (from + k) % count;
                if (entity.fields[i].name == name) {
                    inputs[i] = &column.value();
                    from = i + 1;
                    break;
                }
            }
        }
    }
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
        const nlohmann::ordered_json& input = *inputs[i];
        try {
            const auto* absent_value = input.is_null() ? value_when_absent(field) : nullptr;
            record[i] = absent_value != nullptr ? *absent_value : parse_value(field, input);
        } catch (const InvalidValue& error) {
            record[i] = std::monostate{};
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
}

bool Register::checked(const EntitySpec& entity, ParsedFields& parsed, const nlohmann::ordered_json& fields,
                       std::size_t line, std::vector<Problem>& problems)
{
    const std::size_t before = problems.size();
    problems.insert(problems.end(), std::make_move_iterator(parsed.problems.begin()),
                    std::make_move_iterator(parsed.problems.end()));
    parsed.problems.clear();
    auto& record = parsed.record;
    const auto& pseudonymous = parsed.pseudonymous;
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
        return false;
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
            return false;
        }
    }
    return true;
}

void Register::check(const EntitySpec& entity, Record& record, const nlohmann::ordered_json& input, std::size_t line,
                     std::vector<Problem>& problems)
{
    if (entity.check != nullptr) {
        RowCheck row(*this, entity, record, input, line, problems);
        entity.check(row);
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

std::optional<Record> Register::find(const EntitySpec& entity, const Record& key_values)
{
    auto& query = ready(*statements_of(entity).select);
    int index = 1;
    for (const auto& name : entity.key) {
        bind_value(query, index++, key_values[entity.index(name)]);
    }
    if (!query.step()) {
        return std::nullopt;
    }
    Record record(entity.fields.size());
    for (std::size_t i = 0; i < entity.fields.size(); ++i) {
        record[i] = column_value(query.column(static_cast<int>(i)));
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

// The fields of a key of several text fields joined by the unit separator, which no code holds;
// nullopt when one of them is not text.
std::optional<std::string> joined_key(const EntitySpec& entity, const Record& record)
{
    std::string joined;
    for (const auto& name : entity.key) {
        const auto* text = std::get_if<std::string>(&record[entity.index(name)]);
        if (text == nullptr) {
            return std::nullopt;
        }
        joined += joined.empty() ? "" : "\x1f";
        joined += *text;
    }
    return joined;
}

}  // namespace

bool Register::may_hold_key(const EntitySpec& entity, const Record& record)
{
    const auto key = joined_key(entity, record);
    return !m_remember_values || !key || holds(remembered(entity, key_fields, entity.key), *key);
}

bool Register::may_hold(const EntitySpec& entity, std::size_t field, std::string_view value)
{
    return !m_remember_values || holds(remembered(entity, field, std::span(&entity.fields[field].name, 1)), value);
}

Register::RememberedValues& Register::remembered(const EntitySpec& entity, std::size_t field,
                                                 std::span<const std::string> columns)
{
    auto found = std::find_if(m_values.begin(), m_values.end(),
                              [&](const auto& values) { return values.entity == &entity && values.field == field; });
    if (found != m_values.end()) {
        return *found;
    }
    auto& values = m_values.emplace_back(RememberedValues{&entity, field, {}, 0});
    // The names are the entity's own, never input.
    std::string names;
    std::string present;
    for (const auto& name : columns) {
        names += fmt::format("{}\"{}\"", names.empty() ? "" : ", ", name);
        present += fmt::format("{}\"{}\" IS NOT NULL", present.empty() ? "" : " AND ", name);
    }
    store::Statement query(m_store.db(), fmt::format("SELECT {} FROM \"{}\" WHERE {}", names, entity.table, present));
    std::string stored;
    while (query.step()) {
        stored.clear();
        for (int i = 0; i < static_cast<int>(columns.size()); ++i) {
            stored += i == 0 ? "" : "\x1f";
            stored += query.column(i).get_view();
        }
        remember(values, stored);
    }
    return values;
}

bool Register::holds(const RememberedValues& values, std::string_view value)
{
    return !values.slots.empty() && values.slots[slot_of(values.slots, hash_of(value))] != 0;
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

std::optional<ProgramRules> Register::program_rules(const std::string& code)
{
    if (const auto found = m_program_rules.find(code); found != m_program_rules.end()) {
        return found->second;
    }
    auto& program = statement("SELECT mode, budget FROM program WHERE code = ?");
    program.bind(1, code);
    std::optional<ProgramRules> rules;
    if (program.step()) {
        rules = ProgramRules{program.column(0).get_string(),
                             program.column(1).is_null() ? std::nullopt : std::optional(program.column(1).get_int64())};
    }
    return m_program_rules.emplace(code, rules).first->second;
}

void Register::note_written(const EntitySpec& entity, const Record& record)
{
    if (entity.name == "program") {
        m_program_rules.clear();
    }
    // A venture's targets and budget lines, checked next, name the venture just written.
    if (entity.key.size() == 1 && entity.key.front() == "code") {
        if (const auto* code = std::get_if<std::string>(&record[entity.index("code")])) {
            m_found_code.emplace(entity.table.c_str(), *code);
        }
    }
    for (auto& values : m_values) {
        if (values.entity != &entity) {
            continue;
        }
        if (values.field == key_fields) {
            if (const auto key = joined_key(entity, record)) {
                remember(values, *key);
            }
        } else if (const auto* text = std::get_if<std::string>(&record[values.field])) {
            remember(values, *text);
        }
    }
}

io::Outcome Register::upsert(const EntitySpec& entity, const Record& record, InsertAudit audit)
{
    // An entity with a text key, of one field or several, is looked for only when a stored row
    // may have it.
    const auto key_field = entity.index(entity.key.front());
    const auto* key_value = std::get_if<std::string>(&record[key_field]);
    const bool may_exist = entity.key.size() > 1 ? may_hold_key(entity, record)
                                                 : key_value == nullptr || may_hold(entity, key_field, *key_value);
    const auto existing = may_exist ? find(entity, record) : std::nullopt;
    if (existing && *existing == record) {
        return io::Outcome::unchanged;
    }
    if (!existing) {
        auto& insert = ready(*statements_of(entity).insert);
        for (std::size_t i = 0; i < record.size(); ++i) {
            if (!empty(record[i])) {  // ready() left every parameter NULL
                bind_value(insert, static_cast<int>(i + 1), record[i]);
            }
        }
        insert.send();
    } else {
        auto& update = ready(*statements_of(entity).update);
        int index = 1;
        for (const auto& value : record) {
            if (!empty(value)) {
                bind_value(update, index, value);
            }
            ++index;
        }
        for (const auto& name : entity.key) {
            bind_value(update, index++, record[entity.index(name)]);
        }
        update.send();
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
            sql += fmt::format(" AND EXISTS (SELECT 1 FROM {} WHERE value = ?)",
                               store::json_elements(m_store.db().dialect(), fmt::format("\"{}\"", name), "e"));
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
    store::Statement query(m_store.db(), sql);
    for (std::size_t i = 0; i < values.size(); ++i) {
        bind_value(query, static_cast<int>(i + 1), values[i]);
    }
    std::vector<Record> records;
    while (query.step()) {
        Record record(entity.fields.size());
        for (std::size_t i = 0; i < entity.fields.size(); ++i) {
            record[i] = column_value(query.column(static_cast<int>(i)));
        }
        records.push_back(std::move(record));
    }
    if (filter.loan_state) {
        std::erase_if(records, [&](const Record& record) {
            return loan_state(m_store.db(), std::get<std::string>(record[entity.index("code")]), filter.as_of) !=
                   *filter.loan_state;
        });
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
                ? fmt::format("SELECT count(*) FROM {} WHERE EXISTS (SELECT 1 FROM {} WHERE value = ?)",
                              reference.table, store::json_elements(m_store.db().dialect(), reference.column, "e"))
                : fmt::format("SELECT count(*) FROM {} WHERE {} = ?", reference.table, reference.column));
        bind_value(count, 1, value);
        count.step();
        if (const auto n = count.column(0).get_int64(); n > 0) {
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
    forget_found_code();
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
