#pragma once
// Instruments, gap analyses, training plans and study summaries as render models
// (docs/survey.md, docs/evaluation.md): tables, charts and JSON built from the models. Headings
// and words are in `lang` (human formats); machine formats keep the codes.

#include "render/model.hpp"
#include "survey/catalogue.hpp"
#include "survey/gaps.hpp"
#include "survey/instrument.hpp"
#include "survey/responses.hpp"
#include "survey/study.hpp"

#include <string>
#include <vector>

namespace toro::survey {

// `survey list`, `evaluate list`: the instruments loaded, with their counts.
render::Document instruments_document(const std::vector<InstrumentSummary>& instruments, Lang lang);

// `survey show`, `evaluate show`: one instrument's head, areas and items.
render::Document instrument_document(const Instrument& instrument, Lang lang);

// `survey gaps`: the areas (or, `by` "item", the items) with their gaps, the comparison of two
// groups when `compared`, and the charts of levels and of importance against gap.
render::Document gaps_document(const Instrument& instrument, const Selection& selection, const GapAnalysis& analysis,
                               const std::string& by, bool compared, Lang lang);

// `survey recommend`: the areas above the threshold and the modules that answer them.
render::Document plan_document(const Instrument& instrument, const Selection& selection, const TrainingPlan& plan,
                               Lang lang);

// `evaluate summary`: a study's results per criterion and group (the tables that have rows)
// and the chart of its means with their intervals.
render::Document summary_document(const Instrument& instrument, const StudySummary& summary, Lang lang);

// NaN becomes an empty cell.
render::Cell number_cell(double value);
// Cronbach's α of `items` items answered in full by `respondents`; where it cannot be computed,
// people read why (one item, too few complete answers, no variance) and machines an empty cell.
render::Cell alpha_cell(double alpha, std::size_t items, std::size_t respondents);

}  // namespace toro::survey
