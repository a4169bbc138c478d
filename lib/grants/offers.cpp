#include "grants/offers.hpp"

#include "core/error.hpp"
#include "registry/call_criteria.hpp"
#include "registry/register.hpp"
#include "reporting/monitoring.hpp"

#include "store/database.hpp"
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <set>

namespace toro::grants {
namespace {

// Points in hundredths as a number of points: 725 → 7.25.
double points_number(Hundredths points)
{
    return static_cast<double>(points) / 100.0;
}

std::optional<double> points_number(std::optional<Hundredths> points)
{
    return points ? std::optional<double>(points_number(*points)) : std::nullopt;
}

std::vector<Criterion> criteria_of(const std::string& stored)
{
    std::vector<Criterion> criteria;
    for (const auto& criterion : registry::parse_criteria_json(stored)) {
        criteria.push_back({criterion.code, criterion.name, to_hundredths(criterion.max_points),
                            criterion.past_performance ? CriterionKind::past_performance : CriterionKind::scored});
    }
    return criteria;
}

std::vector<std::string> json_list(const std::string& stored)
{
    return nlohmann::json::parse(stored).get<std::vector<std::string>>();
}

// Each organization's ventures as the monitoring counts them in the months from `first` to
// `last`, as of `as_of`: completeness and timeliness over those months, and the mean capped
// achievement as of each venture's last month in them.
std::map<std::string, std::vector<VentureRecord>> monitoring_records(store::Store& store, const config::Config& config,
                                                                     const std::set<std::string>& orgs, Period first,
                                                                     Period last, Date as_of)
{
    std::map<std::string, std::string> org_of;  // venture → organization, for the orgs asked
    store::Statement ventures(store.db(), "SELECT code, org FROM venture WHERE starts <= ? AND ends >= ?");
    ventures.bind(1, last.to_string());
    ventures.bind(2, first.to_string());
    while (ventures.step()) {
        if (orgs.contains(ventures.column(1).get_string())) {
            org_of[ventures.column(0).get_string()] = ventures.column(1).get_string();
        }
    }
    std::map<std::string, reporting::GroupFigures> figures;
    std::map<std::string, Period> last_month;
    reporting::for_each_venture_month(store, config, first, last, as_of, [&](const reporting::VentureMonth& month) {
        if (!org_of.contains(month.venture)) {
            return;
        }
        figures[month.venture].count(month.status);
        last_month.insert_or_assign(month.venture, month.period);
    });
    // The achievements, from the monthly report of each venture's last month.
    std::map<Period, std::set<std::string>> by_month;
    for (const auto& [venture, period] : last_month) {
        if (figures[venture].expected > 0) {
            by_month[period].insert(venture);
        }
    }
    std::map<std::string, std::vector<VentureRecord>> records;
    for (const auto& [period, only] : by_month) {
        const auto report = reporting::monthly_report(store, config, period, as_of, std::nullopt, &only);
        for (const auto& progress : report.ventures) {
            std::vector<std::optional<double>> achievements;
            for (const auto& indicator : progress.indicators) {
                achievements.push_back(indicator.achievement);
            }
            const auto& counted = figures[progress.code];
            records[org_of[progress.code]].push_back({progress.code, counted.completeness(), counted.timeliness(),
                                                      reporting::mean_capped_achievement(achievements)});
        }
    }
    return records;
}

}  // namespace

Period history_last(Date closes_on)
{
    return closes_on.period().add_months(-1);
}

Period history_first(Date closes_on)
{
    return history_last(closes_on).add_months(1 - past_performance_months);
}

// Long, as it follows the protocol's order over one set of offers read once: the call, the
// formal checks, the reviewers' points and conflicts, past performance, the ranking.
CallAssessment assess_call(store::Store& store, const config::Config& config, const std::string& code)
{
    auto& db = store.db();
    store::Statement call(db, "SELECT c.code, c.title, c.program, c.opens_on, c.closes_on, c.pool, c.min_own_share,"
                              " c.threshold, c.criteria, p.year, p.mode FROM call c"
                              " JOIN program p ON p.code = c.program WHERE c.code = ?");
    call.bind(1, code);
    if (!call.step()) {
        throw Error(Exit::data, code, Message("register.no_key", {{"entity", Message("entity.call.genitive")}}));
    }
    CallAssessment result;
    result.code = call.column(0).get_string();
    result.title = call.column(1).get_string();
    result.program = call.column(2).get_string();
    result.opens_on = Date::parse(call.column(3).get_string());
    result.closes_on = Date::parse(call.column(4).get_string());
    result.pool = Money::from_grosze(call.column(5).get_int64());
    result.min_own_share = call.column(6).get_double();
    result.threshold = call.column(7).get_double();
    result.criteria = criteria_of(call.column(8).get_string());
    result.max_points = max_points(result.criteria);
    result.threshold_points = threshold_points(result.threshold, result.max_points);
    CallTerms terms;
    terms.opens_on = result.opens_on;
    terms.closes_on = result.closes_on;
    terms.min_own_share = result.min_own_share;
    terms.program_year = call.column(9).get_int();
    terms.small_grant = call.column(10).get_string() == "small_grant";

    store::Statement reviewers(db, "SELECT code, name, conflicts FROM reviewer WHERE call = ? ORDER BY code");
    reviewers.bind(1, result.code);
    while (reviewers.step()) {
        result.reviewers.push_back({reviewers.column(0).get_string(), reviewers.column(1).get_string(),
                                    json_list(reviewers.column(2).get_string())});
    }

    std::map<std::string, std::size_t> criterion_order;
    for (std::size_t i = 0; i < result.criteria.size(); ++i) {
        criterion_order[result.criteria[i].code] = i;
    }
    std::map<std::string, std::vector<Points>> points;
    store::Statement scores(db, "SELECT s.offer, s.reviewer, s.criterion, s.points FROM score s"
                                " JOIN offer o ON o.code = s.offer WHERE o.call = ? ORDER BY s.offer, s.reviewer");
    scores.bind(1, result.code);
    while (scores.step()) {
        points[scores.column(0).get_string()].push_back({scores.column(1).get_string(), scores.column(2).get_string(),
                                                         to_hundredths(scores.column(3).get_double())});
    }

    store::Statement offers(
        db, "SELECT o.code, o.org, g.name, o.title, o.submitted_on, o.requested, coalesce(o.own_funds, 0),"
            " coalesce(o.in_kind, 0), o.starts, o.ends, g.status, coalesce(e.eligible, 1),"
            " (SELECT coalesce(sum(planned), 0) FROM offer_budget b WHERE b.offer = o.code),"
            " (SELECT amount FROM offer_award a WHERE a.offer = o.code)"
            " FROM offer o JOIN org g ON g.code = o.org LEFT JOIN legal_form_grant e ON e.legal_form = g.legal_form"
            " WHERE o.call = ? ORDER BY o.code");
    offers.bind(1, result.code);
    while (offers.step()) {
        OfferAssessment offer;
        offer.code = offers.column(0).get_string();
        offer.org = offers.column(1).get_string();
        offer.org_name = offers.column(2).get_string();
        offer.title = offers.column(3).get_string();
        offer.submitted_on = Date::parse(offers.column(4).get_string());
        offer.requested = Money::from_grosze(offers.column(5).get_int64());
        OfferTerms offer_terms;
        offer_terms.submitted_on = offer.submitted_on;
        offer_terms.requested = offer.requested;
        offer_terms.own_funds = Money::from_grosze(offers.column(6).get_int64());
        offer_terms.in_kind = Money::from_grosze(offers.column(7).get_int64());
        offer_terms.starts = Period::parse(offers.column(8).get_string());
        offer_terms.ends = Period::parse(offers.column(9).get_string());
        offer_terms.org_status = offers.column(10).get_string();
        offer_terms.legal_form_eligible = offers.column(11).get_int() != 0;
        offer_terms.budget_total = Money::from_grosze(offers.column(12).get_int64());
        if (!offers.column(13).is_null()) {
            offer.awarded = Money::from_grosze(offers.column(13).get_int64());
        }
        offer.formal = formal_check(terms, offer_terms);
        offer.formally_passed = formally_passed(offer.formal);
        offer.points = std::move(points[offer.code]);
        std::stable_sort(offer.points.begin(), offer.points.end(), [&](const Points& a, const Points& b) {
            return a.reviewer != b.reviewer ? a.reviewer < b.reviewer
                                            : criterion_order[a.criterion] < criterion_order[b.criterion];
        });
        result.offers.push_back(std::move(offer));
    }

    // Past performance, for the offers that passed the formal check.
    const auto past = std::find_if(result.criteria.begin(), result.criteria.end(), [](const Criterion& criterion) {
        return criterion.kind == CriterionKind::past_performance;
    });
    std::map<std::string, std::vector<VentureRecord>> history;
    if (past != result.criteria.end()) {
        std::set<std::string> orgs;
        for (const auto& offer : result.offers) {
            if (offer.formally_passed) {
                orgs.insert(offer.org);
            }
        }
        history = monitoring_records(store, config, orgs, history_first(result.closes_on),
                                     history_last(result.closes_on), result.closes_on);
    }

    std::vector<Standing> standings;
    for (auto& offer : result.offers) {
        if (offer.formally_passed) {
            std::set<std::string> conflicted;
            for (const auto& reviewer : result.reviewers) {
                if (std::find(reviewer.conflicts.begin(), reviewer.conflicts.end(), offer.org) !=
                    reviewer.conflicts.end()) {
                    conflicted.insert(reviewer.code);
                }
            }
            offer.merit = merit(result.criteria, offer.points, conflicted);
            if (past != result.criteria.end()) {
                offer.past = past_performance(history[offer.org], past->max_points);
            }
            if (offer.merit.mean_total) {
                offer.score = *offer.merit.mean_total + (offer.past ? offer.past->points : 0);
            }
        }
        standings.push_back({offer.code, offer.submitted_on, offer.requested, offer.score, false, std::nullopt, {}});
    }
    const auto ranked = rank_and_propose(std::move(standings), result.threshold_points, result.pool);
    std::map<std::string, OfferAssessment> by_code;
    for (auto& offer : result.offers) {
        by_code.emplace(offer.code, std::move(offer));
    }
    result.offers.clear();
    for (const auto& standing : ranked) {
        auto& offer = by_code.at(standing.code);
        offer.qualified = standing.qualified;
        offer.rank = standing.rank;
        offer.proposed = standing.proposed;
        result.offers.push_back(std::move(offer));
    }
    return result;
}

void fields(const OfferAssessment& offer, render::Fields& out)
{
    out("code", offer.code)("org", offer.org)("formal", offer.formally_passed ? "passed" : "formally_rejected");
    out("score", points_number(offer.score))("qualified", offer.qualified)("rank", offer.rank);
    out("proposed", offer.proposed);
}

void fields(const CallAssessment& assessment, render::Fields& out)
{
    out("call", assessment.code)("pool", assessment.pool)("max_points", points_number(assessment.max_points));
    out("threshold_points", points_number(assessment.threshold_points))("offers", assessment.offers);
}

// Long, as one audited transaction turns each awarded offer into a venture with its budget
// lines and targets, checking each step against what is already there.
AwardOutcome award_offers(store::Store& store, const config::Config& config, const std::string& code,
                          const std::map<std::string, Money>& amounts, Date awarded_on)
{
    const auto assessment = assess_call(store, config, code);
    std::map<std::string, const OfferAssessment*> by_code;
    for (const auto& offer : assessment.offers) {
        by_code[offer.code] = &offer;
    }
    for (const auto& [offer, amount] : amounts) {
        const auto found = by_code.find(offer);
        if (found == by_code.end()) {
            throw Error(Exit::data, offer, Message("award.not_in_call", {{"call", assessment.code}}));
        }
        if (amount.grosze() > 0 && !found->second->formally_passed) {
            throw Error(Exit::data, offer, Message("award.formally_rejected"));
        }
        if (amount > found->second->requested) {
            throw Error(Exit::data, offer, Message("award.above_request", {{"requested", found->second->requested}}));
        }
    }
    AwardOutcome outcome;
    Money total;
    std::vector<std::pair<const OfferAssessment*, Money>> to_award;
    for (const auto& offer : assessment.offers) {
        const auto given = amounts.find(offer.code);
        const Money amount = offer.awarded ? *offer.awarded : given != amounts.end() ? given->second : offer.proposed;
        if (amount.grosze() <= 0) {
            continue;
        }
        total += amount;
        if (offer.awarded) {
            outcome.already_awarded.push_back(offer.code);
        } else {
            to_award.emplace_back(&offer, amount);
        }
    }
    if (total > assessment.pool) {
        throw Error(Exit::data, assessment.code,
                    Message("award.above_pool", {{"total", total}, {"pool", assessment.pool}}));
    }
    registry::Register reg(store, config);
    const auto& venture = *registry::find_entity("venture");
    auto& db = store.db();
    for (const auto& chosen : to_award) {
        const OfferAssessment* offer = chosen.first;  // a plain variable: the lambda below refers to it
        const Money amount = chosen.second;
        store::Statement taken(db, "SELECT 1 FROM venture WHERE code = ?");
        taken.bind(1, offer->code);
        if (taken.step()) {
            throw Error(Exit::data, offer->code, Message("award.venture_exists"));
        }
        store::Statement row(db, "SELECT org, title, sphere, districts, starts, ends, own_funds, in_kind FROM offer"
                                 " WHERE code = ?");
        row.bind(1, offer->code);
        row.step();
        nlohmann::ordered_json fields = {{"code", offer->code},
                                         {"org", row.column(0).get_string()},
                                         {"program", assessment.program},
                                         {"title", row.column(1).get_string()},
                                         {"sphere", row.column(2).get_string()},
                                         {"districts", nlohmann::ordered_json::parse(row.column(3).get_string())},
                                         {"starts", row.column(4).get_string()},
                                         {"ends", row.column(5).get_string()},
                                         {"status", "active"},
                                         {"grant", amount.to_machine()}};
        for (const auto& [index, name] : {std::pair{6, "own_funds"}, std::pair{7, "in_kind"}}) {
            if (!row.column(index).is_null()) {
                fields[name] = Money::from_grosze(row.column(index).get_int64()).to_machine();
            }
        }
        const auto add = [&](const registry::EntitySpec& entity, const nlohmann::ordered_json& values) {
            std::vector<Problem> problems;
            const auto record = reg.parse(entity, values, 0, problems);
            if (!record) {
                throw BatchError("register offer award " + offer->code, std::move(problems));
            }
            reg.upsert(entity, *record);
        };
        add(venture, fields);
        store::Statement lines(db, fmt::format("SELECT category, source, planned FROM offer_budget WHERE offer = ? "
                                               "ORDER BY {}",
                                               store::insertion_order(db.dialect())));
        lines.bind(1, offer->code);
        while (lines.step()) {
            add(*registry::find_entity("budget"),
                {{"venture", offer->code},
                 {"category", lines.column(0).get_string()},
                 {"source", lines.column(1).get_string()},
                 {"planned", Money::from_grosze(lines.column(2).get_int64()).to_machine()}});
        }
        store::Statement targets(
            db, fmt::format("SELECT indicator, baseline, target FROM offer_target WHERE offer = ? ORDER BY {}",
                            store::insertion_order(db.dialect())));
        targets.bind(1, offer->code);
        while (targets.step()) {
            add(*registry::find_entity("target"), {{"venture", offer->code},
                                                   {"indicator", targets.column(0).get_string()},
                                                   {"baseline", targets.column(1).get_double()},
                                                   {"target", targets.column(2).get_double()}});
        }
        store::Statement award(db, "INSERT INTO offer_award (offer, venture, amount, awarded_on) VALUES (?, ?, ?, ?)");
        award.bind(1, offer->code);
        award.bind(2, offer->code);
        award.bind(3, amount.grosze());
        award.bind(4, awarded_on.to_string());
        award.exec();
        store.audit_text("offer_award", offer->code, "insert", std::nullopt,
                         nlohmann::ordered_json{{"offer", offer->code},
                                                {"venture", offer->code},
                                                {"amount", amount.to_zloty()},
                                                {"awarded_on", awarded_on.to_string()}}
                             .dump());
        outcome.awarded.emplace_back(offer->code, amount);
    }
    return outcome;
}

}  // namespace toro::grants
