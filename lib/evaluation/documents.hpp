#pragma once
// The evaluations as render models (docs/evaluation.md): the tables, chart and JSON of
// `evaluate ventures` and `evaluate training`, built from their models. Headings and words are in
// `lang` (human formats); machine formats keep the codes and the JSON shapes of docs/evaluation.md.

#include "evaluation/training.hpp"
#include "evaluation/ventures.hpp"
#include "registry/names.hpp"
#include "render/model.hpp"
#include "store/store.hpp"

namespace toro::evaluation {

// `evaluate ventures`: the ventures in ranking order, each venture's indicators, the flags, the
// weights of the score and the chart of the scores (of a whole register, its top), with the
// evaluation's JSON, of which html and xlsx state the facts. The rows of the ventures,
// indicators and flags, like the JSON, are made as the writer asks for them, from `evaluation`
// and `names`, which must outlive the document's rendering (temporaries are refused).
render::Document ventures_document(const VenturesEvaluation& evaluation, Lang lang, const registry::Names& names);
render::Document ventures_document(const VenturesEvaluation&& evaluation, Lang lang,
                                   const registry::Names& names) = delete;
render::Document ventures_document(const VenturesEvaluation& evaluation, Lang lang,
                                   const registry::Names&& names) = delete;

// `evaluate ventures` for json: the title and the evaluation's JSON alone (no tables or names),
// made while it is written from `evaluation`, which must outlive the document's rendering.
render::Document ventures_json_document(const VenturesEvaluation& evaluation, Lang lang);
render::Document ventures_json_document(const VenturesEvaluation&& evaluation, Lang lang) = delete;

// `evaluate training`: one record of the training's figures (p-values in full for machines, to
// three decimals for people) and its JSON (schemas/evaluate-training.schema.json).
render::Document training_document(const TrainingEvaluation& evaluation, Lang lang);

// The names `ventures_document` shows: the organizations and ventures evaluated, with the
// register's indicators.
registry::Names names_for(store::Store& store, const VenturesEvaluation& evaluation);

}  // namespace toro::evaluation
