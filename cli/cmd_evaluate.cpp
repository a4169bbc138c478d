// toro evaluate ventures | training, and the `evaluate` command that also holds
// the evaluation studies; see docs/evaluation.md.

#include "commands.hpp"

#include "core/error.hpp"
#include "evaluation/documents.hpp"

#include <memory>
#include <string>

namespace toro::cli {
namespace {

constexpr auto ventures_formats = {render::Format::table, render::Format::csv,  render::Format::json,
                                   render::Format::md,    render::Format::html, render::Format::xlsx};
constexpr auto training_formats = {render::Format::table, render::Format::csv, render::Format::json,
                                   render::Format::md};

void set_evaluate_ventures(CLI::App& evaluate, Context& context)
{
    struct Options {
        int year = 0;
        std::string period;
    };
    auto options = std::make_shared<Options>();
    auto* ventures = evaluate.add_subcommand(
        "ventures", "Score and rank the funded ventures: achievement, cost per unit, reporting, budget");
    set_example(*ventures, "toro evaluate ventures --year 2025 --as-of 2026-02-15 --format xlsx -o ocena-2025.xlsx");
    auto* year = ventures
                     ->add_option("--year", options->year,
                                  "A calendar year: each venture as of its last month in it before --as-of")
                     ->check(CLI::Range(1900, 2999));
    ventures->add_option("--period", options->period, "One month, YYYY-MM (default: the month before --as-of)")
        ->excludes(year);
    ventures->callback([&context, options] {
        evaluation::Scope scope;
        if (options->year != 0) {
            scope.year = options->year;
        } else if (!options->period.empty()) {
            try {
                scope.period = Period::parse(options->period);
            } catch (const InvalidValue& error) {
                throw Error(Exit::usage, "--period", error.words());
            }
        } else {
            scope.period = context.as_of().period().add_months(-1);
        }
        const auto model = evaluation::evaluate_ventures(context.store(), context.config(), scope, context.as_of());
        // json prints the evaluation's JSON alone: no tables, no names.
        if (render::writes_document_json(context.choose_format(ventures_formats))) {
            context.emit(evaluation::ventures_json_document(model, context.lang()), ventures_formats);
            return;
        }
        const auto names = evaluation::names_for(context.store(), model);
        context.emit(evaluation::ventures_document(model, context.lang(), names), ventures_formats);
    });
}

void set_evaluate_training(CLI::App& evaluate, Context& context)
{
    auto code = std::make_shared<std::string>();
    auto* training = evaluate.add_subcommand(
        "training", "Pre/post results of one training: gains, paired t and Wilcoxon tests, satisfaction");
    set_example(*training, "toro evaluate training T-2025-01 --format json");
    training->add_option("CODE", *code, "The training's code")->required();
    training->callback([&context, code] {
        context.emit(
            evaluation::training_document(evaluation::evaluate_training(context.store(), *code), context.lang()),
            training_formats);
    });
}

}  // namespace

void set_evaluate_command(CLI::App& app, Context& context)
{
    auto* evaluate = app.add_subcommand(
        "evaluate", "Evaluation: funded ventures, trainings, evaluation studies and the offers of an open call");
    evaluate->require_subcommand(1);
    set_example(*evaluate, "toro evaluate ventures --period 2026-10 --format json");
    // Evaluation studies (create, list, show, import, export, summary): cmd_evaluate_study.cpp.
    set_evaluate_study(*evaluate, context);
    set_evaluate_ventures(*evaluate, context);
    set_evaluate_training(*evaluate, context);
    set_evaluate_offers(*evaluate, context);
}

}  // namespace toro::cli
