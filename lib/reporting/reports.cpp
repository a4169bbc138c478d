#include "reporting/reports.hpp"

#include "core/error.hpp"
#include "core/number.hpp"
#include "core/text.hpp"
#include "registry/reference.hpp"
#include "store/import_audit.hpp"

#include "store/database.hpp"
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <iterator>
#include <limits>
#include <map>
#include <set>
#include <unordered_map>

namespace toro::reporting {
namespace {

// A JSON number as nlohmann-json writes it ("4.0", "2.5"), without building a JSON value for
// the ordinary figures of a report; very large and very small ones go through nlohmann-json.
void append_number(std::string& out, double value)
{
    const double magnitude = std::fabs(value);
    if (!std::isfinite(value) || magnitude >= 1e15 || (magnitude < 1e-4 && value != 0)) {
        out += nlohmann::json(value).dump();
        return;
    }
    // A whole number has no other digits than its own (below 1e15 every one is exact); -0.0
    // keeps its sign below.
    if (value == std::trunc(value) && !(value == 0 && std::signbit(value))) {
        char digits[24];
        const auto written = std::to_chars(std::begin(digits), std::end(digits), static_cast<std::int64_t>(value));
        out.append(digits, written.ptr);
        out += ".0";
        return;
    }
    // The shortest digits that read back as the same double, as nlohmann-json writes them in
    // this range (which has no exponents).
    char digits[64];
    const auto written = std::to_chars(std::begin(digits), std::end(digits), value, std::chars_format::fixed);
    const std::string_view text(digits, static_cast<std::size_t>(written.ptr - digits));
    out += text;
    if (text.find('.') == std::string_view::npos) {
        out += ".0";
    }
}

// A JSON object of a report's figures, keys in order, each value written by `write`.
template <typename Value, typename Write>
std::string object_json(const std::map<std::string, Value>& figures, Write write)
{
    std::string out;
    out.reserve(2 + figures.size() * 24);  // a code and a value each, most of the time
    out += '{';
    for (const auto& [code, value] : figures) {
        if (out.size() > 1) {
            out += ',';
        }
        append_json_string(out, code);
        out += ':';
        write(out, value);
    }
    out += '}';
    return out;
}

// The figures of a report as the JSON objects kept in revisions and the audit log:
// indicator -> value, category -> amount in złoty.
std::string values_json(const std::map<std::string, double>& values)
{
    return object_json(values, append_number);
}

std::string spending_json(const std::map<std::string, Money>& spending)
{
    return object_json(spending, [](std::string& out, Money amount) { append_number(out, amount.to_zloty()); });
}

// The spending of a report as its row keeps it: category -> amount in grosze, exact.
std::string grosze_json(const std::map<std::string, Money>& spending)
{
    return object_json(spending, [](std::string& out, Money amount) { out += std::to_string(amount.grosze()); });
}

// A report's row as it is written: the submission with its figures as JSON.
struct ReportRow {
    std::string venture;
    std::string period;
    std::string submitted_on;
    std::optional<std::string> note;
    std::string figures;
    std::string spending;
};

ReportRow report_row(const Submission& submission, std::string period)
{
    return {submission.venture,
            std::move(period),
            submission.submitted_on.to_string(),
            submission.note,
            values_json(submission.values),
            grosze_json(submission.spending)};
}

// The INSERT of `rows` new reports (revision 1, submitted); bind_new binds one row's values.
std::string insert_sql(std::size_t rows)
{
    std::string sql = "INSERT INTO report (venture, period, revision, status, first_submitted_on, submitted_on, "
                      "note, figures, spending) VALUES ";
    for (std::size_t i = 0; i < rows; ++i) {
        sql += i == 0 ? "(?, ?, 1, 'submitted', ?, ?, ?, ?, ?)" : ", (?, ?, 1, 'submitted', ?, ?, ?, ?, ?)";
    }
    return sql;
}

void bind_new(store::Statement& insert, int& index, const ReportRow& row)
{
    insert.bind(index++, row.venture);
    insert.bind(index++, row.period);
    insert.bind(index++, row.submitted_on);
    insert.bind(index++, row.submitted_on);
    if (row.note) {
        insert.bind(index++, *row.note);
    } else {
        insert.bind(index++);
    }
    insert.bind(index++, row.figures);
    insert.bind(index++, row.spending);
}

double parse_number(std::string_view written)
{
    return parse_indicator_value(written);
}

int month_number(Period period)
{
    return period.year() * 12 + period.month() - 1;
}

}  // namespace

// The stored row of a report: what a new submission is compared with and replaces.
struct StoredReport {
    int revision = 0;
    std::string status;
    std::string first_submitted_on;
    std::string submitted_on;
    std::optional<std::string> note;
    std::string figures;   // JSON: indicator -> value
    std::string spending;  // JSON: category -> grosze

    // The figures as the maps a Submission holds.
    void read_figures(std::map<std::string, double>& values, std::map<std::string, Money>& amounts) const
    {
        const auto by_indicator = nlohmann::json::parse(figures);
        for (const auto& [indicator, value] : by_indicator.items()) {
            values[indicator] = value.get<double>();
        }
        const auto by_category = nlohmann::json::parse(spending);
        for (const auto& [category, amount] : by_category.items()) {
            amounts[category] = Money::from_grosze(amount.get<std::int64_t>());
        }
    }
};

struct Reports::Impl {
    store::Store& store;
    const config::Config& config;
    Date as_of;
    // Prepared statements by their SQL text; every caller passes a string literal, so its
    // address is its identity.
    std::unordered_map<const char*, std::unique_ptr<store::Statement>> statements;
    std::unique_ptr<store::Statement> insert_one;

    store::Statement& statement(const char* sql)
    {
        auto& cached = statements[sql];
        if (!cached) {
            cached = std::make_unique<store::Statement>(store.db(), sql);
        } else {
            cached->reset();
        }
        return *cached;
    }

    bool exists(const char* sql, const std::string& value)
    {
        auto& query = statement(sql);
        query.bind(1, value);
        return query.step();
    }

    std::optional<StoredReport> stored(const std::string& venture, const std::string& period)
    {
        auto& query = statement("SELECT revision, status, first_submitted_on, submitted_on, note, figures, spending "
                                "FROM report WHERE venture = ? AND period = ?");
        query.bind(1, venture);
        query.bind(2, period);
        if (!query.step()) {
            return std::nullopt;
        }
        StoredReport report;
        report.revision = query.column(0).get_int();
        report.status = query.column(1).get_string();
        report.first_submitted_on = query.column(2).get_string();
        report.submitted_on = query.column(3).get_string();
        if (!query.column(4).is_null()) {
            report.note = query.column(4).get_string();
        }
        report.figures = query.column(5).get_string();
        report.spending = query.column(6).get_string();
        return report;
    }

    // Keeps the stored version as a revision before it is replaced: a report's current version
    // lives in its row of report; report_revision holds the earlier ones.
    void keep_revision(const std::string& venture, const std::string& period, const StoredReport& report)
    {
        std::map<std::string, double> values;
        std::map<std::string, Money> spending;
        report.read_figures(values, spending);
        auto& save =
            statement("INSERT INTO report_revision (venture, period, revision, submitted_on, status, \"values\", "
                      "spending, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (venture, period, revision) "
                      "DO UPDATE SET submitted_on = excluded.submitted_on, status = excluded.status, "
                      "\"values\" = excluded.\"values\", spending = excluded.spending, note = excluded.note");
        save.bind(1, venture);
        save.bind(2, period);
        save.bind(3, report.revision);
        save.bind(4, report.submitted_on);
        save.bind(5, report.status);
        save.bind(6, values_json(values));
        save.bind(7, spending_json(spending));
        if (report.note) {
            save.bind(8, *report.note);
        } else {
            save.bind(8);
        }
        save.exec();
    }

    // Inserts a new report, checked. The audit row is left to the caller.
    void insert(const ReportRow& row)
    {
        if (!insert_one) {
            insert_one = std::make_unique<store::Statement>(store.db(), insert_sql(1));
        } else {
            insert_one->reset();
        }
        int index = 1;
        bind_new(*insert_one, index, row);
        insert_one->exec();
    }

    // Writes a checked submission over `stored` (nullopt: the report is new) and returns its
    // revision number. The audit row is left to the caller.
    int write(const Submission& submission, const std::string& period, const std::optional<StoredReport>& stored)
    {
        const auto row = report_row(submission, period);
        if (!stored) {
            insert(row);
            return 1;
        }
        keep_revision(submission.venture, period, *stored);
        auto& update = statement("UPDATE report SET revision = ?3, status = 'submitted', submitted_on = ?4, "
                                 "note = ?5, return_reason = NULL, figures = ?6, spending = ?7 "
                                 "WHERE venture = ?1 AND period = ?2");
        update.bind(1, row.venture);
        update.bind(2, row.period);
        update.bind(3, stored->revision + 1);
        update.bind(4, row.submitted_on);
        if (row.note) {
            update.bind(5, *row.note);
        } else {
            update.bind(5);
        }
        update.bind(6, row.figures);
        update.bind(7, row.spending);
        update.exec();
        return stored->revision + 1;
    }

    // The audit row of a submission: action submit or resubmit, before = the replaced revision.
    void audit_submission(const Submission& submission, const std::string& period,
                          const std::optional<StoredReport>& stored, int revision)
    {
        std::optional<std::string> before;
        if (stored) {
            before = fmt::format("{{\"revision\":{},\"status\":{}}}", stored->revision,
                                 nlohmann::json(stored->status).dump());
        }
        const auto after = fmt::format("{{\"revision\":{},\"spending\":{},\"submitted_on\":\"{}\",\"values\":{}}}",
                                       revision, spending_json(submission.spending),
                                       submission.submitted_on.to_string(), values_json(submission.values));
        store.audit_text("report", fmt::format("{}/{}", submission.venture, period),
                         revision == 1 ? "submit" : "resubmit", before, after);
    }

    // A venture's target indicators and budget categories (in code order), read once per
    // venture; ventures with the same lines share one copy of them.
    struct Lines {
        std::vector<std::string> targets;
        std::vector<std::string> budget;
        auto operator<=>(const Lines&) const = default;
    };
    std::vector<Lines> distinct_lines;
    std::unordered_map<std::string, std::uint32_t> lines_index;  // venture -> its lines
    bool all_lines_loaded = false;

    std::uint32_t keep_lines(Lines read, std::map<Lines, std::uint32_t>& interned)
    {
        const auto [found, added] =
            interned.emplace(std::move(read), static_cast<std::uint32_t>(distinct_lines.size()));
        if (added) {
            distinct_lines.push_back(found->first);
        }
        return found->second;
    }

    // Every venture's lines at once, for an import that may meet any venture: two reads in
    // venture order (the primary keys' order), not two queries per venture.
    void load_all_lines()
    {
        store::Statement targets(store.db(), "SELECT venture, indicator FROM target ORDER BY venture, indicator");
        // A category comes once for each of its sources; the repeats, next to each other in key
        // order, are skipped here: a DISTINCT made PostgreSQL compare every row (24 ms of 60,000
        // lines against 7 ms for reading them).
        store::Statement budget(store.db(), "SELECT venture, category FROM budget ORDER BY venture, category");
        std::map<Lines, std::uint32_t> interned;
        // Read into the same vectors for every venture; a venture with the lines of the one
        // before it (in a register most share them) takes its number without a search.
        Lines read;
        std::optional<std::uint32_t> previous;
        bool more_targets = targets.step();
        bool more_budget = budget.step();
        while (more_targets || more_budget) {
            // Views into the current rows, valid until their statements step on.
            const auto target_venture = more_targets ? targets.column(0).get_view() : std::string_view();
            const auto budget_venture = more_budget ? budget.column(0).get_view() : std::string_view();
            std::string venture(!more_budget    ? target_venture
                                : !more_targets ? budget_venture
                                                : std::min(target_venture, budget_venture));
            read.targets.clear();
            read.budget.clear();
            while (more_targets && venture == targets.column(0).get_view()) {
                read.targets.emplace_back(targets.column(1).get_view());
                more_targets = targets.step();
            }
            while (more_budget && venture == budget.column(0).get_view()) {
                if (const auto category = budget.column(1).get_view();
                    read.budget.empty() || read.budget.back() != category) {
                    read.budget.emplace_back(category);
                }
                more_budget = budget.step();
            }
            if (!previous || distinct_lines[*previous] != read) {
                previous = keep_lines(read, interned);
            }
            lines_index[std::move(venture)] = *previous;
        }
        all_lines_loaded = true;
    }

    // The number of a venture's lines in distinct_lines, read now if need be; no_lines when
    // the venture has none.
    static constexpr std::uint32_t no_lines = UINT32_MAX;
    std::uint32_t lines_number(const std::string& venture)
    {
        if (const auto found = lines_index.find(venture); found != lines_index.end()) {
            return found->second;
        }
        if (all_lines_loaded) {
            return no_lines;
        }
        Lines read;
        auto& targets = statement("SELECT indicator FROM target WHERE venture = ? ORDER BY indicator");
        targets.bind(1, venture);
        while (targets.step()) {
            read.targets.push_back(targets.column(0).get_string());
        }
        auto& budget = statement("SELECT DISTINCT category FROM budget WHERE venture = ? ORDER BY category");
        budget.bind(1, venture);
        while (budget.step()) {
            read.budget.push_back(budget.column(0).get_string());
        }
        distinct_lines.push_back(std::move(read));
        const auto number = static_cast<std::uint32_t>(distinct_lines.size() - 1);
        lines_index[venture] = number;
        return number;
    }

    const Lines& lines_at(std::uint32_t number) const
    {
        static const Lines none;
        return number == no_lines ? none : distinct_lines[number];
    }

    void warn(const Submission& submission, std::size_t line, std::vector<Problem>& warnings)
    {
        warn(submission, line, warnings, lines_number(submission.venture));
    }

    // The same, with the number of the venture's lines already known.
    void warn(const Submission& submission, std::size_t line, std::vector<Problem>& warnings, std::uint32_t lines)
    {
        const auto& known = lines_at(lines);
        const auto has = [](const std::vector<std::string>& list, const std::string& code) {
            return std::find(list.begin(), list.end(), code) != list.end();
        };
        for (const auto& [indicator, value] : submission.values) {
            if (!known.targets.empty() && !has(known.targets, indicator)) {
                warnings.push_back({line, 0, indicator, fmt::format("{}", value),
                                    Message("report.warning.no_target", {{"venture", submission.venture}})});
            }
        }
        for (const auto& [category, amount] : submission.spending) {
            if (!known.budget.empty() && !has(known.budget, category)) {
                warnings.push_back({line, 0, "spent:" + category, amount.to_machine(),
                                    Message("report.warning.no_budget_line", {{"venture", submission.venture}})});
            }
        }
        std::vector<std::string> left_out;
        for (const auto& target : known.targets) {
            if (submission.values.count(target) == 0) {
                left_out.push_back(target);
            }
        }
        if (!left_out.empty()) {
            warnings.push_back(
                {line, 0, "", "",
                 Message("report.warning.incomplete", {{"venture", submission.venture},
                                                       {"period", submission.period},
                                                       {"left_out", left_out.size()},
                                                       {"targets", known.targets.size()},
                                                       {"indicators", fmt::format("{}", fmt::join(left_out, ", "))}})});
        }
    }

    bool same_figures(const Submission& submission, const StoredReport& stored)
    {
        if (stored.submitted_on != submission.submitted_on.to_string() || stored.note != submission.note) {
            return false;
        }
        std::map<std::string, double> values;
        std::map<std::string, Money> spending;
        stored.read_figures(values, spending);
        return values == submission.values && spending == submission.spending;
    }
};

Reports::Reports(store::Store& store, const config::Config& config, Date as_of)
    : m_impl(std::make_unique<Impl>(Impl{store, config, as_of, {}, {}, {}, {}, false}))
{
}

Reports::~Reports() = default;

void Reports::check(const Submission& submission, std::size_t line, std::vector<Problem>& problems)
{
    auto& impl = *m_impl;
    auto& venture = impl.statement("SELECT starts, ends, status FROM venture WHERE code = ?");
    venture.bind(1, submission.venture);
    if (!venture.step()) {
        problems.push_back({line, 0, "venture", submission.venture,
                            Message("register.no_code", {{"entity", Message("entity.venture.genitive")}})});
    } else {
        const auto starts = Period::parse(venture.column(0).get_string());
        const auto ends = Period::parse(venture.column(1).get_string());
        if (submission.period < starts || ends < submission.period) {
            problems.push_back({line, 0, "period", submission.period.to_string(),
                                Message("report.outside_months", {{"starts", starts}, {"ends", ends}})});
        }
    }
    if (impl.as_of.period() < submission.period) {
        problems.push_back({line, 0, "period", submission.period.to_string(),
                            Message("report.after_current_month", {{"month", impl.as_of.period()}})});
    }
    for (const auto& [indicator, value] : submission.values) {
        if (!impl.exists("SELECT 1 FROM indicator WHERE code = ?", indicator)) {
            const auto list =
                registry::ReferenceList::load(impl.store.db(), registry::ReferenceKind::indicator, impl.config);
            problems.push_back({line, 0, "indicator", indicator, list.unknown(indicator)});
        } else if (value < 0) {
            problems.push_back({line, 0, indicator, fmt::format("{}", value), Message("register.negative")});
        }
    }
    for (const auto& [category, amount] : submission.spending) {
        const bool known = impl.exists("SELECT 1 FROM budget_category WHERE code = ?", category) ||
                           std::find(impl.config.budget_categories.begin(), impl.config.budget_categories.end(),
                                     category) != impl.config.budget_categories.end();
        if (!known) {
            const auto list =
                registry::ReferenceList::load(impl.store.db(), registry::ReferenceKind::category, impl.config);
            problems.push_back({line, 0, "spent:" + category, amount.to_machine(), list.unknown(category)});
        } else if (amount.grosze() < 0) {
            problems.push_back({line, 0, "spent:" + category, amount.to_machine(), Message("register.negative")});
        }
    }
}

namespace {

// The map with its keys rewritten to what `code_of` gives (the key itself when nothing).
template <typename Value, typename CodeOf>
void rewrite_keys(std::map<std::string, Value>& figures, const CodeOf& code_of, const char* field, std::size_t line,
                  std::vector<Problem>& problems)
{
    std::map<std::string, Value> coded;
    std::map<std::string, std::string> given_as;
    for (auto& [key, value] : figures) {
        const auto code = code_of(key);
        if (const auto [at, fresh] = coded.try_emplace(code, std::move(value)); !fresh) {
            problems.push_back(
                {line, 0, field, code, Message("report.given_twice", {{"first", given_as[code]}, {"second", key}})});
            continue;
        }
        given_as[code] = key;
    }
    figures = std::move(coded);
}

}  // namespace

void Reports::resolve_names(Submission& submission, std::size_t line, std::vector<Problem>& problems)
{
    auto& impl = *m_impl;
    const auto code_of = [](const registry::ReferenceList& list) {
        return [&list](const std::string& key) {
            const auto* entry = list.find(key);
            return entry != nullptr ? entry->code : key;
        };
    };
    if (!submission.values.empty()) {
        const auto list =
            registry::ReferenceList::load(impl.store.db(), registry::ReferenceKind::indicator, impl.config);
        rewrite_keys(submission.values, code_of(list), "indicator", line, problems);
    }
    if (!submission.spending.empty()) {
        const auto list =
            registry::ReferenceList::load(impl.store.db(), registry::ReferenceKind::category, impl.config);
        rewrite_keys(submission.spending, code_of(list), "category", line, problems);
    }
}

void Reports::warnings(const Submission& submission, std::size_t line, std::vector<Problem>& warnings)
{
    m_impl->warn(submission, line, warnings);
}

int Reports::submit(const Submission& submission, bool reopen)
{
    auto& impl = *m_impl;
    const auto period = submission.period.to_string();
    const auto stored = impl.stored(submission.venture, period);
    if (stored && stored->status == "accepted" && !reopen) {
        throw Error(Exit::data, fmt::format("{} {}", submission.venture, period), Message("report.locked_submit"));
    }
    const int revision = impl.write(submission, period, stored);
    impl.audit_submission(submission, period, stored, revision);
    return revision;
}

void Reports::accept(const std::string& venture, Period period)
{
    auto& impl = *m_impl;
    const auto stored = impl.stored(venture, period.to_string());
    const auto key = fmt::format("{}/{}", venture, period.to_string());
    if (!stored) {
        throw Error(Exit::data, key, Message("report.no_report"));
    }
    auto& update = impl.statement("UPDATE report SET status = 'accepted' WHERE venture = ? AND period = ?");
    update.bind(1, venture);
    update.bind(2, period.to_string());
    update.exec();
    impl.store.audit("report", key, "accept", {{"status", stored->status}}, {{"status", "accepted"}});
}

void Reports::give_back(const std::string& venture, Period period, const std::string& reason)
{
    auto& impl = *m_impl;
    const auto stored = impl.stored(venture, period.to_string());
    const auto key = fmt::format("{}/{}", venture, period.to_string());
    if (!stored) {
        throw Error(Exit::data, key, Message("report.no_report"));
    }
    if (stored->status == "accepted") {
        throw Error(Exit::data, key, Message("report.locked"));
    }
    auto& update =
        impl.statement("UPDATE report SET status = 'returned', return_reason = ? WHERE venture = ? AND period = ?");
    update.bind(1, reason);
    update.bind(2, venture);
    update.bind(3, period.to_string());
    update.exec();
    impl.store.audit("report", key, "return", {{"status", stored->status}},
                     {{"status", "returned"}, {"reason", reason}});
}

std::vector<Revision> Reports::history(const std::string& venture, Period period)
{
    auto& impl = *m_impl;
    const auto month = period.to_string();
    const auto stored = impl.stored(venture, month);
    if (!stored) {
        throw Error(Exit::data, fmt::format("{}/{}", venture, month), Message("report.no_report"));
    }
    // Stores written before the current version stopped being copied into report_revision
    // hold it there too: the current version is read from the report itself.
    auto& query = impl.statement("SELECT revision, submitted_on, status, \"values\", spending, note "
                                 "FROM report_revision WHERE venture = ? AND period = ? AND revision < ? "
                                 "ORDER BY revision");
    query.bind(1, venture);
    query.bind(2, month);
    query.bind(3, stored->revision);
    std::vector<Revision> revisions;
    while (query.step()) {
        Revision revision;
        revision.revision = query.column(0).get_int();
        revision.submitted_on = query.column(1).get_string();
        revision.status = query.column(2).get_string();
        const auto values = nlohmann::json::parse(query.column(3).get_string());
        for (const auto& [indicator, value] : values.items()) {
            revision.values[indicator] = value.get<double>();
        }
        const auto spending = nlohmann::json::parse(query.column(4).get_string());
        for (const auto& [category, amount] : spending.items()) {
            revision.spending[category] = Money::parse(amount.dump());
        }
        if (!query.column(5).is_null()) {
            revision.note = query.column(5).get_string();
        }
        revisions.push_back(std::move(revision));
    }
    Revision current;
    current.revision = stored->revision;
    current.submitted_on = stored->submitted_on;
    current.status = stored->status;
    current.note = stored->note;
    stored->read_figures(current.values, current.spending);
    revisions.push_back(std::move(current));
    return revisions;
}

namespace {

// What the sink knows of a venture, loaded once: its months, and for each of them the line
// where its report began in this file (0: not seen). Bounded by the register, not the file.
struct MonthSeen {
    std::uint32_t line = 0;    // 0: not seen
    std::uint32_t last = 0;    // the line of its last row
    std::uint8_t written = 0;  // 1: inserted, 2: replaced
    bool stored = false;       // the store holds a report for this month
};

// Where a report stood earlier in the file: its first and last line (0: not seen).
struct LinesSeen {
    std::size_t first = 0;
    std::size_t last = 0;
};

std::uint32_t line32(std::size_t line)
{
    return static_cast<std::uint32_t>(std::min<std::size_t>(line, std::numeric_limits<std::uint32_t>::max()));
}

// "line 3", "lines 3 and 4", "lines 3-7" (consecutive), "lines 3, 5 and 9"; with `at`, as a
// place ("on line 3": "w wierszu 3").
Message lines_text(const std::vector<std::size_t>& lines, bool at = false)
{
    if (lines.size() == 1) {
        return Message(at ? Key("report.lines_at.one") : Key("report.lines.one"), {{"line", lines.front()}});
    }
    if (lines.size() > 2 && lines.back() - lines.front() + 1 == lines.size()) {
        return Message(at ? Key("report.lines_at.range") : Key("report.lines.range"),
                       {{"first", lines.front()}, {"last", lines.back()}});
    }
    std::string text;
    for (std::size_t i = 0; i + 1 < lines.size(); ++i) {
        text += (i == 0 ? "" : ", ") + std::to_string(lines[i]);
    }
    return Message(at ? Key("report.lines_at.list") : Key("report.lines.list"),
                   {{"lines", text}, {"last", lines.back()}});
}

struct VentureMonths {
    int starts = 0;
    int ends = 0;
    std::vector<MonthSeen> months;
    std::optional<std::uint32_t> lines;  // the number of its lines (Impl::lines_number), once asked
};

// The register's ventures by code, looked up once for each report an import reads. The entries
// stand in one vector, found through a table of their indices with open addressing: a slot
// holds the high half of the code's hash and the entry's index + 1. A lookup reads a slot and
// then the entry, where std::unordered_map read a bucket, the node before and the node: in a
// country's register, whose nodes are nowhere near each other, each of those a cache miss.
class VentureTable {
public:
    using Entry = std::pair<std::string, VentureMonths>;

    void add(std::string code, VentureMonths months) { m_entries.emplace_back(std::move(code), std::move(months)); }

    // Makes the table of indices, once every venture is added (the entries stay where they are).
    void index()
    {
        std::size_t size = 16;
        while (size < 2 * m_entries.size()) {
            size *= 2;
        }
        m_slots.assign(size, 0);
        m_mask = size - 1;
        for (std::size_t i = 0; i < m_entries.size(); ++i) {
            const auto hash = hash_of(m_entries[i].first);
            auto slot = hash & m_mask;
            while (m_slots[slot] != 0) {
                slot = (slot + 1) & m_mask;
            }
            m_slots[slot] = (hash & high_half) | (i + 1);
        }
    }

    Entry* find(std::string_view code)
    {
        if (m_slots.empty()) {
            return nullptr;
        }
        const auto hash = hash_of(code);
        for (auto slot = hash & m_mask; m_slots[slot] != 0; slot = (slot + 1) & m_mask) {
            const auto held = m_slots[slot];
            if (((held ^ hash) & high_half) == 0) {
                auto& entry = m_entries[(held & ~high_half) - 1];
                if (entry.first == code) {
                    return &entry;
                }
            }
        }
        return nullptr;
    }

    const std::vector<Entry>& entries() const { return m_entries; }

private:
    static constexpr std::uint64_t high_half = 0xFFFFFFFF00000000;
    static std::uint64_t hash_of(std::string_view code) { return std::hash<std::string_view>{}(code); }

    std::vector<Entry> m_entries;
    std::vector<std::uint64_t> m_slots;  // 0: empty
    std::uint64_t m_mask = 0;
};

// New reports are inserted by statements of this many rows: most of what SQLite spends on a
// one-row INSERT is per statement, not per row.
constexpr std::size_t insert_batch = 64;
// New reports go to PostgreSQL in pieces of this many rows, all in one COPY that stays open
// (store::pg::Connection::copy_from): a piece (some 50 KiB) fits in the socket's buffer, so the
// server reads it while the next is prepared rather than both waiting in turn on a larger one.
constexpr std::size_t bulk_batch = 256;
// On PostgreSQL, the ventures whose stored months an import asks for one query each; past
// them it reads the months of all ventures in one query (Reports::Sink::load_months).
constexpr std::size_t per_venture_queries = 256;
// A store with at most this many reports gives them all in one query in about the time of
// those 256 round trips on one machine (some 20 ms); an import into it reads them at once.
constexpr std::size_t few_reports = 25600;

}  // namespace

// `report import`: the long layout (venture, period, indicator, value | category, amount) and
// the wide one (venture, period, submitted_on, one column per indicator, spent:CATEGORY), told
// apart by the header. The rows of one report stand together; they are held until the report
// is complete and then written as one new version — or nothing, when it equals the report
// already stored, so that importing the same file twice changes nothing.
class Reports::Sink : public io::ImportSink {
public:
    Sink(Reports::Impl& impl, bool reopen)
        : m_impl(impl), m_as_of(impl.as_of), m_reopen(reopen),
          m_indicator_list(
              registry::ReferenceList::load(impl.store.db(), registry::ReferenceKind::indicator, impl.config)),
          m_category_list(
              registry::ReferenceList::load(impl.store.db(), registry::ReferenceKind::category, impl.config))
    {
        impl.load_all_lines();             // for the warnings of each report
        impl.store.remember_audit_head();  // so that the audit rows at the end need not ask
        auto& db = impl.store.db();
        store::Statement indicators(db, "SELECT code FROM indicator ORDER BY code");
        while (indicators.step()) {
            m_indicators.insert(indicators.column(0).get_string());
            m_known.push_back(indicators.column(0).get_string());
        }
        store::Statement categories(db, "SELECT code FROM budget_category ORDER BY code");
        while (categories.step()) {
            m_categories.insert(categories.column(0).get_string());
            m_known.push_back("spent:" + categories.column(0).get_string());
        }
        for (const auto& category : impl.config.budget_categories) {
            m_categories.insert(category);
            m_known.push_back("spent:" + category);
        }
        store::Statement ventures(db, "SELECT code, starts, ends FROM venture");
        while (ventures.step()) {
            VentureMonths months;
            months.starts = month_number(Period::parse(ventures.column(1).get_string()));
            months.ends = month_number(Period::parse(ventures.column(2).get_string()));
            m_ventures.add(ventures.column(0).get_string(), std::move(months));
        }
        m_ventures.index();
    }

    std::vector<std::string> known_columns() const override { return m_known; }

    // A wide layout's column may name an indicator, or after `spent:` a budget category, by
    // its register name or another spelling (`Uczestnicy`, `spent:Materiały`): write() turns
    // it into the code.
    bool accepts_column(const std::string& column) const override
    {
        if (column.starts_with("spent:")) {
            return m_category_list.find(std::string_view(column).substr(6)) != nullptr;
        }
        return m_indicator_list.find(column) != nullptr;
    }

    LateRefusals refused_late() const override
    {
        LateRefusals refusals;
        for (const auto& [key, repeat] : m_repeats) {
            Message where = repeat.places.front();
            for (std::size_t i = 1; i < repeat.places.size(); ++i) {
                const Key joined = i + 1 == repeat.places.size() ? Key("report.where.last") : Key("report.where.next");
                where = Message(joined, {{"where", where}, {"place", repeat.places[i]}});
            }
            refusals.emplace(
                key, Message(repeat.places.size() == 2 ? Key("report.given_twice_in_file") : Key("report.given_times"),
                             {{"report", repeat.report}, {"count", repeat.places.size()}, {"where", where}}));
        }
        return refusals;
    }

    void refuse_groups(LateRefusals groups) override { m_refuse = std::move(groups); }
    std::vector<std::string> required_columns() const override { return {"venture", "period"}; }

    std::optional<io::Outcome> write(const io::InputRow& row, std::vector<Problem>& problems) override
    {
        read_row(row);
        const auto venture = m_row.venture;
        const auto period_text = m_row.period;
        Period period = Period::from_ym(2000, 1);
        if (m_in_group && period_text == m_group_period) {  // the rows of a report repeat it
            period = m_group.period;
        } else {
            try {
                period = Period::parse(period_text);
            } catch (const InvalidValue& error) {
                problems.push_back({row.line, 0, "period", std::string(period_text), error.words()});
                return std::nullopt;
            }
        }
        std::optional<Date> submitted_on;
        if (const auto submitted = m_row.submitted_on; !submitted.empty()) {
            if (submitted == m_last_submitted.first) {
                submitted_on = m_last_submitted.second;
            } else {
                try {
                    submitted_on = Date::parse(submitted);
                    m_last_submitted = {std::string(submitted), *submitted_on};
                } catch (const InvalidValue& error) {
                    problems.push_back({row.line, 0, "submitted_on", std::string(submitted), error.words()});
                }
            }
        }
        m_values.clear();
        m_spending.clear();
        read_figures(row, problems);
        if (!problems.empty()) {
            return std::nullopt;
        }
        if (!m_in_group || venture != m_group.venture || period != m_group.period) {
            flush();
            begin_group(std::string(venture), period, row.line, submitted_on);
        }
        if (m_group_locked) {
            problems.push_back({row.line, 0, "period", m_group_period, Message("report.locked_import")});
            return std::nullopt;
        }
        const bool again = !m_group_lines.empty();
        for (const auto& problem : m_group_problems) {
            problems.push_back(problem);
            problems.back().line = row.line;
        }
        // An indicator or category given by its name or another spelling becomes its code.
        for (auto& [indicator, value] : m_values) {
            if (m_indicators.count(indicator) == 0) {
                if (const auto* entry = m_indicator_list.find(indicator)) {
                    indicator = entry->code;
                } else {
                    problems.push_back({row.line, 0, "indicator", indicator, m_indicator_list.unknown(indicator)});
                    continue;
                }
            }
            if (value < 0) {
                problems.push_back({row.line, 0, indicator, fmt::format("{}", value), Message("register.negative")});
            }
        }
        for (auto& [category, amount] : m_spending) {
            if (m_categories.count(category) == 0) {
                if (const auto* entry = m_category_list.find(category)) {
                    category = entry->code;
                } else {
                    problems.push_back(
                        {row.line, 0, "spent:" + category, amount.to_machine(), m_category_list.unknown(category)});
                    continue;
                }
            }
            if (amount.grosze() < 0) {
                problems.push_back(
                    {row.line, 0, "spent:" + category, amount.to_machine(), Message("register.negative")});
            }
        }
        if (!problems.empty()) {
            return std::nullopt;
        }
        // A figure given twice in the report, or a wide row given twice, refuses the whole
        // report when it ends (see flush()): the lines are noted here, the message is made there.
        if (!m_row.long_layout) {
            m_group_duplicate = m_group_duplicate || (again && m_group_wide);
            m_group_wide = true;
        }
        for (auto& [indicator, value] : m_values) {
            m_figure_lines.emplace_back(indicator, row.line);
            const auto [place, added] = m_group.values.try_emplace(std::move(indicator), value);
            m_group_duplicate = m_group_duplicate || !added;
        }
        for (auto& [category, amount] : m_spending) {
            m_figure_lines.emplace_back("spent:" + category, row.line);
            const auto [place, added] = m_group.spending.try_emplace(std::move(category), amount);
            m_group_duplicate = m_group_duplicate || !added;
        }
        m_group_lines.push_back(row.line);
        if (submitted_on) {
            m_group.submitted_on = *submitted_on;
        }
        if (!m_row.note.empty()) {
            m_group.note = std::string(m_row.note);
        }
        ++m_group_rows;
        return io::Outcome::pending;
    }

    std::optional<Refusal> take_refusal() override
    {
        if (!m_refusal) {
            return std::nullopt;
        }
        auto refusal = std::move(m_refusal);
        m_refusal.reset();
        return refusal;
    }

    std::size_t holding_since() const override
    {
        return m_in_group && !m_group_lines.empty() ? m_group_lines.front() : 0;
    }

    void finish(io::ImportSummary& summary) override
    {
        flush();
        insert_new();
        // The database checks the new reports (on PostgreSQL, report's statement trigger) while
        // the audit rows are made.
        m_impl.store.db().end_bulk();
        audit(summary.source);
        summary.inserted += m_inserted;
        summary.updated += m_updated;
        summary.unchanged += m_unchanged;
        summary.warning_count += m_warning_count;
        summary.warnings.insert(summary.warnings.end(), std::make_move_iterator(m_warnings.begin()),
                                std::make_move_iterator(m_warnings.end()));
    }

private:
    // Starts collecting a report: notes where it appeared earlier in the file, reads the
    // stored report once, and checks what holds for every row of it (venture, months).
    void begin_group(std::string venture, Period period, std::size_t line, std::optional<Date> submitted_on)
    {
        auto* const found = m_ventures.find(venture);
        const int month = month_number(period);
        LinesSeen* earlier_outside = nullptr;
        MonthSeen* seen = nullptr;
        std::string period_string = period.to_string();
        if (found != nullptr && month >= found->second.starts && month <= found->second.ends) {
            auto& months = found->second.months;
            if (months.empty()) {
                load_months(found->first, found->second);
            }
            seen = &months[static_cast<std::size_t>(month - found->second.starts)];
        } else {
            earlier_outside = &m_outside[venture + "/" + period_string];
        }
        // A report met again further down is refused as a whole when it ends (see flush()); the
        // earlier one, already written, stays as it is.
        m_group_earlier = seen != nullptr ? LinesSeen{seen->line, seen->last} : *earlier_outside;
        if (m_group_earlier.first == 0) {
            if (seen != nullptr) {
                seen->line = line32(line);
            } else {
                earlier_outside->first = line;
            }
        }
        m_in_group = true;
        m_group_venture = found != nullptr ? &found->second : nullptr;
        m_group_seen = seen;
        m_group_outside = earlier_outside;
        m_group_lines.clear();
        m_figure_lines.clear();
        m_group_duplicate = false;
        m_group_wide = false;
        m_group = Submission{std::move(venture), period, {}, {}, submitted_on.value_or(m_as_of), std::nullopt};
        m_group_period = std::move(period_string);
        m_group_rows = 0;
        m_group_line = line;
        m_group_problems.clear();
        if (seen == nullptr || seen->stored) {
            m_stored = m_impl.stored(m_group.venture, m_group_period);
        } else {
            m_stored.reset();
        }
        m_group_locked = m_stored && m_stored->status == "accepted" && !m_reopen;
        if (found == nullptr) {
            m_group_problems.push_back({line, 0, "venture", m_group.venture,
                                        Message("register.no_code", {{"entity", Message("entity.venture.genitive")}})});
        } else if (month < found->second.starts || month > found->second.ends) {
            const auto first = Period::from_ym(found->second.starts / 12, found->second.starts % 12 + 1);
            const auto last = Period::from_ym(found->second.ends / 12, found->second.ends % 12 + 1);
            m_group_problems.push_back({line, 0, "period", m_group_period,
                                        Message("report.outside_months", {{"starts", first}, {"ends", last}})});
        }
        if (m_as_of.period() < period) {
            m_group_problems.push_back({line, 0, "period", m_group_period,
                                        Message("report.after_current_month", {{"month", m_as_of.period()}})});
        }
        m_group_late = nullptr;
        if (!m_refuse.empty()) {
            const auto late = m_refuse.find(m_group.venture + "/" + m_group_period);
            m_group_late = late != m_refuse.end() ? &late->second : nullptr;
        }
        if (!m_group_problems.empty() && m_group_late != nullptr) {  // its rows are refused one by one
            m_group_problems.push_back({line, 0, "period", m_group_period, *m_group_late});
        } else if (!m_group_problems.empty() && m_group_earlier.first != 0) {
            m_group_problems.push_back(
                {line, 0, "period", m_group_period,
                 Message("report.twice_started",
                         {{"venture", m_group.venture}, {"period", m_group_period}, {"line", m_group_earlier.first}})});
        }
    }

    // Makes the months of a venture seen for the first time, marking those the store already
    // has a report for: one query per venture rather than one per report. On PostgreSQL, where
    // each query is a round trip to the server, an import into a store of few reports, or one
    // that has asked for per_venture_queries ventures, reads the stored months of all ventures
    // at once instead.
    void load_months(const std::string& code, VentureMonths& venture)
    {
        venture.months.resize(static_cast<std::size_t>(venture.ends - venture.starts + 1));
        const auto mark = [&venture](int month) {
            if (month >= venture.starts && month <= venture.ends) {
                venture.months[static_cast<std::size_t>(month - venture.starts)].stored = true;
            }
        };
        if (m_bulk && !m_all_stored) {
            ++m_ventures_queried;
            const bool all_at_once =
                m_ventures_queried == 1 ? few_stored_reports() : m_ventures_queried > per_venture_queries;
            if (all_at_once) {
                load_all_stored_months();
            }
        }
        if (m_all_stored) {
            if (const auto found = m_all_stored->find(code); found != m_all_stored->end()) {
                std::for_each(found->second.begin(), found->second.end(), mark);
            }
            return;
        }
        auto& query = m_impl.statement("SELECT period FROM report WHERE venture = ?");
        query.bind(1, code);
        while (query.step()) {
            if (const auto month = stored_month(query.column(0).get_string())) {
                mark(*month);
            }
        }
    }

    // The month of a stored report's period, unless it is not one this import can write to.
    static std::optional<int> stored_month(const std::string& period)
    {
        try {
            return month_number(Period::parse(period));
        } catch (const InvalidValue&) {
            return std::nullopt;
        }
    }

    // Whether the store holds so few reports that reading all their months costs less than the
    // round trips of the per-venture queries would (a new store, a first import): then they are
    // read at once, before the first report, and the import's COPY is never interrupted.
    bool few_stored_reports()
    {
        store::Statement count(
            m_impl.store.db(),
            fmt::format("SELECT count(*) FROM (SELECT 1 FROM report LIMIT {}) AS stored", few_reports + 1));
        return count.step() && count.column(0).get_int64() <= static_cast<std::int64_t>(few_reports);
    }

    void load_all_stored_months()
    {
        m_all_stored.emplace();
        store::Statement query(m_impl.store.db(), "SELECT venture, period FROM report");
        while (query.step()) {
            if (const auto month = stored_month(query.column(1).get_string())) {
                (*m_all_stored)[query.column(0).get_string()].push_back(*month);
            }
        }
    }

    // Reads the row's fields in one pass: the fixed ones into m_row, the columns that hold a
    // figure (value, amount, an indicator's or spent:CATEGORY column) into m_row.figures in
    // the order of the input.
    void read_row(const io::InputRow& row)
    {
        m_row.venture = m_row.period = m_row.submitted_on = m_row.note = m_row.indicator = m_row.category = {};
        m_row.figures.clear();
        m_row.long_layout = false;
        if (m_spare.size() < row.fields.size()) {  // before any view into it is taken
            m_spare.resize(row.fields.size());
        }
        std::size_t index = 0;
        for (const auto& item : row.fields.items()) {
            const std::string& column = item.key();
            const auto& value = item.value();
            std::string_view text;
            if (value.is_string()) {
                text = trim(value.get_ref<const std::string&>());
            } else {
                m_spare[index] = io::field_text(value);
                text = trim(m_spare[index]);
            }
            switch (role_of(index++, column)) {
            case Role::venture:
                m_row.venture = text;
                break;
            case Role::period:
                m_row.period = text;
                break;
            case Role::submitted_on:
                m_row.submitted_on = text;
                break;
            case Role::note:
                m_row.note = text;
                break;
            case Role::indicator:
                m_row.indicator = text;
                m_row.long_layout = true;
                break;
            case Role::category:
                m_row.category = text;
                m_row.long_layout = true;
                break;
            case Role::figure:
                if (!text.empty()) {
                    m_row.figures.emplace_back(&column, text);
                }
                break;
            }
        }
    }

    // What the column at `index` of a row holds. The rows of a file have the same columns, so
    // the answer for each position is kept and only checked against the name: one comparison
    // per field rather than one per fixed column.
    enum class Role { venture, period, submitted_on, note, indicator, category, figure };
    Role role_of(std::size_t index, const std::string& column)
    {
        if (index < m_roles.size() && m_roles[index].first == column) {
            return m_roles[index].second;
        }
        static const std::pair<std::string_view, Role> fixed[] = {
            {"venture", Role::venture}, {"period", Role::period},       {"submitted_on", Role::submitted_on},
            {"note", Role::note},       {"indicator", Role::indicator}, {"category", Role::category}};
        Role role = Role::figure;
        for (const auto& [name, fixed_role] : fixed) {
            if (column == name) {
                role = fixed_role;
            }
        }
        if (m_roles.size() <= index) {
            m_roles.resize(index + 1);
        }
        m_roles[index] = {column, role};
        return role;
    }

    void read_figures(const io::InputRow& row, std::vector<Problem>& problems)
    {
        for (const auto& [column_name, written] : m_row.figures) {
            const std::string& column = *column_name;
            try {
                if (column == "value") {
                    if (m_row.indicator.empty()) {
                        problems.push_back({row.line, 0, "indicator", "", Message("report.value_without_indicator")});
                    } else {
                        add(m_values, m_row.indicator, parse_number(written));
                    }
                } else if (column == "amount") {
                    if (m_row.category.empty()) {
                        problems.push_back({row.line, 0, "category", "", Message("report.amount_without_category")});
                    } else {
                        add(m_spending, m_row.category, Money::parse(written));
                    }
                } else if (column.starts_with("spent:")) {
                    add(m_spending, std::string_view(column).substr(6), Money::parse(written));
                } else {
                    add(m_values, column, parse_number(written));
                }
            } catch (const InvalidValue& error) {
                problems.push_back({row.line, 0, column, std::string(written), error.words()});
            }
        }
    }

    // A row's figures, the later of two with the same code winning as in a map.
    template <typename T>
    static void add(std::vector<std::pair<std::string, T>>& figures, std::string_view code, T value)
    {
        for (auto& [known, figure] : figures) {
            if (known == code) {
                figure = value;
                return;
            }
        }
        figures.emplace_back(std::string(code), value);
    }

    // Writes the report whose rows were collected, unless it equals the stored one.
    void flush()
    {
        if (!m_in_group) {
            return;
        }
        m_in_group = false;
        if (m_group_rows == 0) {
            return;
        }
        if (m_group_earlier.first == 0) {  // the lines where this report stood, for a later repeat
            if (m_group_seen != nullptr) {
                m_group_seen->last = line32(m_group_lines.back());
            } else if (m_group_outside != nullptr) {
                m_group_outside->last = m_group_lines.back();
            }
        }
        if (m_group_earlier.first != 0 && m_refuse.empty()) {  // the earlier one was settled already
            auto& repeat = m_repeats[m_group.venture + "/" + m_group_period];
            if (repeat.places.empty()) {
                repeat.report =
                    Message("report.the_report", {{"venture", m_group.venture}, {"period", m_group_period}});
                repeat.places.push_back(m_group_earlier.last > m_group_earlier.first
                                            ? Message("report.lines_at.range", {{"first", m_group_earlier.first},
                                                                                {"last", m_group_earlier.last}})
                                            : Message("report.lines_at.one", {{"line", m_group_earlier.first}}));
            }
            repeat.places.push_back(lines_text(m_group_lines, true));
        }
        if (m_group_duplicate || m_group_earlier.first != 0 || m_group_late != nullptr) {
            refuse_group();
            return;
        }
        warn_group();
        if (m_stored && m_impl.same_figures(m_group, *m_stored)) {
            m_unchanged += m_group_rows;
            ++m_reports_unchanged;
            return;
        }
        int revision = 1;
        if (m_stored) {
            revision = m_impl.write(m_group, m_group_period, m_stored);
        } else {
            m_new.push_back(report_row(m_group, m_group_period));
            if (m_new.size() == (m_bulk ? bulk_batch : insert_batch)) {
                insert_new();
            }
        }
        (revision == 1 ? m_inserted : m_updated) += m_group_rows;
        ++(revision == 1 ? m_reports_inserted : m_reports_updated);
        if (m_group_seen != nullptr) {
            m_group_seen->written = revision == 1 ? 1 : 2;
        }
    }

    // The warnings of the report whose rows were collected, at the line where it began; the
    // first io::max_kept_problems are kept, all are counted.
    void warn_group()
    {
        m_group_warnings.clear();
        if (m_group_venture != nullptr) {
            if (!m_group_venture->lines) {
                m_group_venture->lines = m_impl.lines_number(m_group.venture);
            }
            m_impl.warn(m_group, m_group_line, m_group_warnings, *m_group_venture->lines);
        } else {
            m_impl.warn(m_group, m_group_line, m_group_warnings);
        }
        m_warning_count += m_group_warnings.size();
        for (auto& warning : m_group_warnings) {
            if (m_warnings.size() < io::max_kept_problems) {
                m_warnings.push_back(std::move(warning));
            }
        }
    }

    // Refuses the report whose rows were collected, naming every line of what it repeats.
    void refuse_group()
    {
        Refusal refusal;
        const Message report("report.the_report", {{"venture", m_group.venture}, {"period", m_group_period}});
        const auto first = m_group_lines.front();
        if (m_group_late != nullptr) {
            refusal.problems.push_back({first, 0, "period", m_group_period, *m_group_late});
        } else if (m_group_earlier.first != 0) {
            const auto earlier = m_group_earlier.last > m_group_earlier.first
                                     ? Message("report.lines_at.range",
                                               {{"first", m_group_earlier.first}, {"last", m_group_earlier.last}})
                                     : Message("report.lines_at.one", {{"line", m_group_earlier.first}});
            refusal.problems.push_back(
                {first, 0, "period", m_group_period,
                 Message("report.twice_in_file",
                         {{"report", report}, {"earlier", earlier}, {"lines", lines_text(m_group_lines, true)}})});
        }
        if (m_group_wide && m_group_lines.size() > 1) {
            refusal.problems.push_back(
                {m_group_lines[1], 0, "period", m_group_period,
                 Message("report.many_rows",
                         {{"report", report}, {"rows", m_group_lines.size()}, {"lines", lines_text(m_group_lines)}})});
        } else if (m_group_duplicate) {
            std::stable_sort(m_figure_lines.begin(), m_figure_lines.end(),
                             [](const auto& a, const auto& b) { return a.first < b.first; });
            for (auto i = m_figure_lines.begin(); i != m_figure_lines.end();) {
                auto end =
                    std::find_if(i, m_figure_lines.end(), [&](const auto& entry) { return entry.first != i->first; });
                if (end - i > 1) {
                    std::vector<std::size_t> lines;
                    for (auto j = i; j != end; ++j) {
                        lines.push_back(j->second);
                    }
                    const bool spent = i->first.starts_with("spent:");
                    const auto code = spent ? i->first.substr(6) : i->first;
                    refusal.problems.push_back(
                        {lines[1], 0, spent ? "category" : "indicator", code,
                         Message("report.figure_repeated", {{"report", report}, {"lines", lines_text(lines)}})});
                }
                i = end;
            }
        }
        refusal.lines = m_group_lines;
        m_refusal = std::move(refusal);
    }

    // Inserts the new reports waiting in m_new: a whole batch by one statement, fewer one by one;
    // on PostgreSQL by COPY, one statement for the whole import unless another query comes between.
    void insert_new()
    {
        if (m_bulk) {
            // The rows of the last piece are filled again: no list of fields made for each report.
            m_bulk_rows.resize(m_new.size());
            for (std::size_t i = 0; i < m_new.size(); ++i) {
                auto& row = m_new[i];
                auto& fields = m_bulk_rows[i];
                fields.resize(9);
                fields[0] = std::move(row.venture);
                fields[1] = std::move(row.period);
                fields[2] = "1";
                fields[3] = "submitted";
                fields[4] = row.submitted_on;
                fields[5] = std::move(row.submitted_on);
                fields[6] = std::move(row.note);
                fields[7] = std::move(row.figures);
                fields[8] = std::move(row.spending);
            }
            static const std::vector<std::string> columns{
                "venture",      "period", "revision", "status",  "first_submitted_on",
                "submitted_on", "note",   "figures",  "spending"};
            m_impl.store.db().bulk_insert("report", columns, m_bulk_rows);
        } else if (m_new.size() == insert_batch) {
            if (!m_insert_batch) {
                m_insert_batch = std::make_unique<store::Statement>(m_impl.store.db(), insert_sql(insert_batch));
            } else {
                m_insert_batch->reset();
            }
            int index = 1;
            for (const auto& row : m_new) {
                bind_new(*m_insert_batch, index, row);
            }
            m_insert_batch->exec();
        } else {
            for (const auto& row : m_new) {
                m_impl.insert(row);
            }
        }
        m_new.clear();
    }

    // The audit of the whole import: rows of entity report, action import, key the input's
    // name (store/import_audit.hpp), listing the reports written as VENTURE/PERIOD and those
    // that replaced a stored version, with the import's counts of reports. Built from the
    // months seen, so in venture order.
    void audit(const std::string& source)
    {
        const std::size_t written = m_reports_inserted + m_reports_updated;
        if (written == 0) {
            return;
        }
        std::vector<const VentureTable::Entry*> ventures;
        for (const auto& venture : m_ventures.entries()) {
            if (!venture.second.months.empty()) {
                ventures.push_back(&venture);
            }
        }
        std::sort(ventures.begin(), ventures.end(), [](const auto* a, const auto* b) { return a->first < b->first; });
        store::ImportAudit audit(m_impl.store, "report", source,
                                 {m_reports_inserted, m_reports_updated, m_reports_unchanged}, written, true);
        std::string key;
        for (const auto* venture : ventures) {
            for (std::size_t i = 0; i < venture->second.months.size(); ++i) {
                const auto written_as = venture->second.months[i].written;
                if (written_as == 0) {
                    continue;
                }
                const int month = venture->second.starts + static_cast<int>(i);
                key = venture->first + '/' + Period::from_ym(month / 12, month % 12 + 1).to_string();
                audit.add(key, written_as == 2);
            }
        }
        audit.finish();
    }

    Reports::Impl& m_impl;
    // New reports go to PostgreSQL by COPY (store::Database::bulk_insert).
    bool m_bulk = m_impl.store.db().dialect() == store::Dialect::postgresql;
    // The stored months of every venture, by code, once load_months has found few reports
    // stored or asked for per_venture_queries ventures one by one (PostgreSQL only).
    std::optional<std::unordered_map<std::string, std::vector<int>>> m_all_stored;
    std::size_t m_ventures_queried = 0;
    Date m_as_of;
    bool m_reopen;
    std::vector<std::string> m_known{"venture",   "period", "submitted_on", "note",
                                     "indicator", "value",  "category",     "amount"};
    std::set<std::string, std::less<>> m_indicators;
    std::set<std::string, std::less<>> m_categories;
    registry::ReferenceList m_indicator_list;  // the same, matched by name too (on a miss only)
    registry::ReferenceList m_category_list;
    VentureTable m_ventures;
    std::map<std::string, LinesSeen> m_outside;            // reports of unknown ventures or months -> their lines
    std::vector<std::pair<std::string, double>> m_values;  // the current row's figures
    std::vector<std::pair<std::string, Money>> m_spending;
    bool m_in_group = false;
    Submission m_group;
    std::string m_group_period;
    std::optional<StoredReport> m_stored;
    std::vector<Problem> m_group_problems;
    std::size_t m_group_rows = 0;
    std::size_t m_group_line = 0;
    std::vector<Problem> m_group_warnings;
    std::vector<Problem> m_warnings;  // of the reports written or unchanged
    std::size_t m_warning_count = 0;
    bool m_group_locked = false;
    std::size_t m_inserted = 0;
    std::size_t m_updated = 0;
    std::size_t m_unchanged = 0;
    std::size_t m_reports_inserted = 0;
    std::size_t m_reports_updated = 0;
    std::size_t m_reports_unchanged = 0;
    VentureMonths* m_group_venture = nullptr;  // the current report's venture, when it is known
    MonthSeen* m_group_seen = nullptr;
    LinesSeen* m_group_outside = nullptr;
    LinesSeen m_group_earlier;                                        // where this report stood earlier in the file
    std::vector<std::size_t> m_group_lines;                           // the lines of the rows held for it
    std::vector<std::pair<std::string, std::size_t>> m_figure_lines;  // figure code (spent:C) -> line
    bool m_group_duplicate = false;                                   // a figure or a wide row given twice
    bool m_group_wide = false;                                        // a row of the wide layout is among its rows
    // Reports given again further down (see refused_late()): the places of each, and, on a
    // second reading, the messages of those to refuse at every occurrence.
    struct Repeat {
        Message report;
        std::vector<Message> places;
    };
    std::map<std::string, Repeat> m_repeats;
    LateRefusals m_refuse;
    const Message* m_group_late = nullptr;  // the current report is one of m_refuse: its message
    std::optional<Refusal> m_refusal;       // a refused report, until the engine takes it
    std::pair<std::string, Date> m_last_submitted{std::string(), Date::from_ymd(2000, 1, 1)};
    // The current row's fields as read by read_row; m_spare holds the text of those given as
    // JSON numbers or booleans.
    struct RowText {
        std::string_view venture, period, submitted_on, note, indicator, category;
        bool long_layout = false;  // the row has an indicator or category column
        std::vector<std::pair<const std::string*, std::string_view>> figures;  // column, text
    };
    RowText m_row;
    std::vector<std::pair<std::string, Role>> m_roles;  // by position: the column's name and role
    std::vector<std::string> m_spare;
    std::vector<ReportRow> m_new;                   // new reports not yet inserted
    std::vector<store::Database::Row> m_bulk_rows;  // on PostgreSQL, their fields as COPY takes them
    std::unique_ptr<store::Statement> m_insert_batch;
};

bool Reports::locked(const std::string& venture, Period period)
{
    const auto stored = m_impl->stored(venture, period.to_string());
    return stored && stored->status == "accepted";
}

bool Reports::same_as_stored(const Submission& submission)
{
    const auto period = submission.period.to_string();
    const auto stored = m_impl->stored(submission.venture, period);
    return stored && m_impl->same_figures(submission, *stored);
}

std::unique_ptr<io::ImportSink> Reports::import_sink(bool reopen)
{
    return std::make_unique<Sink>(*m_impl, reopen);
}

void fields(const Revision& revision, render::Fields& out)
{
    out("revision", revision.revision)("submitted_on", revision.submitted_on)("status", revision.status);
    out("values", revision.values)("spending", revision.spending)("note", revision.note);
}

}  // namespace toro::reporting
