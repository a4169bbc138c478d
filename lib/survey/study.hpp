#pragma once
// The summary of an evaluation study (docs/evaluation.md): per criterion and group the
// respondents' scores (n, mean, sd, 95 % Student t interval, median), Cronbach's α per
// criterion, Kruskal–Wallis across groups, pairwise Mann–Whitney with Holm's adjustment, the
// net promoter score, and the text answers.

#include "survey/instrument.hpp"
#include "survey/responses.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace toro::survey {

// NaN marks a figure without data.
struct CriterionGroup {
    std::string criterion;
    std::string group;
    std::size_t n = 0;
    double mean = 0;
    double sd = 0;
    double ci_low = 0;
    double ci_high = 0;
    double median = 0;
};

struct CriterionAlpha {
    std::string criterion;
    std::size_t k = 0;  // items
    std::size_t n = 0;  // respondents who answered all of them
    double alpha = 0;
};

struct CriterionKruskal {
    std::string criterion;
    double h = 0;
    std::size_t df = 0;
    double p = 0;
};

struct CriterionPair {
    std::string criterion;
    std::string group_a;
    std::string group_b;
    double u = 0;
    double p = 0;
    double p_holm = 0;
};

struct NetPromoter {
    std::size_t n = 0;
    std::size_t promoters = 0;   // 9–10
    std::size_t passives = 0;    // 7–8
    std::size_t detractors = 0;  // 0–6
    double nps = 0;              // (promoters − detractors) / n × 100
};

struct ChoiceCount {
    std::string item;
    std::string group;
    std::string answer;
    std::size_t count = 0;
};

struct StudySummary {
    std::vector<CriterionGroup> criteria;  // criteria in the instrument's order, then groups
    std::vector<CriterionAlpha> alpha;
    std::vector<CriterionKruskal> kruskal;
    std::vector<CriterionPair> pairwise;
    std::optional<NetPromoter> nps;    // when the study has an nps item
    std::vector<TextAnswer> texts;     // answers to text items
    std::vector<ChoiceCount> choices;  // answers to choice items, counted
};

// The criteria the study's items name, in the order of their first item.
std::vector<std::string> study_criteria(const Instrument& instrument);

// Every figure of `evaluate summary`. `texts` are the text and choice answers (load_texts).
StudySummary summarise_study(const Instrument& instrument, const Answers& answers,
                             const std::vector<TextAnswer>& texts);

// `evaluate summary` as machines read it: the summary of an instrument's study, which it
// refers to.
struct SummaryReport {
    const Instrument& instrument;
    const StudySummary& summary;
};

// How they read in JSON (render/fields.hpp, docs/evaluation.md): NaN is null, a study without
// an nps item has a null nps; the counted choices are left to the tables.
void fields(const CriterionGroup& group, render::Fields& out);
void fields(const CriterionAlpha& alpha, render::Fields& out);
void fields(const CriterionKruskal& kruskal, render::Fields& out);
void fields(const CriterionPair& pair, render::Fields& out);
void fields(const NetPromoter& nps, render::Fields& out);
void fields(const SummaryReport& report, render::Fields& out);

}  // namespace toro::survey
