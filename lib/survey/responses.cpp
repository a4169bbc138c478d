#include "survey/responses.hpp"

#include "core/date.hpp"
#include "core/text.hpp"
#include "store/audit_chain.hpp"
#include "store/pseudonym.hpp"
#include "survey/catalogue.hpp"

#include "store/database.hpp"
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <charconv>
#include <cmath>
#include <limits>
#include <unordered_map>

namespace toro::survey {
namespace {

constexpr double missing = std::numeric_limits<double>::quiet_NaN();

enum class Field { respondent, wave, group, org, role, district, current, required, single };

struct Target {
    Field field = Field::single;
    std::size_t item = 0;  // for current, required and single
};

// One respondent's row as it will be stored.
struct Answer {
    double value = missing;
    double required = missing;
    std::optional<std::string> text;

    bool empty() const { return std::isnan(value) && std::isnan(required) && !text; }
    bool operator==(const Answer& other) const
    {
        const auto same = [](double a, double b) { return (std::isnan(a) && std::isnan(b)) || a == b; };
        return same(value, other.value) && same(required, other.required) && text == other.text;
    }
};

struct Respondent {
    std::string group;
    std::string org;
    std::string role;
    std::string district;
    std::vector<Answer> answers;  // one per item

    bool operator==(const Respondent&) const = default;
};

// Empty, N/A and - are missing answers, never zero.
bool is_missing(std::string_view text)
{
    return text.empty() || text == "-" || ascii_lower(text) == "n/a";
}

std::optional<std::string> nullable(const store::Column& column)
{
    if (column.is_null()) {
        return std::nullopt;
    }
    return column.get_string();
}

class ResponseSink : public io::ImportSink {
public:
    ResponseSink(store::Store& store, const Instrument& instrument, ImportSettings settings)
        : m_store(store), m_instrument(instrument), m_settings(std::move(settings)), m_pseudonym(store),
          m_forgotten(store),
          m_find(store.db(),
                 "SELECT id, grp, coalesce(org, ''), coalesce(role, ''), coalesce(district, '') FROM response "
                 "WHERE instrument = ? AND wave = ? AND respondent = ?"),
          m_answers(store.db(), "SELECT item, value, required, text FROM answer WHERE response = ?"),
          m_insert(store.db(), "INSERT INTO response (instrument, wave, respondent, grp, org, role, district, "
                               "imported_at) VALUES (?, ?, ?, ?, NULLIF(?, ''), NULLIF(?, ''), NULLIF(?, ''), ?) "
                               "RETURNING id"),
          m_update(store.db(), "UPDATE response SET grp = ?, org = NULLIF(?, ''), role = NULLIF(?, ''), "
                               "district = NULLIF(?, ''), imported_at = ? WHERE id = ?"),
          m_clear(store.db(), "DELETE FROM answer WHERE response = ?"),
          m_answer(store.db(), "INSERT INTO answer (response, item, value, required, text) VALUES (?, ?, ?, ?, ?)")
    {
        const auto ids = item_ids(store, instrument.code);
        m_columns.emplace("respondent", Target{Field::respondent});
        m_columns.emplace("wave", Target{Field::wave});
        m_columns.emplace("group", Target{Field::group});
        m_columns.emplace("org", Target{Field::org});
        m_columns.emplace("role", Target{Field::role});
        m_columns.emplace("district", Target{Field::district});
        for (std::size_t i = 0; i < instrument.items.size(); ++i) {
            const auto& item = instrument.items[i];
            m_item_ids.push_back(ids.at(item.code));
            const auto code = ascii_lower(item.code);
            if (item.rated_twice(instrument.kind)) {
                // ITEM.current, ITEM[current] as LimeSurvey exports arrays, and ITEM_current.
                for (const auto& [rating, field] :
                     {std::pair{"current", Field::current}, std::pair{"required", Field::required}}) {
                    for (const auto& spelling :
                         {fmt::format("{}.{}", code, rating), fmt::format("{}[{}]", code, rating),
                          fmt::format("{}_{}", code, rating)}) {
                        m_columns.emplace(spelling, Target{field, i});
                        m_known.push_back(spelling);
                    }
                }
            } else {
                m_columns.emplace(code, Target{Field::single, i});
                m_known.push_back(code);
            }
        }
    }

    std::vector<std::string> known_columns() const override
    {
        std::vector<std::string> known{"respondent", "wave", "group", "org", "role", "district"};
        known.insert(known.end(), m_known.begin(), m_known.end());
        return known;
    }

    std::vector<std::string> required_columns() const override
    {
        if (m_settings.group) {
            return {"respondent"};
        }
        return {"respondent", "group"};
    }

    std::optional<io::Outcome> write(const io::InputRow& row, std::vector<Problem>& problems) override
    {
        std::string id;
        std::string wave;
        Respondent respondent;
        respondent.answers.resize(m_instrument.items.size());
        std::vector<std::string> seen(m_instrument.items.size() * 2);  // the column each rating came from
        for (const auto& [key, value] : row.fields.items()) {
            const auto lower = ascii_lower(key);
            const auto target = m_columns.find(lower);
            if (target == m_columns.end()) {
                continue;  // an unknown column the engine was told to ignore
            }
            const auto text = std::string(trim(io::field_text(value)));
            switch (target->second.field) {
            case Field::respondent:
                id = store::person_id(text);
                break;
            case Field::wave:
                wave = text;
                break;
            case Field::group:
                respondent.group = text;
                break;
            case Field::org:
                respondent.org = text;
                break;
            case Field::role:
                respondent.role = text;
                break;
            case Field::district:
                respondent.district = text;
                break;
            case Field::current:
            case Field::required:
            case Field::single: {
                if (is_missing(text)) {
                    break;
                }
                const auto item = target->second.item;
                const auto slot = item * 2 + (target->second.field == Field::required ? 1 : 0);
                if (!seen[slot].empty()) {
                    problems.push_back(
                        {row.line, 0, key, "", Message("responses.same_answer", {{"column", seen[slot]}})});
                    continue;
                }
                seen[slot] = key;
                read_answer(row.line, key, text, value, target->second, respondent.answers[item], problems);
                break;
            }
            }
        }
        if (id.empty()) {
            problems.push_back({row.line, 0, "respondent", "", Message("responses.no_id")});
        }
        if (respondent.group.empty() && m_settings.group) {
            respondent.group = *m_settings.group;
        }
        if (respondent.group.empty()) {
            problems.push_back({row.line, 0, "group", "", Message("responses.no_group")});
        } else if (!m_instrument.groups.empty() && std::find(m_instrument.groups.begin(), m_instrument.groups.end(),
                                                             respondent.group) == m_instrument.groups.end()) {
            problems.push_back({row.line, 0, "group", respondent.group,
                                Message("responses.bad_group",
                                        {{"groups", fmt::format("{}", fmt::join(m_instrument.groups, ", "))}})});
        }
        if (!problems.empty()) {
            return std::nullopt;
        }
        auto pseudonym = m_pseudonym(id);
        if (m_forgotten.contains(pseudonym)) {
            problems.push_back({row.line, 0, "respondent", "", Message("pseudonym.forgotten")});
            return std::nullopt;
        }
        return store(row.line, wave.empty() ? m_settings.wave : wave, pseudonym, respondent, problems);
    }

    void finish(io::ImportSummary& summary) override
    {
        if (summary.inserted + summary.updated == 0) {
            return;
        }
        m_store.audit("response", m_instrument.code, "import", nullptr,
                      {{"wave", m_settings.wave},
                       {"inserted", summary.inserted},
                       {"updated", summary.updated},
                       {"unchanged", summary.unchanged},
                       {"rejected", summary.rejected}});
    }

private:
    void read_answer(std::size_t line, const std::string& column, const std::string& text,
                     const nlohmann::ordered_json& raw, const Target& target, Answer& answer,
                     std::vector<Problem>& problems) const
    {
        if (is_missing(text)) {
            return;
        }
        const auto& item = m_instrument.items[target.item];
        if (item.type == ItemType::text) {
            answer.text = text;
            return;
        }
        if (item.type == ItemType::choice) {
            if (std::find(item.options.begin(), item.options.end(), text) == item.options.end()) {
                problems.push_back(
                    {line, 0, column, text,
                     Message("responses.bad_option", {{"options", fmt::format("{}", fmt::join(item.options, ", "))}})});
                return;
            }
            answer.text = text;
            return;
        }
        const int min = item.type == ItemType::nps ? 0 : m_instrument.scale.min;
        const int max = item.type == ItemType::nps ? 10 : m_instrument.scale.max;
        const auto rating = parse_rating(text, raw, item.type == ItemType::nps ? nullptr : &m_instrument.scale.labels);
        if (!rating || *rating < min || *rating > max) {
            problems.push_back({line, 0, column, text,
                                Message(rating ? Key("responses.outside_scale") : Key("responses.not_on_scale"),
                                        {{"min", min}, {"max", max}})});
            return;
        }
        (target.field == Field::required ? answer.required : answer.value) = *rating;
    }

    // A whole number, or one of the scale's labels (case-insensitively).
    std::optional<int> parse_rating(const std::string& text, const nlohmann::ordered_json& raw,
                                    const std::vector<std::string>* labels) const
    {
        if (raw.is_number_integer()) {
            return raw.get<int>();
        }
        if (raw.is_number_float()) {
            const double value = raw.get<double>();
            if (std::floor(value) == value && std::abs(value) < 1e6) {
                return static_cast<int>(value);
            }
            return std::nullopt;
        }
        int value = 0;
        const auto* end = text.data() + text.size();
        if (auto [ptr, error] = std::from_chars(text.data(), end, value); error == std::errc() && ptr == end) {
            return value;
        }
        if (labels != nullptr) {
            const auto lower = ascii_lower(text);
            for (std::size_t i = 0; i < labels->size(); ++i) {
                if (ascii_lower((*labels)[i]) == lower) {
                    return m_instrument.scale.min + static_cast<int>(i);
                }
            }
        }
        return std::nullopt;
    }

    std::optional<io::Outcome> store(std::size_t line, const std::string& wave, const std::string& hash,
                                     const Respondent& respondent, std::vector<Problem>& problems)
    {
        m_find.reset();
        m_find.bind(1, m_instrument.code);
        m_find.bind(2, wave);
        m_find.bind(3, hash);
        if (m_find.step()) {
            const auto id = m_find.column(0).get_int64();
            if (const auto earlier = m_written.find(id); earlier != m_written.end()) {
                problems.push_back(
                    {line, 0, "respondent", "", Message("responses.already_on_line", {{"line", earlier->second}})});
                return std::nullopt;
            }
            m_written.emplace(id, line);
            Respondent stored{m_find.column(1).get_string(), m_find.column(2).get_string(),
                              m_find.column(3).get_string(), m_find.column(4).get_string(), stored_answers(id)};
            if (stored == respondent) {
                return io::Outcome::unchanged;
            }
            m_update.reset();
            m_update.bind(1, respondent.group);
            m_update.bind(2, respondent.org);
            m_update.bind(3, respondent.role);
            m_update.bind(4, respondent.district);
            m_update.bind(5, utc_timestamp());
            m_update.bind(6, id);
            m_update.exec();
            m_clear.reset();
            m_clear.bind(1, id);
            m_clear.exec();
            insert_answers(id, respondent);
            return io::Outcome::updated;
        }
        m_insert.reset();
        m_insert.bind(1, m_instrument.code);
        m_insert.bind(2, wave);
        m_insert.bind(3, hash);
        m_insert.bind(4, respondent.group);
        m_insert.bind(5, respondent.org);
        m_insert.bind(6, respondent.role);
        m_insert.bind(7, respondent.district);
        m_insert.bind(8, utc_timestamp());
        m_insert.step();
        const auto id = m_insert.column(0).get_int64();
        m_insert.reset();
        m_written.emplace(id, line);
        insert_answers(id, respondent);
        return io::Outcome::inserted;
    }

    std::vector<Answer> stored_answers(std::int64_t id)
    {
        std::vector<Answer> answers(m_instrument.items.size());
        m_answers.reset();
        m_answers.bind(1, id);
        while (m_answers.step()) {
            const auto item = m_answers.column(0).get_int64();
            const auto at = std::find(m_item_ids.begin(), m_item_ids.end(), item);
            if (at == m_item_ids.end()) {
                continue;
            }
            auto& answer = answers[static_cast<std::size_t>(at - m_item_ids.begin())];
            answer.value = m_answers.column(1).is_null() ? missing : m_answers.column(1).get_double();
            answer.required = m_answers.column(2).is_null() ? missing : m_answers.column(2).get_double();
            answer.text = nullable(m_answers.column(3));
        }
        return answers;
    }

    void insert_answers(std::int64_t id, const Respondent& respondent)
    {
        for (std::size_t i = 0; i < respondent.answers.size(); ++i) {
            const auto& answer = respondent.answers[i];
            if (answer.empty()) {
                continue;
            }
            m_answer.reset();
            m_answer.bind(1, id);
            m_answer.bind(2, m_item_ids[i]);
            bind_rating(3, answer.value);
            bind_rating(4, answer.required);
            if (answer.text) {
                m_answer.bind(5, *answer.text);
            } else {
                m_answer.bind(5);
            }
            m_answer.exec();
        }
    }

    void bind_rating(int index, double value)
    {
        if (std::isnan(value)) {
            m_answer.bind(index);
        } else {
            m_answer.bind(index, value);
        }
    }

    store::Store& m_store;
    const Instrument& m_instrument;
    ImportSettings m_settings;
    store::Pseudonymiser m_pseudonym;
    store::ForgottenPeople m_forgotten;
    std::unordered_map<std::string, Target> m_columns;
    std::vector<std::string> m_known;
    std::vector<std::int64_t> m_item_ids;                     // by item index
    std::unordered_map<std::int64_t, std::size_t> m_written;  // response id -> line, in this import
    store::Statement m_find;
    store::Statement m_answers;
    store::Statement m_insert;
    store::Statement m_update;
    store::Statement m_clear;
    store::Statement m_answer;
};

// Binds the selection's wave and group to ?2 and ?3.
void bind_selection(store::Statement& statement, const Selection& selection)
{
    if (selection.wave) {
        statement.bind(2, *selection.wave);
    }
    if (selection.group) {
        statement.bind(3, *selection.group);
    }
}

constexpr const char* selected =
    "r.instrument = ?1 AND (CAST(?2 AS TEXT) IS NULL OR r.wave = ?2) AND (CAST(?3 AS TEXT) IS NULL OR r.grp = ?3)";

// Item index by the store's item id.
std::unordered_map<std::int64_t, std::size_t> item_index(store::Store& store, const Instrument& instrument)
{
    const auto ids = item_ids(store, instrument.code);
    std::unordered_map<std::int64_t, std::size_t> index;
    for (std::size_t i = 0; i < instrument.items.size(); ++i) {
        index.emplace(ids.at(instrument.items[i].code), i);
    }
    return index;
}

}  // namespace

std::unique_ptr<io::ImportSink> response_sink(store::Store& store, const Instrument& instrument,
                                              ImportSettings settings)
{
    return std::make_unique<ResponseSink>(store, instrument, std::move(settings));
}

Answers load_answers(store::Store& store, const Instrument& instrument, const Selection& selection)
{
    const auto index = item_index(store, instrument);
    Answers answers;
    answers.items = instrument.items.size();
    // No ORDER BY: sorting a million answers costs more than the whole analysis. A response's
    // answers come together in practice; the map keeps it right when they do not.
    store::Statement select(store.db(), fmt::format("SELECT r.id, r.grp, a.item, a.value, a.required FROM response r "
                                                    "LEFT JOIN answer a ON a.response = r.id WHERE {}",
                                                    selected));
    select.bind(1, instrument.code);
    bind_selection(select, selection);
    std::unordered_map<std::int64_t, std::size_t> rows;  // response id -> respondent row
    std::int64_t current_id = -1;
    std::size_t row = 0;
    while (select.step()) {
        const auto id = select.column(0).get_int64();
        if (id != current_id) {
            current_id = id;
            const auto [at, inserted] = rows.emplace(id, answers.groups.size());
            row = at->second;
            if (inserted) {
                answers.groups.push_back(select.column(1).get_string());
                answers.current.resize(answers.current.size() + answers.items, missing);
                answers.required.resize(answers.required.size() + answers.items, missing);
            }
        }
        if (select.column(2).is_null()) {
            continue;
        }
        const auto item = index.find(select.column(2).get_int64());
        if (item == index.end()) {
            continue;
        }
        const auto at = row * answers.items + item->second;
        if (!select.column(3).is_null()) {
            answers.current[at] = select.column(3).get_double();
        }
        if (!select.column(4).is_null()) {
            answers.required[at] = select.column(4).get_double();
        }
    }
    return answers;
}

std::vector<TextAnswer> load_texts(store::Store& store, const Instrument& instrument, const Selection& selection)
{
    store::Statement select(store.db(),
                            fmt::format("SELECT i.code, r.grp, a.text FROM response r JOIN answer a ON a.response = "
                                        "r.id JOIN instrument_item i ON i.id = a.item WHERE {} AND a.text IS NOT "
                                        "NULL ORDER BY i.position, r.grp, a.text",
                                        selected));
    select.bind(1, instrument.code);
    bind_selection(select, selection);
    std::vector<TextAnswer> texts;
    while (select.step()) {
        texts.push_back({select.column(0).get_string(), select.column(1).get_string(), select.column(2).get_string()});
    }
    return texts;
}

render::Document export_responses(store::Store& store, const Instrument& instrument, const Selection& selection,
                                  Lang lang)
{
    render::Table table;
    table.name = "responses";
    for (const auto* key : {"respondent", "wave", "group", "org", "role", "district"}) {
        table.columns.push_back({key, say(lang, Key::composed(std::string("survey.export.column.") + key))});
    }
    std::vector<std::size_t> first_column;  // each item's first answer column
    for (const auto& item : instrument.items) {
        first_column.push_back(table.columns.size());
        if (item.rated_twice(instrument.kind)) {
            table.columns.push_back({item.code + ".current", ""});
            table.columns.push_back({item.code + ".required", ""});
        } else {
            table.columns.push_back({item.code, ""});
        }
    }
    const auto index = item_index(store, instrument);
    store::Statement select(store.db(),
                            fmt::format("SELECT r.id, r.respondent, r.wave, r.grp, r.org, r.role, r.district, a.item, "
                                        "a.value, a.required, a.text FROM response r LEFT JOIN answer a ON "
                                        "a.response = r.id WHERE {} ORDER BY r.wave, r.grp, r.respondent, r.id",
                                        selected));
    select.bind(1, instrument.code);
    bind_selection(select, selection);
    const auto text_cell = [](const store::Column& column) -> render::Cell {
        if (column.is_null() || column.get_string().empty()) {
            return std::monostate{};
        }
        return column.get_string();
    };
    const auto rating_cell = [](const store::Column& column) -> render::Cell {
        if (column.is_null()) {
            return std::monostate{};
        }
        return static_cast<std::int64_t>(std::llround(column.get_double()));
    };
    std::int64_t current_id = -1;
    while (select.step()) {
        if (const auto id = select.column(0).get_int64(); id != current_id) {
            current_id = id;
            std::vector<render::Cell> row(table.columns.size());
            for (int column = 1; column <= 6; ++column) {
                row[static_cast<std::size_t>(column - 1)] = text_cell(select.column(column));
            }
            table.rows.push_back(std::move(row));
        }
        if (select.column(7).is_null()) {
            continue;
        }
        const auto item = index.find(select.column(7).get_int64());
        if (item == index.end()) {
            continue;
        }
        auto& row = table.rows.back();
        const auto column = first_column[item->second];
        if (instrument.items[item->second].rated_twice(instrument.kind)) {
            row[column] = rating_cell(select.column(8));
            row[column + 1] = rating_cell(select.column(9));
        } else if (!select.column(10).is_null()) {
            row[column] = text_cell(select.column(10));
        } else {
            row[column] = rating_cell(select.column(8));
        }
    }
    render::Document document;
    document.title = instrument.title;
    document.tables.push_back(std::move(table));
    return document;
}

Erased forget_respondent(store::Store& store, const std::string& raw_id)
{
    const std::string id(store::person_id(raw_id));
    const auto hash = store::pseudonymise(store, id);
    // Erased pages are overwritten with zeros, so the answers do not linger in the file.
    if (store.db().dialect() == store::Dialect::sqlite) {
        store.db().exec("PRAGMA secure_delete = ON");
    }
    Erased erased;
    store::Statement responses(store.db(), "DELETE FROM response WHERE respondent = ?");
    responses.bind(1, hash);
    erased.responses = static_cast<std::size_t>(responses.exec());
    store::Statement attendance(store.db(), "DELETE FROM attendance WHERE participant = ?");
    attendance.bind(1, hash);
    erased.attendance = static_cast<std::size_t>(attendance.exec());
    if (erased.responses + erased.attendance > 0) {
        // The forget's own audit row comes right after the redactions it authorises.
        const auto forget_id = store.db().query_integer("SELECT coalesce(max(id), 0) + 1 FROM audit");
        const auto redacted = store::redact_audit(store.db(), hash, id, forget_id);
        store::ForgottenPeople(store).add(hash);
        store.audit("respondent", "", "forget", nullptr,
                    {{"responses", erased.responses}, {"attendance", erased.attendance}, {"redacted", redacted}});
    } else {
        erased.already_forgotten = store::ForgottenPeople(store).contains(hash);
    }
    return erased;
}

void fields(const Selection& selection, render::Fields& out)
{
    out("wave", selection.wave)("group", selection.group);
}

void fields(const TextAnswer& answer, render::Fields& out)
{
    out("item", answer.item)("group", answer.group)("answer", answer.answer);
}

}  // namespace toro::survey
