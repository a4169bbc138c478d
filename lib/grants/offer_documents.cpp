#include "grants/offer_documents.hpp"

#include <algorithm>

namespace toro::grants {
namespace {

render::Column column(Lang lang, const char* key)
{
    return {key, say(lang, Key::composed(std::string("grants.column.") + key))};
}

render::Cell points_cell(std::optional<Hundredths> points)
{
    return points ? render::Cell(static_cast<double>(*points) / 100.0) : render::Cell();
}

render::Term org_term(const OfferAssessment& offer)
{
    return {offer.org, Message("value.code_name", {{"code", offer.org}, {"name", offer.org_name}})};
}

render::Term formal_term(bool passed)
{
    return render::term("grants.formal.", passed ? "passed" : "formally_rejected");
}

std::string joined(const std::vector<std::string>& codes)
{
    std::string text;
    for (const auto& code : codes) {
        text += (text.empty() ? "" : ", ") + code;
    }
    return text;
}

render::Table call_table(const CallAssessment& assessment, Lang lang)
{
    render::Table table;
    table.name = "call";
    table.title = say(lang, "grants.section.call");
    table.record = true;
    for (const char* key : {"call", "title", "program", "opens_on", "closes_on", "pool", "min_own_share", "max_points",
                            "threshold_points"}) {
        table.columns.push_back(column(lang, key));
    }
    table.rows.push_back({assessment.code, assessment.title, assessment.program, assessment.opens_on,
                          assessment.closes_on, assessment.pool, render::Fraction{assessment.min_own_share},
                          points_cell(assessment.max_points), points_cell(assessment.threshold_points)});
    return table;
}

render::Table criteria_table(const CallAssessment& assessment, Lang lang)
{
    render::Table table;
    table.name = "criteria";
    table.title = say(lang, "grants.section.criteria");
    for (const char* key : {"criterion", "name", "max_points", "kind"}) {
        table.columns.push_back(column(lang, key));
    }
    for (const auto& criterion : assessment.criteria) {
        table.rows.push_back({criterion.code, criterion.name, points_cell(criterion.max_points),
                              render::term("grants.criterion.",
                                           criterion.kind == CriterionKind::scored ? "scored" : "past_performance")});
    }
    return table;
}

render::Table formal_table(const CallAssessment& assessment, Lang lang)
{
    render::Table table;
    table.name = "formal";
    table.title = say(lang, "grants.section.formal");
    for (const char* key : {"offer", "org", "submitted_on"}) {
        table.columns.push_back(column(lang, key));
    }
    if (!assessment.offers.empty()) {
        for (const auto& result : assessment.offers.front().formal) {
            const auto name = formal_check_name(result.check);
            table.columns.push_back({name, say(lang, Key::composed("grants.check." + name))});
        }
    }
    table.columns.push_back(column(lang, "formal"));
    auto by_code = assessment.offers;
    std::sort(by_code.begin(), by_code.end(), [](const auto& a, const auto& b) { return a.code < b.code; });
    for (const auto& offer : by_code) {
        std::vector<render::Cell> row = {offer.code, org_term(offer), offer.submitted_on};
        for (const auto& result : offer.formal) {
            row.emplace_back(render::term("grants.check_result.", result.passed ? "passed" : "failed"));
        }
        row.emplace_back(formal_term(offer.formally_passed));
        table.rows.push_back(std::move(row));
    }
    return table;
}

render::Table points_table(const CallAssessment& assessment, Lang lang)
{
    render::Table table;
    table.name = "points";
    table.title = say(lang, "grants.section.points");
    for (const char* key : {"offer", "reviewer", "criterion", "points", "counted"}) {
        table.columns.push_back(column(lang, key));
    }
    auto by_code = assessment.offers;
    std::sort(by_code.begin(), by_code.end(), [](const auto& a, const auto& b) { return a.code < b.code; });
    for (const auto& offer : by_code) {
        for (const auto& given : offer.points) {
            const bool excluded =
                std::find(offer.merit.excluded_reviewers.begin(), offer.merit.excluded_reviewers.end(),
                          given.reviewer) != offer.merit.excluded_reviewers.end();
            const char* counted = !offer.formally_passed ? "formally_rejected" : excluded ? "conflict" : "counted";
            table.rows.push_back({offer.code, given.reviewer, given.criterion, points_cell(given.points),
                                  render::term("grants.counted.", counted)});
        }
    }
    return table;
}

render::Table conflicts_table(const CallAssessment& assessment, Lang lang)
{
    render::Table table;
    table.name = "conflicts";
    table.title = say(lang, "grants.section.conflicts");
    for (const char* key : {"reviewer", "name", "org", "offers"}) {
        table.columns.push_back(column(lang, key));
    }
    for (const auto& reviewer : assessment.reviewers) {
        for (const auto& org : reviewer.conflicts) {
            std::vector<std::string> offers;
            for (const auto& offer : assessment.offers) {
                if (offer.org == org) {
                    offers.push_back(offer.code);
                }
            }
            std::sort(offers.begin(), offers.end());
            table.rows.push_back({reviewer.code, reviewer.name, org, offers});
        }
    }
    return table;
}

render::Table past_table(const CallAssessment& assessment, Lang lang)
{
    render::Table table;
    table.name = "past_performance";
    table.title = say(lang, "grants.section.past_performance");
    for (const char* key : {"offer", "org", "ventures", "value", "points", "basis"}) {
        table.columns.push_back(column(lang, key));
    }
    for (const auto& offer : assessment.offers) {
        if (!offer.past) {
            continue;
        }
        std::vector<std::string> ventures;
        for (const auto& venture : offer.past->ventures) {
            ventures.push_back(venture.code);
        }
        table.rows.push_back({offer.code, org_term(offer), ventures,
                              offer.past->value ? render::Cell(render::Fraction{*offer.past->value}) : render::Cell(),
                              points_cell(offer.past->points),
                              render::term("grants.basis.", offer.past->history() ? "history" : "no_history")});
    }
    return table;
}

render::Table ranking_table(const CallAssessment& assessment, Lang lang)
{
    render::Table table;
    table.name = "ranking";
    table.title = say(lang, "grants.section.ranking");
    for (const char* key :
         {"rank", "offer", "org", "title", "formal", "score", "qualified", "requested", "proposed", "note"}) {
        table.columns.push_back(column(lang, key));
    }
    for (const auto& offer : assessment.offers) {
        render::Cell note;
        if (!offer.formally_passed) {
            std::vector<std::string> failed;
            for (const auto& result : offer.formal) {
                if (!result.passed) {
                    failed.push_back(formal_check_name(result.check));
                }
            }
            auto checks = render::term_list("grants.check.", failed);
            note = render::Term{checks.code, Message("grants.note.failed", {{"checks", checks.words}})};
        } else if (!offer.merit.complete()) {
            note = render::Term{
                "incomplete",
                offer.merit.short_criteria.empty()
                    ? Message("grants.incomplete_reviewers", {{"reviewers", joined(offer.merit.partial_reviewers)}})
                    : Message("grants.incomplete", {{"criteria", joined(offer.merit.short_criteria)}})};
        } else if (!offer.qualified) {
            note = render::term("grants.note.", "below_threshold");
        } else if (offer.proposed.grosze() > 0 && offer.proposed < offer.requested) {
            note = render::term("grants.note.", "rest_of_pool");
        } else if (offer.proposed.grosze() == 0) {
            note = render::term("grants.note.", "pool_exhausted");
        }
        table.rows.push_back({offer.rank ? render::Cell(*offer.rank) : render::Cell(), offer.code, org_term(offer),
                              offer.title, formal_term(offer.formally_passed), points_cell(offer.score),
                              offer.qualified, offer.requested, offer.proposed, note});
    }
    return table;
}

}  // namespace

render::Document protocol_document(const CallAssessment& assessment, Lang lang)
{
    render::Document document;
    document.title = say(lang, "grants.protocol.title", {{"code", assessment.code}, {"title", assessment.title}});
    document.shape = render::Shape::sections;
    document.tables.push_back(call_table(assessment, lang));
    document.tables.push_back(criteria_table(assessment, lang));
    document.tables.push_back(formal_table(assessment, lang));
    document.tables.push_back(points_table(assessment, lang));
    document.tables.push_back(conflicts_table(assessment, lang));
    if (std::any_of(assessment.offers.begin(), assessment.offers.end(), [](const auto& offer) { return offer.past; })) {
        document.tables.push_back(past_table(assessment, lang));
    }
    document.tables.push_back(ranking_table(assessment, lang));
    render::set_json(document, assessment);
    return document;
}

render::Document results_document(const CallAssessment& assessment, Lang lang)
{
    const bool awarded = std::any_of(assessment.offers.begin(), assessment.offers.end(),
                                     [](const auto& offer) { return offer.awarded; });
    render::Document document;
    if (awarded) {
        document.title = say(lang, "grants.results.title", {{"code", assessment.code}, {"title", assessment.title}});
    } else {
        document.title =
            say(lang, "grants.results.title_proposed", {{"code", assessment.code}, {"title", assessment.title}});
    }
    render::Table table;
    table.name = "results";
    for (const char* key : {"org_name", "title", "amount"}) {
        table.columns.push_back(column(lang, key));
    }
    for (const auto& offer : assessment.offers) {
        const Money amount = awarded ? offer.awarded.value_or(Money()) : offer.proposed;
        table.rows.push_back({offer.org_name, offer.title, amount});
    }
    document.tables.push_back(std::move(table));
    return document;
}

}  // namespace toro::grants
