#pragma once
// The pre/post evaluation of one training (docs/evaluation.md): over
// the participants with both scores, the means, the class-average normalised gain, the paired
// t test and the Wilcoxon signed-rank test of post against pre, and the mean satisfaction.

#include "render/fields.hpp"
#include "store/store.hpp"

#include <cmath>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace toro::evaluation {

// One attendance row; a missing score or rating is none.
struct Participant {
    std::optional<double> pre;
    std::optional<double> post;
    std::optional<double> satisfaction;
};

// Every figure is NaN where the data leave it undefined (docs/evaluation.md).
struct TrainingEvaluation {
    std::string training;
    std::string title;
    double max_score = 100;
    std::size_t n = 0;  // participants with both scores
    double mean_pre = NAN;
    double mean_post = NAN;
    double mean_gain = NAN;
    double normalized_gain = NAN;  // (mean_post − mean_pre) / (max_score − mean_pre)
    double t = NAN;                // ttest_rel(post, pre)
    double df = NAN;
    double p_t = NAN;
    double p_wilcoxon = NAN;         // wilcoxon(post, pre), zero_method "wilcox", no correction, approx
    double mean_satisfaction = NAN;  // of those participants who also gave a rating
};

// The figures of `participants` for a training whose scores run up to `max_score`.
TrainingEvaluation training_figures(const std::string& training, double max_score,
                                    const std::vector<Participant>& participants);

// The evaluation of the training `code` from the store. Throws Error(Exit::data) when there is
// no such training.
TrainingEvaluation evaluate_training(store::Store& store, const std::string& code);

// How the evaluation reads in JSON (render/fields.hpp): `evaluate training --format json`
// (schemas/evaluate-training.schema.json), one object, NaN written as null, df as a whole number.
void fields(const TrainingEvaluation& evaluation, render::Fields& out);

}  // namespace toro::evaluation
