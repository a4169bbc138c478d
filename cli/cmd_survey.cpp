// toro survey create | list | show | import | gaps | recommend | export (docs/survey.md).

#include "commands.hpp"
#include "instrument_commands.hpp"

#include "survey/catalogue.hpp"
#include "survey/documents.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

namespace toro::cli {
namespace {

constexpr auto analysis_formats = {render::Format::table, render::Format::csv,   render::Format::tsv,
                                   render::Format::json,  render::Format::jsonl, render::Format::md,
                                   render::Format::html,  render::Format::xlsx};

// "A,B": the two groups of --compare.
std::pair<std::string, std::string> parse_compare(const std::string& text)
{
    const auto comma = text.find(',');
    if (comma == std::string::npos || comma == 0 || comma + 1 == text.size() ||
        text.find(',', comma + 1) != std::string::npos) {
        throw Error(Exit::usage, "--compare", Message("survey.compare_shape", {{"text", text}}));
    }
    auto groups = std::make_pair(text.substr(0, comma), text.substr(comma + 1));
    if (groups.first == groups.second) {
        throw Error(Exit::usage, "--compare", Message("survey.compare_same"));
    }
    return groups;
}

void set_gaps(CLI::App& survey, Context& context)
{
    struct Options {
        std::string code;
        SelectionOptions selection;
        std::string by = "area";
        std::string compare;
    };
    auto options = std::make_shared<Options>();
    auto* gaps = survey.add_subcommand("gaps", "Competency gaps per area or item: means, MWDS, rank, Cronbach's α");
    set_example(*gaps, "toro survey gaps KOMP-2026 --compare ies,jst --format html -o gaps.html");
    gaps->add_option("CODE", options->code, "The instrument's code")->required();
    add_selection_options(*gaps, options->selection);
    gaps->add_option("--by", options->by, "The table for people and CSV: area (default) or item")
        ->check(CLI::IsMember({"area", "item"}));
    gaps->add_option("--compare", options->compare, "Two groups side by side per area, e.g. ies,jst");
    gaps->callback([&context, options] {
        std::optional<std::pair<std::string, std::string>> compare;
        if (!options->compare.empty()) {
            if (!options->selection.group.empty()) {
                throw Error(Exit::usage, "--compare", Message("survey.compare_with_group"));
            }
            compare = parse_compare(options->compare);
        }
        auto& store = context.store();
        const auto instrument = survey::stored_instrument(store, options->code, survey::Kind::competency);
        const auto selection = options->selection.selection();
        if (compare) {
            for (const auto& group : {compare->first, compare->second}) {
                if (!instrument.groups.empty() &&
                    std::find(instrument.groups.begin(), instrument.groups.end(), group) == instrument.groups.end()) {
                    throw Error(Exit::usage, "--compare",
                                Message("survey.compare_unknown_group",
                                        {{"group", group},
                                         {"code", instrument.code},
                                         {"groups", fmt::format("{}", fmt::join(instrument.groups, ", "))}}));
                }
            }
        }
        const auto answers = survey::load_answers(store, instrument, selection);
        const auto analysis = survey::analyse_gaps(instrument, answers, compare);
        context.emit(
            survey::gaps_document(instrument, selection, analysis, options->by, compare.has_value(), context.lang()),
            analysis_formats);
    });
}

void set_recommend(CLI::App& survey, Context& context)
{
    struct Options {
        std::string code;
        SelectionOptions selection;
    };
    auto options = std::make_shared<Options>();
    auto* recommend = survey.add_subcommand(
        "recommend", "The training plan: areas above the gap threshold, their modules, who needs them");
    set_example(*recommend, "toro survey recommend KOMP-2026 --group ies --format md");
    recommend->add_option("CODE", options->code, "The instrument's code")->required();
    add_selection_options(*recommend, options->selection);
    recommend->callback([&context, options] {
        auto& store = context.store();
        const auto instrument = survey::stored_instrument(store, options->code, survey::Kind::competency);
        const auto selection = options->selection.selection();
        const auto answers = survey::load_answers(store, instrument, selection);
        const auto analysis = survey::analyse_gaps(instrument, answers, std::nullopt);
        const auto plan = survey::recommend(instrument, answers, analysis, context.config());
        context.emit(survey::plan_document(instrument, selection, plan, context.lang()), analysis_formats);
    });
}

}  // namespace

void set_survey_command(CLI::App& app, Context& context)
{
    auto* survey = app.add_subcommand("survey", "Competency-gap surveys: instruments, responses, gaps, training plan");
    survey->require_subcommand(1);
    set_example(*survey, "toro survey gaps KOMP-2026 --compare ies,jst");
    add_instrument_commands(*survey, context, survey::Kind::competency,
                            {"toro survey create komp-2027.toml", "toro survey list",
                             "toro survey show KOMP-2026 --format json",
                             "toro survey import KOMP-2026 limesurvey.csv --group ies --wave 2026",
                             "toro survey export KOMP-2026 --format csv -o responses.csv"});
    set_gaps(*survey, context);
    set_recommend(*survey, context);
}

}  // namespace toro::cli
