#include "grants/ledger.hpp"

#include "core/error.hpp"
#include "core/text.hpp"
#include "registry/reference.hpp"

#include "store/database.hpp"
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <iterator>
#include <map>
#include <set>

namespace toro::grants {
namespace {

// A venture without budget lines of the grant has its whole grant in one category of this name.
constexpr const char* whole_grant = "total";

std::size_t source_rank(const std::string& source)
{
    const auto* found = std::find(std::begin(cost_sources), std::end(cost_sources), source);
    return static_cast<std::size_t>(std::distance(std::begin(cost_sources), found));
}

Money money_column(const store::Column& column)
{
    return column.is_null() ? Money() : Money::from_grosze(column.get_int64());
}

struct VentureRow {
    std::string title;
    std::string org;
    std::string program;
    Period starts = Period::from_ym(2000, 1);
    Period ends = Period::from_ym(2000, 1);
    Money grant;
    Money own_funds;
    Money in_kind;
    std::optional<Date> use_until;
};

VentureRow venture_row(store::Store& store, const std::string& code)
{
    store::Statement query(store.db(),
                           "SELECT title, org, program, starts, ends, \"grant\", own_funds, in_kind, use_until "
                           "FROM venture WHERE code = ?");
    query.bind(1, code);
    if (!query.step()) {
        throw Error(Exit::data, code, Message("register.no_key", {{"entity", Message("entity.venture.genitive")}}));
    }
    VentureRow row;
    row.title = query.column(0).get_string();
    row.org = query.column(1).get_string();
    row.program = query.column(2).get_string();
    row.starts = Period::parse(query.column(3).get_string());
    row.ends = Period::parse(query.column(4).get_string());
    row.grant = money_column(query.column(5));
    row.own_funds = money_column(query.column(6));
    row.in_kind = money_column(query.column(7));
    if (!query.column(8).is_null()) {
        row.use_until = Date::parse(query.column(8).get_string());
    }
    return row;
}

// The final report's actual costs: category → source → amount.
std::map<std::string, std::map<std::string, Money>> final_costs(store::Store& store, const std::string& code)
{
    std::map<std::string, std::map<std::string, Money>> costs;
    store::Statement query(store.db(), "SELECT category, source, actual FROM final_cost WHERE venture = ?");
    query.bind(1, code);
    while (query.step()) {
        costs[query.column(0).get_string()][query.column(1).get_string()] = money_column(query.column(2));
    }
    return costs;
}

template <typename T> std::vector<T> dated_amounts(store::Store& store, const char* sql, const std::string& code)
{
    std::vector<T> result;
    store::Statement query(store.db(), sql);
    query.bind(1, code);
    while (query.step()) {
        result.push_back({Date::parse(query.column(0).get_string()), money_column(query.column(1))});
    }
    return result;
}

}  // namespace

std::vector<RateChange> rates_in_force(const config::Config& config)
{
    std::vector<RateChange> overrides;
    for (const auto& rate : config.settlement_rates) {
        overrides.push_back({Date::parse(rate.from), rate.rate_millionths});
    }
    return with_overrides(shipped_rates(), overrides);
}

VentureSettlement settle_venture(store::Store& store, const config::Config& config, const std::string& code, Date as_of)
{
    const auto venture = venture_row(store, code);
    const auto costs = final_costs(store, code);
    if (costs.empty()) {
        throw Error(Exit::data, code, Message("grants.no_final_report", {{"venture", code}}));
    }
    SettlementInput input;
    input.as_of = as_of;
    input.starts = venture.starts;
    input.ends = venture.ends;
    input.use_until = venture.use_until;
    input.grant = venture.grant;
    input.own_funds = venture.own_funds;
    input.in_kind = venture.in_kind;
    input.payments = dated_amounts<Payment>(
        store, "SELECT paid_on, amount FROM payment WHERE venture = ? ORDER BY paid_on, amount", code);
    input.returns = dated_amounts<Return>(
        store, "SELECT returned_on, amount FROM grant_return WHERE venture = ? ORDER BY returned_on, amount", code);
    input.rates = rates_in_force(config);
    input.tolerance_millionths = static_cast<std::int64_t>(std::llround(config.shift_tolerance * 1'000'000));
    input.interest_minimum = Money::from_grosze(config.interest_minimum_grosze);

    std::map<std::string, Money> planned;
    store::Statement lines(store.db(), "SELECT category, sum(planned) FROM budget WHERE venture = ? AND "
                                       "source = 'grant' GROUP BY category");
    lines.bind(1, code);
    while (lines.step()) {
        planned[lines.column(0).get_string()] = money_column(lines.column(1));
    }
    std::map<std::string, Money> actual;
    for (const auto& [category, sources] : costs) {
        for (const auto& [source, amount] : sources) {
            if (source == "grant") {
                actual[planned.empty() ? whole_grant : category] += amount;
            } else {
                input.other_costs += amount;
            }
        }
    }
    if (planned.empty()) {
        planned[whole_grant] = venture.grant;
    }
    std::set<std::string> categories;
    for (const auto& [category, amount] : planned) {
        categories.insert(category);
    }
    for (const auto& [category, amount] : actual) {
        categories.insert(category);
    }
    for (const auto& category : categories) {
        const auto p = planned.find(category);
        const auto a = actual.find(category);
        input.grant_costs.push_back(
            {category, p == planned.end() ? Money() : p->second, a == actual.end() ? Money() : a->second});
    }
    return {code, venture.title, venture.org, as_of, settle(input)};
}

std::vector<VentureSettlement> settlements_due(store::Store& store, const config::Config& config, Date as_of)
{
    std::vector<std::string> codes;
    store::Statement query(store.db(), "SELECT DISTINCT venture FROM final_cost ORDER BY venture");
    while (query.step()) {
        codes.push_back(query.column(0).get_string());
    }
    std::vector<VentureSettlement> due;
    for (const auto& code : codes) {
        auto settlement = settle_venture(store, config, code, as_of);
        if (settlement.settlement.balance_due.grosze() > 0) {
            due.push_back(std::move(settlement));
        }
    }
    return due;
}

FinalReport final_report(store::Store& store, const config::Config& config, const std::string& code, Date as_of)
{
    const auto venture = venture_row(store, code);
    FinalReport report;
    report.code = code;
    report.title = venture.title;
    report.org = venture.org;
    report.program = venture.program;
    report.starts = venture.starts;
    report.ends = venture.ends;
    report.grant = venture.grant;
    report.own_funds = venture.own_funds;
    report.in_kind = venture.in_kind;

    // Results over every month of the venture: as of the day after its last month, or later.
    const auto after_end = venture.ends.add_months(1).last_day();
    const auto dossier = reporting::venture_dossier(store, config, code, std::max(as_of, after_end));
    report.results = dossier.progress.indicators;

    std::map<std::pair<std::string, std::string>, FinalReport::Cost> costs;
    store::Statement lines(store.db(), "SELECT category, source, planned FROM budget WHERE venture = ?");
    lines.bind(1, code);
    while (lines.step()) {
        const auto category = lines.column(0).get_string();
        const auto source = lines.column(1).get_string();
        auto& cost = costs[{category, source}];
        cost.category = category;
        cost.source = source;
        cost.planned = cost.planned.value_or(Money()) + money_column(lines.column(2));
    }
    for (const auto& [category, sources] : final_costs(store, code)) {
        for (const auto& [source, amount] : sources) {
            auto& cost = costs[{category, source}];
            cost.category = category;
            cost.source = source;
            cost.actual = amount;
            report.has_actual = true;
        }
    }
    for (auto& [key, cost] : costs) {
        report.costs.push_back(std::move(cost));
    }
    std::stable_sort(report.costs.begin(), report.costs.end(), [](const auto& a, const auto& b) {
        return a.category != b.category ? a.category < b.category : source_rank(a.source) < source_rank(b.source);
    });
    return report;
}

namespace {

class FinalCostSink : public io::ImportSink {
public:
    FinalCostSink(store::Store& store, const config::Config& config)
        : m_store(store),
          m_categories(registry::ReferenceList::load(store.db(), registry::ReferenceKind::category, config)),
          m_venture(store.db(), "SELECT 1 FROM venture WHERE code = ?"),
          m_select(store.db(), "SELECT actual FROM final_cost WHERE venture = ? AND category = ? AND source = ?"),
          m_insert(store.db(), "INSERT INTO final_cost (venture, category, source, actual) VALUES (?, ?, ?, ?)"),
          m_update(store.db(), "UPDATE final_cost SET actual = ? WHERE venture = ? AND category = ? AND source = ?")
    {
    }

    std::vector<std::string> known_columns() const override { return {"venture", "category", "source", "actual"}; }
    std::vector<std::string> required_columns() const override { return known_columns(); }

    std::optional<io::Outcome> write(const io::InputRow& row, std::vector<Problem>& problems) override
    {
        const auto before = problems.size();
        auto text = [&](const char* name) {
            const auto found = row.fields.find(name);
            return found == row.fields.end() ? std::string() : std::string(trim(io::field_text(*found)));
        };
        auto problem = [&](const char* name, Message message) {
            problems.push_back({row.line, 0, name, text(name), std::move(message)});
        };
        const auto venture = text("venture");
        if (venture.empty()) {
            problem("venture", Message("register.required"));
        } else {
            m_venture.reset();
            m_venture.bind(1, venture);
            if (!m_venture.step()) {
                problem("venture", Message("register.no_code", {{"entity", Message("entity.venture.genitive")}}));
            }
        }
        std::string category = text("category");
        if (category.empty()) {
            problem("category", Message("register.required"));
        } else if (const auto* entry = m_categories.find(category)) {
            category = entry->code;
        } else {
            problem("category", m_categories.unknown(category));
        }
        const auto source = text("source");
        if (source_rank(source) >= std::size(cost_sources)) {
            problem("source", Message("grants.bad_source", {{"list", "grant, own, personal, in_kind, fees, other"}}));
        }
        Money actual;
        try {
            actual = Money::parse(text("actual"));
            if (actual.grosze() < 0) {
                problem("actual", Message("register.negative"));
            }
        } catch (const InvalidValue& error) {
            problem("actual", error.words());
        }
        if (problems.size() != before) {
            return std::nullopt;
        }
        const auto key = fmt::format("{}/{}/{}", venture, category, source);
        if (const auto [seen, fresh] = m_seen.emplace(key, row.line); !fresh) {
            problem("category", Message("grants.final_twice", {{"line", seen->second}}));
            return std::nullopt;
        }
        return upsert(key, venture, category, source, actual);
    }

private:
    io::Outcome upsert(const std::string& key, const std::string& venture, const std::string& category,
                       const std::string& source, Money actual)
    {
        m_select.reset();
        m_select.bind(1, venture);
        m_select.bind(2, category);
        m_select.bind(3, source);
        const auto after = fmt::format(R"({{"actual":{}}})", actual.to_machine());
        if (!m_select.step()) {
            m_insert.reset();
            m_insert.bind(1, venture);
            m_insert.bind(2, category);
            m_insert.bind(3, source);
            m_insert.bind(4, actual.grosze());
            m_insert.exec();
            m_store.audit_text("final_cost", key, "insert", std::nullopt, after);
            return io::Outcome::inserted;
        }
        const auto stored = Money::from_grosze(m_select.column(0).get_int64());
        if (stored == actual) {
            return io::Outcome::unchanged;
        }
        m_update.reset();
        m_update.bind(1, actual.grosze());
        m_update.bind(2, venture);
        m_update.bind(3, category);
        m_update.bind(4, source);
        m_update.exec();
        m_store.audit_text("final_cost", key, "update", fmt::format(R"({{"actual":{}}})", stored.to_machine()), after);
        return io::Outcome::updated;
    }

    store::Store& m_store;
    registry::ReferenceList m_categories;
    store::Statement m_venture;
    store::Statement m_select;
    store::Statement m_insert;
    store::Statement m_update;
    std::map<std::string, std::size_t> m_seen;
};

}  // namespace

std::unique_ptr<io::ImportSink> final_cost_sink(store::Store& store, const config::Config& config)
{
    return std::make_unique<FinalCostSink>(store, config);
}

}  // namespace toro::grants
