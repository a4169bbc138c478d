// toro report annual --year Y: the yearly report on the cooperation programme (docs/reports.md).

#include "commands.hpp"

#include "reporting/documents.hpp"

#include <memory>

namespace toro::cli {
namespace {

constexpr auto annual_formats = {render::Format::table, render::Format::csv,   render::Format::tsv,
                                 render::Format::json,  render::Format::jsonl, render::Format::md,
                                 render::Format::html,  render::Format::xlsx};

}  // namespace

void set_report_annual(CLI::App& report, Context& context)
{
    auto year = std::make_shared<int>(0);
    auto* annual = report.add_subcommand("annual", "The yearly report on the cooperation programme for the council");
    set_example(*annual, "toro report annual --year 2026 --as-of 2027-03-31 --format md -o sprawozdanie-2026.md");
    annual->add_option("--year", *year, "The calendar year, 2000-2100")->required()->check(CLI::Range(2000, 2100));
    annual->callback([&context, year] {
        const auto model = reporting::annual_report(context.store(), context.config(), *year, context.as_of());
        context.emit(reporting::annual_document(model, context.lang(), reporting::names_for(context.store(), model)),
                     annual_formats);
    });
}

}  // namespace toro::cli
