#include "evaluation/training.hpp"

#include "core/error.hpp"
#include "stats/stats.hpp"

#include "store/database.hpp"

#include <cstdint>

namespace toro::evaluation {
namespace {

std::optional<double> optional_column(const store::Column& column)
{
    return column.is_null() ? std::nullopt : std::optional(column.get_double());
}

}  // namespace

TrainingEvaluation training_figures(const std::string& training, double max_score,
                                    const std::vector<Participant>& participants)
{
    TrainingEvaluation evaluation;
    evaluation.training = training;
    evaluation.max_score = max_score;
    std::vector<double> pre;
    std::vector<double> post;
    std::vector<double> gain;
    std::vector<double> satisfaction;
    for (const auto& participant : participants) {
        if (!participant.pre || !participant.post) {
            continue;
        }
        pre.push_back(*participant.pre);
        post.push_back(*participant.post);
        gain.push_back(*participant.post - *participant.pre);
        if (participant.satisfaction) {
            satisfaction.push_back(*participant.satisfaction);
        }
    }
    evaluation.n = pre.size();
    evaluation.mean_pre = stats::mean(pre);
    evaluation.mean_post = stats::mean(post);
    evaluation.mean_gain = stats::mean(gain);
    const double headroom = max_score - evaluation.mean_pre;
    if (headroom != 0) {
        evaluation.normalized_gain = (evaluation.mean_post - evaluation.mean_pre) / headroom;
    }
    const auto t = stats::paired_t(post, pre);
    evaluation.t = t.t;
    evaluation.df = t.df;
    evaluation.p_t = t.p;
    evaluation.p_wilcoxon = stats::wilcoxon(post, pre).p;
    evaluation.mean_satisfaction = stats::mean(satisfaction);
    return evaluation;
}

TrainingEvaluation evaluate_training(store::Store& store, const std::string& code)
{
    store::Statement training(store.db(), "SELECT title, max_score FROM training WHERE code = ?");
    training.bind(1, code);
    if (!training.step()) {
        throw Error(Exit::data, code, Message("register.no_code", {{"entity", Message("entity.training.genitive")}}));
    }
    const std::string title = training.column(0).get_string();
    const double max_score = training.column(1).get_double();
    store::Statement attendance(store.db(), "SELECT pre_score, post_score, satisfaction FROM attendance "
                                            "WHERE training = ? ORDER BY participant");
    attendance.bind(1, code);
    std::vector<Participant> participants;
    while (attendance.step()) {
        participants.push_back({optional_column(attendance.column(0)), optional_column(attendance.column(1)),
                                optional_column(attendance.column(2))});
    }
    auto evaluation = training_figures(code, max_score, participants);
    evaluation.title = title;
    return evaluation;
}

void fields(const TrainingEvaluation& evaluation, render::Fields& out)
{
    std::optional<std::int64_t> df;  // a whole number of degrees of freedom
    if (std::isfinite(evaluation.df)) {
        df = static_cast<std::int64_t>(evaluation.df);
    }
    out("training", evaluation.training)("n", evaluation.n)("mean_pre", evaluation.mean_pre);
    out("mean_post", evaluation.mean_post)("mean_gain", evaluation.mean_gain);
    out("normalized_gain", evaluation.normalized_gain)("t", evaluation.t)("df", df)("p_t", evaluation.p_t);
    out("p_wilcoxon", evaluation.p_wilcoxon)("mean_satisfaction", evaluation.mean_satisfaction);
}

}  // namespace toro::evaluation
