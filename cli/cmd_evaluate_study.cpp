// toro evaluate create | list | show | import | export | summary: evaluation studies among
// users, would-be users and officials (docs/evaluation.md).

#include "commands.hpp"
#include "instrument_commands.hpp"

#include "survey/catalogue.hpp"
#include "survey/documents.hpp"

namespace toro::cli {
namespace {

constexpr auto summary_formats = {render::Format::table, render::Format::csv,   render::Format::tsv,
                                  render::Format::json,  render::Format::jsonl, render::Format::md,
                                  render::Format::html,  render::Format::xlsx};

void set_summary(CLI::App& evaluate, Context& context)
{
    struct Options {
        std::string code;
        SelectionOptions selection;
    };
    auto options = std::make_shared<Options>();
    auto* summary = evaluate.add_subcommand(
        "summary", "A study's results per criterion and group: means, intervals, α, Kruskal–Wallis, NPS, texts");
    set_example(*summary, "toro evaluate summary EWAL-2026 --format html -o evaluation.html");
    summary->add_option("CODE", options->code, "The study's code")->required();
    summary->add_option("--wave", options->selection.wave, "Only this wave (default: every wave)");
    summary->callback([&context, options] {
        auto& store = context.store();
        const auto instrument = survey::stored_instrument(store, options->code, survey::Kind::evaluation);
        const auto selection = options->selection.selection();
        const auto answers = survey::load_answers(store, instrument, selection);
        const auto texts = survey::load_texts(store, instrument, selection);
        const auto result = survey::summarise_study(instrument, answers, texts);
        context.emit(survey::summary_document(instrument, result, context.lang()), summary_formats);
    });
}

}  // namespace

void set_evaluate_study(CLI::App& evaluate, Context& context)
{
    add_instrument_commands(evaluate, context, survey::Kind::evaluation,
                            {"toro evaluate create ewal-2027.toml", "toro evaluate list",
                             "toro evaluate show EWAL-2026", "toro evaluate import EWAL-2026 answers.csv --wave 2026",
                             "toro evaluate export EWAL-2026 --format json -o answers.json"});
    set_summary(evaluate, context);
}

}  // namespace toro::cli
