#include "registry/checks.hpp"

#include "core/date.hpp"
#include "core/money.hpp"
#include "core/text.hpp"
#include "io/import.hpp"
#include "registry/call_criteria.hpp"
#include "registry/register.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <utility>

namespace toro::registry {
namespace {

// Small grants (art. 19a): at most 10 000 zł and 90 days a grant.
constexpr std::int64_t small_grant_limit_grosze = 10'000'00;
constexpr int small_grant_max_months = 3;

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

}  // namespace

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

RowCheck::RowCheck(Register& owner, const EntitySpec& entity, Record& record, const nlohmann::ordered_json& input,
                   std::size_t line, std::vector<Problem>& problems)
    : m_register(owner), m_entity(entity), m_record(record), m_input(input), m_line(line), m_problems(problems)
{
}

const config::Config& RowCheck::config() const
{
    return m_register.m_config;
}

void RowCheck::problem(std::string_view name, Message message)
{
    const auto written = m_input.find(std::string(name));
    m_problems.push_back({m_line, 0, std::string(name),
                          written != m_input.end() ? io::field_text(*written) : value_text(at(name)),
                          std::move(message)});
}

void RowCheck::item_problem(std::string_view name, std::string item, Message message)
{
    m_problems.push_back({m_line, 0, std::string(name), std::move(item), std::move(message)});
}

store::Statement& RowCheck::statement(const char* literal)
{
    return m_register.statement(literal);
}

store::Statement& RowCheck::statement(const std::string& sql)
{
    return m_register.statement(sql);
}

std::optional<std::string> RowCheck::resolve_org(const std::string& reference)
{
    return m_register.resolve_org(reference);
}

std::string RowCheck::read_criteria(const std::string& written)
{
    return m_register.read_criteria(written);
}

std::optional<ProgramRules> RowCheck::program_rules(const std::string& code)
{
    return m_register.program_rules(code);
}

bool RowCheck::may_hold(std::string_view field, std::string_view value)
{
    return m_register.may_hold(m_entity, m_entity.index(field), value);
}

void RowCheck::not_negative(std::string_view name)
{
    const auto* amount = std::get_if<std::int64_t>(&at(name));
    if (amount != nullptr && *amount < 0) {
        problem(name, Message("register.negative"));
    }
}

void RowCheck::positive(std::string_view name)
{
    const auto* amount = std::get_if<std::int64_t>(&at(name));
    if (amount != nullptr && *amount <= 0) {
        problem(name, Message("register.positive"));
    }
}

void RowCheck::number_between(std::string_view name, double low, double high)
{
    const auto* number = std::get_if<double>(&at(name));
    if (number != nullptr && (*number < low || *number > high)) {
        problem(name, Message("register.between", {{"low", low}, {"high", high}}));
    }
}

void RowCheck::integer_between(std::string_view name, std::int64_t low, std::int64_t high)
{
    const auto* number = std::get_if<std::int64_t>(&at(name));
    if (number != nullptr && (*number < low || *number > high)) {
        problem(name, Message("register.between", {{"low", low}, {"high", high}}));
    }
}

void RowCheck::org_reference(std::string_view name)
{
    if (empty(name)) {
        return;
    }
    if (auto code = resolve_org(text(name))) {
        at(name) = *code;
    } else {
        problem(name, Message("register.no_org"));
    }
}

void RowCheck::resolve(std::string_view name, ReferenceKind kind)
{
    if (empty(name)) {
        return;
    }
    auto& value = std::get<std::string>(at(name));
    const auto& list = m_register.reference(kind);
    if (const auto* entry = list.find(value)) {
        value = entry->code;
    } else {
        problem(name, list.unknown(value));
    }
}

void RowCheck::must_exist(std::string_view name, const char* table)
{
    if (empty(name)) {
        return;
    }
    if (!m_register.code_exists(table, text(name))) {
        problem(name, Message("register.no_code", {{"entity", entity_genitive(table)}}));
    }
}

void RowCheck::district(std::string_view name)
{
    districts_in(name, false);
}

void RowCheck::districts(std::string_view name)
{
    districts_in(name, true);
}

void RowCheck::districts_in(std::string_view name, bool list)
{
    const auto& known = m_register.reference(ReferenceKind::district);
    if (!list && !empty(name)) {  // the usual case, one district the store knows: no lists made
        auto& value = std::get<std::string>(at(name));
        if (const auto* entry = known.find(value)) {
            if (value != entry->name_pl) {
                value = entry->name_pl;
            }
            return;
        }
    }
    std::vector<std::string> items = list ? list_items(at(name)) : std::vector<std::string>{};
    if (!list && !empty(name)) {
        items.push_back(text(name));
    }
    std::vector<std::string> normalised;
    const auto& configured_districts = config().districts;
    for (const auto& item : items) {
        if (const auto* entry = known.find(item)) {
            normalised.push_back(entry->name_pl);
            continue;
        }
        const auto configured =
            std::find_if(configured_districts.begin(), configured_districts.end(),
                         [&](const std::string& district) { return fold_key(district) == fold_key(item); });
        if (configured != configured_districts.end()) {  // [city] districts, as configured now
            normalised.push_back(*configured);
        } else {
            item_problem(name, item, known.unknown(item));
        }
    }
    if (list) {
        if (normalised != items) {
            at(name) = nlohmann::json(normalised).dump();
        }
    } else if (!normalised.empty()) {
        at(name) = normalised.front();
    }
}

void RowCheck::spheres(std::string_view name)
{
    const auto items = list_items(at(name));
    if (items.empty()) {
        return;
    }
    const auto& known = m_register.reference(ReferenceKind::sphere);
    std::vector<std::string> codes;
    for (const auto& item : items) {
        if (const auto* entry = known.find(item)) {
            codes.push_back(entry->code);
        } else {
            item_problem(name, item, known.unknown(item));
        }
    }
    if (codes.size() == items.size() && codes != items) {
        at(name) = nlohmann::json(codes).dump();
    }
}

void check_org(RowCheck& row)
{
    row.resolve("legal_form", ReferenceKind::legal_form);
    row.district("district");
    row.spheres("spheres");
    // KRS and NIP name one organization each.
    for (const auto& [unique, sql] : {std::pair{"krs", "SELECT code FROM org WHERE krs = ? AND code <> ?"},
                                      std::pair{"nip", "SELECT code FROM org WHERE nip = ? AND code <> ?"}}) {
        if (row.empty(unique) || !row.may_hold(unique, row.text(unique))) {
            continue;
        }
        auto& query = row.statement(sql);
        query.bind(1, row.text(unique));
        query.bind(2, row.text("code"));
        if (query.step()) {
            row.problem(unique, Message("register.duplicate_number",
                                        {{"org", query.column(0).get_string()},
                                         {"number", unique == std::string_view("krs") ? "KRS" : "NIP"}}));
        }
    }
}

void check_program(RowCheck& row)
{
    row.integer_between("year", 2000, 2100);
    row.spheres("spheres");
    row.not_negative("budget");
    if (!row.empty("opens_on") && !row.empty("closes_on") && row.text("closes_on") < row.text("opens_on")) {
        row.problem("closes_on", Message("register.closes_before_opens"));
    }
}

void check_venture(RowCheck& row)
{
    row.org_reference("org");
    row.resolve("sphere", ReferenceKind::sphere);
    row.districts("districts");
    for (const char* amount : {"grant", "own_funds", "in_kind"}) {
        row.not_negative(amount);
    }
    const auto* starts_text = std::get_if<std::string>(&row.at("starts"));
    const auto* ends_text = std::get_if<std::string>(&row.at("ends"));
    const auto starts = Period::parse(starts_text != nullptr ? *starts_text : "2000-01");
    const auto ends = Period::parse(ends_text != nullptr ? *ends_text : "2999-12");
    if (ends < starts) {
        row.problem("ends", Message("register.ends_before_starts", {{"starts", starts}}));
    }
    row.integer_between("report_day", 1, 28);

    // The programme's rules: a small grant's limits (art. 19a), the programme's budget.
    const auto program = row.program_rules(row.empty("program") ? std::string() : row.text("program"));
    const auto* grant_given = std::get_if<std::int64_t>(&row.at("grant"));
    if (!program) {
        row.problem("program", Message("register.no_code", {{"entity", entity_genitive("program")}}));
        return;
    }
    if (grant_given == nullptr || starts_text == nullptr || ends_text == nullptr) {
        return;
    }
    const auto grant = *grant_given;
    if (program->mode == "small_grant") {
        if (grant > small_grant_limit_grosze) {
            row.problem("grant", Message("register.small_grant_amount"));
        }
        if (months_between(starts, ends) + 1 > small_grant_max_months) {
            row.problem("ends", Message("register.small_grant_length"));
        }
    }
    if (program->budget && grant > *program->budget) {
        row.problem("grant",
                    Message("register.over_programme_budget", {{"budget", Money::from_grosze(*program->budget)}}));
    }
}

void check_target(RowCheck& row)
{
    row.must_exist("venture", "venture");
    row.resolve("indicator", ReferenceKind::indicator);
}

void check_budget(RowCheck& row)
{
    row.must_exist("venture", "venture");
    row.not_negative("planned");
    row.resolve("category", ReferenceKind::category);
}

void check_loan(RowCheck& row)
{
    row.org_reference("org");
    if (!row.empty("venture")) {  // a loan for a venture goes to the venture's organization
        auto& venture = row.statement("SELECT org FROM venture WHERE code = ?");
        venture.bind(1, row.text("venture"));
        if (!venture.step()) {
            row.problem("venture", Message("register.no_code", {{"entity", entity_genitive("venture")}}));
        } else if (!row.empty("org") && venture.column(0).get_string() != row.text("org")) {
            row.problem("venture", Message("register.venture_of_other_org", {{"org", venture.column(0).get_string()}}));
        }
    }
    row.positive("principal");
    const auto term = row.integer("term_months");
    row.integer_between("term_months", 1, 600);
    const auto grace = row.integer("grace_months");
    if (grace < 0 || grace >= term) {
        row.problem("grace_months", Message("register.grace_months"));
    }
    if (!row.empty("first_due_on") && row.text("first_due_on") <= row.text("disbursed_on")) {
        row.problem("first_due_on", Message("register.first_due_after_disbursed"));
    }
}

void check_repayment(RowCheck& row)
{
    auto& loan = row.statement("SELECT disbursed_on FROM loan WHERE code = ?");
    loan.bind(1, row.text("loan"));
    if (!loan.step()) {
        row.problem("loan", Message("register.no_code", {{"entity", entity_genitive("loan")}}));
    } else if (row.text("paid_on") < loan.column(0).get_string()) {
        row.problem("paid_on", Message("register.paid_before_disbursed", {{"date", loan.column(0).get_string()}}));
    }
    row.positive("amount");
}

// A grant payment or return: of a venture the register holds; a return not before the grant was
// first paid (on its first payment, or on the venture's start when none is registered).
void check_grant_money(RowCheck& row)
{
    auto& venture =
        row.statement("SELECT coalesce((SELECT CAST(min(paid_on) AS TEXT) FROM payment WHERE venture = v.code), "
                      "v.starts || '-01') FROM venture AS v WHERE v.code = ?");
    venture.bind(1, row.text("venture"));
    if (!venture.step()) {
        row.problem("venture", Message("register.no_code", {{"entity", entity_genitive("venture")}}));
    } else if (row.entity().name == "grant_return" && row.text("returned_on") < venture.column(0).get_string()) {
        row.problem("returned_on",
                    Message("register.return_before_payment", {{"date", venture.column(0).get_string()}}));
    }
    row.positive("amount");
}

void check_consultation(RowCheck& row)
{
    if (row.integer("participants") < 0) {
        row.problem("participants", Message("register.negative"));
    }
    std::vector<std::string> codes;
    for (const auto& item : list_items(row.at("orgs"))) {
        if (auto code = row.resolve_org(item)) {
            codes.push_back(*code);
        } else {
            row.item_problem("orgs", item, Message("register.no_org"));
        }
    }
    row.at("orgs") = nlohmann::json(codes).dump();
}

void check_training(RowCheck& row)
{
    row.number_between("hours", 0, 10'000);
    row.number_between("max_score", 0.000001, 1'000'000);
}

void check_attendance(RowCheck& row)
{
    auto& training = row.statement("SELECT max_score FROM training WHERE code = ?");
    training.bind(1, row.text("training"));
    if (!training.step()) {
        row.problem("training", Message("register.no_code", {{"entity", entity_genitive("training")}}));
    } else {
        const double max_score = training.column(0).get_double();
        row.number_between("pre_score", 0, max_score);
        row.number_between("post_score", 0, max_score);
    }
    row.number_between("satisfaction", 1, 5);
}

// An open call (PRODUCT.md §13).
void check_call(RowCheck& row)
{
    const auto* opens = std::get_if<std::string>(&row.at("opens_on"));
    const auto* closes = std::get_if<std::string>(&row.at("closes_on"));
    if (opens != nullptr && closes != nullptr && *closes < *opens) {
        row.problem("closes_on", Message("register.closes_before_opens"));
    }
    for (const char* fraction : {"min_own_share", "threshold"}) {
        const auto* number = std::get_if<double>(&row.at(fraction));
        const auto* whole = std::get_if<std::int64_t>(&row.at(fraction));
        const double value = number != nullptr ? *number : whole != nullptr ? static_cast<double>(*whole) : 0;
        if (value < 0 || value > 1) {
            row.problem(fraction, Message("register.between", {{"low", 0}, {"high", 1}}));
        }
    }
    if (auto* path = std::get_if<std::string>(&row.at("criteria"))) {
        try {
            *path = row.read_criteria(*path);
        } catch (const InvalidValue& error) {
            row.problem("criteria", error.words());
        }
    }
    const auto* pool = std::get_if<std::int64_t>(&row.at("pool"));
    if (pool != nullptr && *pool < 0) {
        row.problem("pool", Message("register.negative"));
    }
    const auto* program = std::get_if<std::string>(&row.at("program"));
    if (program == nullptr) {
        return;
    }
    // The programme's budget left: its budget less the grants of its ventures and the pools of
    // its other calls not yet awarded; what this call has awarded is in the grants already.
    auto& left =
        row.statement("SELECT p.budget - (SELECT coalesce(sum(\"grant\"), 0) FROM venture WHERE program = p.code)"
                      " - (SELECT coalesce(sum(CASE WHEN c.pool > (SELECT coalesce(sum(a.amount), 0) FROM offer_award a"
                      "    JOIN offer o ON o.code = a.offer WHERE o.call = c.code) THEN c.pool - (SELECT"
                      "    coalesce(sum(a.amount), 0) FROM offer_award a JOIN offer o ON o.code = a.offer"
                      "    WHERE o.call = c.code) ELSE 0 END), 0) FROM call c"
                      "    WHERE c.program = p.code AND c.code <> ?2)"
                      " + (SELECT coalesce(sum(a.amount), 0) FROM offer_award a JOIN offer o ON o.code = a.offer"
                      "    WHERE o.call = ?2), p.budget IS NULL FROM program p WHERE p.code = ?1");
    left.bind(1, *program);
    left.bind(2, row.text("code"));
    if (!left.step()) {
        row.problem("program", Message("register.no_code", {{"entity", entity_genitive("program")}}));
    } else if (pool != nullptr && left.column(1).get_int() == 0 && *pool > left.column(0).get_int64()) {
        row.problem("pool",
                    Message("register.pool_over_budget_left",
                            {{"left", Money::from_grosze(std::max<std::int64_t>(0, left.column(0).get_int64()))}}));
    }
}

void check_offer(RowCheck& row)
{
    row.org_reference("org");
    row.must_exist("call", "call");
    row.resolve("sphere", ReferenceKind::sphere);
    row.districts("districts");
    for (const char* amount : {"requested", "own_funds", "in_kind"}) {
        row.not_negative(amount);
    }
    const auto* starts = std::get_if<std::string>(&row.at("starts"));
    const auto* ends = std::get_if<std::string>(&row.at("ends"));
    if (starts != nullptr && ends != nullptr && *ends < *starts) {
        row.problem("ends", Message("register.ends_before_starts", {{"starts", Period::parse(*starts)}}));
    }
}

void check_offer_budget(RowCheck& row)
{
    row.must_exist("offer", "offer");
    row.not_negative("planned");
    row.resolve("category", ReferenceKind::category);
}

void check_offer_target(RowCheck& row)
{
    row.must_exist("offer", "offer");
    row.resolve("indicator", ReferenceKind::indicator);
}

void check_reviewer(RowCheck& row)
{
    row.must_exist("call", "call");
    std::vector<std::string> codes;
    for (const auto& item : list_items(row.at("conflicts"))) {
        if (auto code = row.resolve_org(item)) {
            codes.push_back(*code);
        } else {
            row.item_problem("conflicts", item, Message("register.no_org"));
        }
    }
    row.at("conflicts") = nlohmann::json(codes).dump();
    // A conflict declared after the reviewer scored that organization's offer: the points go first.
    for (const auto& org : codes) {
        auto& scored = row.statement("SELECT s.offer FROM score s JOIN offer o ON o.code = s.offer "
                                     "WHERE s.reviewer = ? AND o.org = ? LIMIT 1");
        scored.bind(1, row.text("code"));
        scored.bind(2, org);
        if (scored.step()) {
            row.item_problem("conflicts", org,
                             Message("register.conflict_after_score", {{"offer", scored.column(0).get_string()}}));
        }
    }
}

// A reviewer's points for one criterion of an offer (PRODUCT.md §13).
void check_score(RowCheck& row)
{
    const auto* offer = std::get_if<std::string>(&row.at("offer"));
    const auto* reviewer = std::get_if<std::string>(&row.at("reviewer"));
    if (offer == nullptr || reviewer == nullptr) {
        return;
    }
    auto& offer_query = row.statement("SELECT o.call, o.org, c.criteria FROM offer o JOIN call c ON c.code = o.call "
                                      "WHERE o.code = ?");
    offer_query.bind(1, *offer);
    if (!offer_query.step()) {
        row.problem("offer", Message("register.no_code", {{"entity", entity_genitive("offer")}}));
        return;
    }
    const auto call = offer_query.column(0).get_string();
    const auto org = offer_query.column(1).get_string();
    const auto criteria = parse_criteria_json(offer_query.column(2).get_string());
    auto& reviewer_query = row.statement("SELECT call, conflicts FROM reviewer WHERE code = ?");
    reviewer_query.bind(1, *reviewer);
    if (!reviewer_query.step()) {
        row.problem("reviewer", Message("register.no_code", {{"entity", entity_genitive("reviewer")}}));
    } else if (reviewer_query.column(0).get_string() != call) {
        row.problem("reviewer", Message("register.reviewer_other_call",
                                        {{"call", reviewer_query.column(0).get_string()}, {"offer_call", call}}));
    } else {
        const auto conflicts = list_items(reviewer_query.column(1).get_string());
        if (std::find(conflicts.begin(), conflicts.end(), org) != conflicts.end()) {
            row.problem("reviewer", Message("register.score_conflict", {{"org", org}}));
        }
    }
    const auto* code = std::get_if<std::string>(&row.at("criterion"));
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
        row.problem("criterion", Message("register.unknown_criterion", {{"call", call}, {"criteria", codes}}));
    } else if (criterion->past_performance) {
        row.problem("criterion", Message("register.criterion_computed"));
    } else {
        const auto* number = std::get_if<double>(&row.at("points"));
        const auto* whole = std::get_if<std::int64_t>(&row.at("points"));
        if (number != nullptr || whole != nullptr) {
            const double points = number != nullptr ? *number : static_cast<double>(*whole);
            if (points < 0 || points > criterion->max_points) {
                row.problem("points", Message("register.points_range", {{"max", criterion->max_points}}));
            }
        }
    }
}

}  // namespace toro::registry
