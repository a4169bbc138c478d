#include "reporting/reports.hpp"

#include "core/error.hpp"
#include "core/text.hpp"

#include <SQLiteCpp/Statement.h>
#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <set>

namespace toro::reporting {
namespace {

nlohmann::ordered_json values_json(const std::map<std::string, double>& values)
{
    nlohmann::ordered_json object = nlohmann::ordered_json::object();
    for (const auto& [indicator, value] : values) {
        object[indicator] = value;
    }
    return object;
}

nlohmann::ordered_json spending_json(const std::map<std::string, Money>& spending)
{
    nlohmann::ordered_json object = nlohmann::ordered_json::object();
    for (const auto& [category, amount] : spending) {
        object[category] = amount.to_zloty();
    }
    return object;
}

double parse_number(const std::string& written)
{
    std::string text(trim(written));
    std::replace(text.begin(), text.end(), ',', '.');
    double value = 0;
    const auto* end = text.data() + text.size();
    const auto [stop, error] = std::from_chars(text.data(), end, value);
    if (text.empty() || error != std::errc() || stop != end || !std::isfinite(value)) {
        throw InvalidValue("expected a number");
    }
    return value;
}

} // namespace

struct Reports::Impl {
    store::Store& store;
    const config::Config& config;
    Date as_of;
    std::map<std::string, std::unique_ptr<SQLite::Statement>> statements;

    SQLite::Statement& statement(const std::string& sql)
    {
        auto& cached = statements[sql];
        if (!cached) {
            cached = std::make_unique<SQLite::Statement>(store.db(), sql);
        }
        cached->reset();
        cached->clearBindings();
        return *cached;
    }

    bool exists(const std::string& sql, const std::string& value)
    {
        auto& query = statement(sql);
        query.bind(1, value);
        return query.executeStep();
    }

    std::optional<std::string> status(const std::string& venture, Period period)
    {
        auto& query = statement("SELECT status FROM report WHERE venture = ? AND period = ?");
        query.bind(1, venture);
        query.bind(2, period.to_string());
        if (!query.executeStep()) {
            return std::nullopt;
        }
        return query.getColumn(0).getString();
    }

    void snapshot(const std::string& venture, Period period)
    {
        auto& current = statement("SELECT revision, submitted_on, status, note FROM report WHERE venture = ? AND period = ?");
        current.bind(1, venture);
        current.bind(2, period.to_string());
        if (!current.executeStep()) {
            return;
        }
        const int revision = current.getColumn(0).getInt();
        const std::string submitted_on = current.getColumn(1).getString();
        const std::string state = current.getColumn(2).getString();
        const auto note = current.getColumn(3).isNull() ? std::optional<std::string>() : current.getColumn(3).getString();
        std::map<std::string, double> values;
        auto& value_rows = statement("SELECT indicator, value FROM report_value WHERE venture = ? AND period = ?");
        value_rows.bind(1, venture);
        value_rows.bind(2, period.to_string());
        while (value_rows.executeStep()) {
            values[value_rows.getColumn(0).getString()] = value_rows.getColumn(1).getDouble();
        }
        std::map<std::string, Money> spending;
        auto& spending_rows = statement("SELECT category, amount FROM report_spending WHERE venture = ? AND period = ?");
        spending_rows.bind(1, venture);
        spending_rows.bind(2, period.to_string());
        while (spending_rows.executeStep()) {
            spending[spending_rows.getColumn(0).getString()] = Money::from_grosze(spending_rows.getColumn(1).getInt64());
        }
        auto& save = statement("INSERT INTO report_revision (venture, period, revision, submitted_on, status, \"values\", "
                               "spending, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (venture, period, revision) "
                               "DO UPDATE SET status = excluded.status, \"values\" = excluded.\"values\", "
                               "spending = excluded.spending, note = excluded.note");
        save.bind(1, venture);
        save.bind(2, period.to_string());
        save.bind(3, revision);
        save.bind(4, submitted_on);
        save.bind(5, state);
        save.bind(6, values_json(values).dump());
        save.bind(7, spending_json(spending).dump());
        if (note) {
            save.bind(8, *note);
        } else {
            save.bind(8);
        }
        save.exec();
    }
};

Reports::Reports(store::Store& store, const config::Config& config, Date as_of)
    : m_impl(std::make_unique<Impl>(Impl{store, config, as_of, {}}))
{
}

Reports::~Reports() = default;

void Reports::check(const Submission& submission, std::size_t line, std::vector<Problem>& problems)
{
    auto& impl = *m_impl;
    auto& venture = impl.statement("SELECT starts, ends, status FROM venture WHERE code = ?");
    venture.bind(1, submission.venture);
    if (!venture.executeStep()) {
        problems.push_back({line, 0, "venture", submission.venture, "no venture has this code"});
    } else {
        const auto starts = Period::parse(venture.getColumn(0).getString());
        const auto ends = Period::parse(venture.getColumn(1).getString());
        if (submission.period < starts || ends < submission.period) {
            problems.push_back({line, 0, "period", submission.period.to_string(),
                                fmt::format("outside the venture's months ({} to {})", starts.to_string(),
                                            ends.to_string())});
        }
    }
    if (impl.as_of.period() < submission.period) {
        problems.push_back({line, 0, "period", submission.period.to_string(),
                            fmt::format("is after the current month ({})", impl.as_of.period().to_string())});
    }
    for (const auto& [indicator, value] : submission.values) {
        if (!impl.exists("SELECT 1 FROM indicator WHERE code = ?", indicator)) {
            problems.push_back({line, 0, "indicator", indicator, "no indicator has this code"});
        } else if (value < 0) {
            problems.push_back({line, 0, indicator, fmt::format("{}", value), "must not be negative"});
        }
    }
    for (const auto& [category, amount] : submission.spending) {
        const bool known = impl.exists("SELECT 1 FROM budget_category WHERE code = ?", category) ||
                           std::find(impl.config.budget_categories.begin(), impl.config.budget_categories.end(),
                                     category) != impl.config.budget_categories.end();
        if (!known) {
            problems.push_back({line, 0, "spent:" + category, amount.to_machine(), "not a budget category"});
        } else if (amount.grosze() < 0) {
            problems.push_back({line, 0, "spent:" + category, amount.to_machine(), "must not be negative"});
        }
    }
}

int Reports::submit(const Submission& submission, bool reopen)
{
    auto& impl = *m_impl;
    const auto period = submission.period.to_string();
    const auto status = impl.status(submission.venture, submission.period);
    if (status == "accepted" && !reopen) {
        throw Error(Exit::data, fmt::format("{} {}", submission.venture, period),
                    "this report was accepted and is locked; submit with --reopen to replace it");
    }
    auto& previous = impl.statement("SELECT revision, first_submitted_on FROM report WHERE venture = ? AND period = ?");
    previous.bind(1, submission.venture);
    previous.bind(2, period);
    int revision = 1;
    std::string first_submitted_on = submission.submitted_on.to_string();
    nlohmann::json before;
    if (previous.executeStep()) {
        revision = previous.getColumn(0).getInt() + 1;
        first_submitted_on = previous.getColumn(1).getString();
        before = {{"revision", revision - 1}, {"status", *status}};
    }
    auto& upsert = impl.statement(
        "INSERT INTO report (venture, period, revision, status, first_submitted_on, submitted_on, note) "
        "VALUES (?1, ?2, ?3, 'submitted', ?4, ?5, ?6) ON CONFLICT (venture, period) DO UPDATE SET "
        "revision = excluded.revision, status = 'submitted', submitted_on = excluded.submitted_on, "
        "note = excluded.note, return_reason = NULL");
    upsert.bind(1, submission.venture);
    upsert.bind(2, period);
    upsert.bind(3, revision);
    upsert.bind(4, first_submitted_on);
    upsert.bind(5, submission.submitted_on.to_string());
    if (submission.note) {
        upsert.bind(6, *submission.note);
    } else {
        upsert.bind(6);
    }
    upsert.exec();
    for (const char* table : {"report_value", "report_spending"}) {
        auto& erase = impl.statement(fmt::format("DELETE FROM {} WHERE venture = ? AND period = ?", table));
        erase.bind(1, submission.venture);
        erase.bind(2, period);
        erase.exec();
    }
    for (const auto& [indicator, value] : submission.values) {
        auto& insert = impl.statement("INSERT INTO report_value (venture, period, indicator, value) VALUES (?, ?, ?, ?)");
        insert.bind(1, submission.venture);
        insert.bind(2, period);
        insert.bind(3, indicator);
        insert.bind(4, value);
        insert.exec();
    }
    for (const auto& [category, amount] : submission.spending) {
        auto& insert =
            impl.statement("INSERT INTO report_spending (venture, period, category, amount) VALUES (?, ?, ?, ?)");
        insert.bind(1, submission.venture);
        insert.bind(2, period);
        insert.bind(3, category);
        insert.bind(4, amount.grosze());
        insert.exec();
    }
    impl.snapshot(submission.venture, submission.period);
    impl.store.audit("report", fmt::format("{}/{}", submission.venture, period), revision == 1 ? "submit" : "resubmit",
                     before,
                     {{"revision", revision},
                      {"submitted_on", submission.submitted_on.to_string()},
                      {"values", values_json(submission.values)},
                      {"spending", spending_json(submission.spending)}});
    return revision;
}

void Reports::accept(const std::string& venture, Period period)
{
    auto& impl = *m_impl;
    const auto status = impl.status(venture, period);
    const auto key = fmt::format("{}/{}", venture, period.to_string());
    if (!status) {
        throw Error(Exit::data, key, "no report for this venture and month");
    }
    auto& update = impl.statement("UPDATE report SET status = 'accepted' WHERE venture = ? AND period = ?");
    update.bind(1, venture);
    update.bind(2, period.to_string());
    update.exec();
    impl.snapshot(venture, period);
    impl.store.audit("report", key, "accept", {{"status", *status}}, {{"status", "accepted"}});
}

void Reports::give_back(const std::string& venture, Period period, const std::string& reason)
{
    auto& impl = *m_impl;
    const auto status = impl.status(venture, period);
    const auto key = fmt::format("{}/{}", venture, period.to_string());
    if (!status) {
        throw Error(Exit::data, key, "no report for this venture and month");
    }
    if (*status == "accepted") {
        throw Error(Exit::data, key, "this report was accepted and is locked");
    }
    auto& update =
        impl.statement("UPDATE report SET status = 'returned', return_reason = ? WHERE venture = ? AND period = ?");
    update.bind(1, reason);
    update.bind(2, venture);
    update.bind(3, period.to_string());
    update.exec();
    impl.snapshot(venture, period);
    impl.store.audit("report", key, "return", {{"status", *status}}, {{"status", "returned"}, {"reason", reason}});
}

std::vector<Revision> Reports::history(const std::string& venture, Period period)
{
    auto& query = m_impl->statement("SELECT revision, submitted_on, status, \"values\", spending, note "
                                    "FROM report_revision WHERE venture = ? AND period = ? ORDER BY revision");
    query.bind(1, venture);
    query.bind(2, period.to_string());
    std::vector<Revision> revisions;
    while (query.executeStep()) {
        Revision revision;
        revision.revision = query.getColumn(0).getInt();
        revision.submitted_on = query.getColumn(1).getString();
        revision.status = query.getColumn(2).getString();
        const auto values = nlohmann::json::parse(query.getColumn(3).getString());
        for (const auto& [indicator, value] : values.items()) {
            revision.values[indicator] = value.get<double>();
        }
        const auto spending = nlohmann::json::parse(query.getColumn(4).getString());
        for (const auto& [category, amount] : spending.items()) {
            revision.spending[category] = Money::parse(amount.dump());
        }
        if (!query.getColumn(5).isNull()) {
            revision.note = query.getColumn(5).getString();
        }
        revisions.push_back(std::move(revision));
    }
    if (revisions.empty()) {
        throw Error(Exit::data, fmt::format("{}/{}", venture, period.to_string()), "no report for this venture and month");
    }
    return revisions;
}

namespace {

// `report import`: the long layout (venture, period, indicator, value | category, amount) and
// the wide one (venture, period, submitted_on, one column per indicator, spent:CATEGORY), told
// apart by the header. The rows of one report stand together; they are held until the report
// is complete and then written as one new revision — or nothing, when it equals the report
// already stored, so that importing the same file twice changes nothing.
class ReportSink : public io::ImportSink {
public:
    ReportSink(Reports& reports, store::Store& store, const config::Config& config, Date as_of, bool reopen)
        : m_reports(reports), m_as_of(as_of), m_reopen(reopen)
    {
        SQLite::Statement indicators(store.db(), "SELECT code FROM indicator ORDER BY code");
        while (indicators.executeStep()) {
            m_known.push_back(indicators.getColumn(0).getString());
        }
        SQLite::Statement categories(store.db(), "SELECT code FROM budget_category ORDER BY code");
        while (categories.executeStep()) {
            m_known.push_back("spent:" + categories.getColumn(0).getString());
        }
        for (const auto& category : config.budget_categories) {
            m_known.push_back("spent:" + category);
        }
    }

    std::vector<std::string> known_columns() const override { return m_known; }
    std::vector<std::string> required_columns() const override { return {"venture", "period"}; }

    std::optional<io::Outcome> write(const io::InputRow& row, std::vector<Problem>& problems) override
    {
        Submission submission;
        submission.submitted_on = m_as_of;
        submission.venture = text(row, "venture");
        try {
            submission.period = Period::parse(text(row, "period"));
        } catch (const InvalidValue& error) {
            problems.push_back({row.line, 0, "period", text(row, "period"), error.what()});
            return std::nullopt;
        }
        if (const auto submitted = text(row, "submitted_on"); !submitted.empty()) {
            try {
                submission.submitted_on = Date::parse(submitted);
            } catch (const InvalidValue& error) {
                problems.push_back({row.line, 0, "submitted_on", submitted, error.what()});
            }
        }
        if (const auto note = text(row, "note"); !note.empty()) {
            submission.note = note;
        }
        read_figures(row, submission, problems);
        if (!problems.empty()) {
            return std::nullopt;
        }
        const auto key = submission.venture + "/" + submission.period.to_string();
        if (key != m_group_key) {
            flush();
            if (const auto earlier = m_started.find(key); earlier != m_started.end()) {
                problems.push_back({row.line, 0, "period", submission.period.to_string(),
                                    fmt::format("this report's rows must stand together: it started on line {}",
                                                earlier->second)});
                return std::nullopt;
            }
            m_started.emplace(key, row.line);
            m_group_key = key;
            m_group = Submission{submission.venture, submission.period, {}, {}, submission.submitted_on, std::nullopt};
            m_group_rows = 0;
            m_group_locked = m_reports.locked(submission.venture, submission.period) && !m_reopen;
        }
        if (m_group_locked) {
            problems.push_back({row.line, 0, "period", submission.period.to_string(),
                                "this report was accepted and is locked; import with --reopen to replace it"});
            return std::nullopt;
        }
        m_reports.check(submission, row.line, problems);
        if (!problems.empty()) {
            return std::nullopt;
        }
        for (const auto& [indicator, value] : submission.values) {
            m_group.values[indicator] = value;
        }
        for (const auto& [category, amount] : submission.spending) {
            m_group.spending[category] = amount;
        }
        if (!text(row, "submitted_on").empty()) {
            m_group.submitted_on = submission.submitted_on;
        }
        if (submission.note) {
            m_group.note = submission.note;
        }
        ++m_group_rows;
        return io::Outcome::pending;
    }

    void finish(io::ImportSummary& summary) override
    {
        flush();
        summary.inserted += m_inserted;
        summary.updated += m_updated;
        summary.unchanged += m_unchanged;
    }

private:
    void read_figures(const io::InputRow& row, Submission& submission, std::vector<Problem>& problems)
    {
        for (const auto& [column, value] : row.fields.items()) {
            const std::string written(trim(io::field_text(value)));
            if (written.empty() || fixed_columns.count(column) > 0) {
                continue;
            }
            try {
                if (column == "value") {
                    const auto indicator = text(row, "indicator");
                    if (indicator.empty()) {
                        problems.push_back({row.line, 0, "indicator", "", "a value needs its indicator"});
                    } else {
                        submission.values[indicator] = parse_number(written);
                    }
                } else if (column == "amount") {
                    const auto category = text(row, "category");
                    if (category.empty()) {
                        problems.push_back({row.line, 0, "category", "", "an amount needs its category"});
                    } else {
                        submission.spending[category] = Money::parse(written);
                    }
                } else if (column.starts_with("spent:")) {
                    submission.spending[column.substr(6)] = Money::parse(written);
                } else if (column != "indicator" && column != "category") {
                    submission.values[column] = parse_number(written);
                }
            } catch (const InvalidValue& error) {
                problems.push_back({row.line, 0, column, written, error.what()});
            }
        }
    }

    // Writes the report whose rows were collected, unless it equals the stored one.
    void flush()
    {
        if (m_group_key.empty() || m_group_rows == 0) {
            m_group_key.clear();
            return;
        }
        if (m_reports.same_as_stored(m_group)) {
            m_unchanged += m_group_rows;
        } else if (m_reports.submit(m_group, m_reopen) == 1) {
            m_inserted += m_group_rows;
        } else {
            m_updated += m_group_rows;
        }
        m_group_key.clear();
        m_group_rows = 0;
    }

    static std::string text(const io::InputRow& row, const char* column)
    {
        const auto found = row.fields.find(column);
        return found == row.fields.end() ? std::string() : std::string(trim(io::field_text(*found)));
    }

    inline static const std::set<std::string> fixed_columns{"venture", "period", "submitted_on", "note"};

    Reports& m_reports;
    Date m_as_of;
    bool m_reopen;
    std::vector<std::string> m_known{"venture", "period", "submitted_on", "note",
                                     "indicator", "value",  "category",     "amount"};
    std::map<std::string, std::size_t> m_started;  // report key -> its first line
    std::string m_group_key;
    Submission m_group;
    std::size_t m_group_rows = 0;
    bool m_group_locked = false;
    std::size_t m_inserted = 0;
    std::size_t m_updated = 0;
    std::size_t m_unchanged = 0;
};

} // namespace

bool Reports::locked(const std::string& venture, Period period)
{
    return m_impl->status(venture, period) == "accepted";
}

bool Reports::same_as_stored(const Submission& submission)
{
    auto& impl = *m_impl;
    auto& report = impl.statement("SELECT submitted_on, note FROM report WHERE venture = ? AND period = ?");
    report.bind(1, submission.venture);
    report.bind(2, submission.period.to_string());
    if (!report.executeStep()) {
        return false;
    }
    const auto note = report.getColumn(1).isNull() ? std::optional<std::string>() : report.getColumn(1).getString();
    if (report.getColumn(0).getString() != submission.submitted_on.to_string() || note != submission.note) {
        return false;
    }
    const auto current = history(submission.venture, submission.period).back();
    return current.values == submission.values && current.spending == submission.spending;
}

std::unique_ptr<io::ImportSink> Reports::import_sink(bool reopen)
{
    return std::make_unique<ReportSink>(*this, m_impl->store, m_impl->config, m_impl->as_of, reopen);
}

} // namespace toro::reporting
