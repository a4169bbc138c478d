// toro report final VENTURE, toro report settlement VENTURE | --all (docs/grants.md).

#include "commands.hpp"

#include "core/error.hpp"
#include "grants/documents.hpp"
#include "grants/ledger.hpp"
#include "registry/names.hpp"

#include <memory>

namespace toro::cli {
namespace {

constexpr auto grant_formats = {render::Format::table, render::Format::csv,  render::Format::tsv, render::Format::json,
                                render::Format::md,    render::Format::html, render::Format::xlsx};

}  // namespace

void set_report_grants(CLI::App& report, Context& context)
{
    {
        auto code = std::make_shared<std::string>();
        auto* final_report = report.add_subcommand(
            "final", "The draft final report of a venture: results against targets, costs by category and source");
        set_example(*final_report, "toro report final V-2025-014 --lang pl --format md -o V-2025-014-final.md");
        final_report->footer(final_report->get_footer() +
                             "\nThe actual costs come from `toro report import FILE --layout final` (columns venture, "
                             "category, source, actual).\n");
        final_report->add_option("VENTURE", *code, "The venture's code")->required();
        final_report->callback([&context, code] {
            auto& store = context.store();
            const auto report_model = grants::final_report(store, context.config(), *code, context.as_of());
            context.emit(grants::final_document(report_model, context.lang(),
                                                registry::Names::load(store, {report_model.org}, {report_model.code})),
                         grant_formats);
        });
    }
    {
        auto code = std::make_shared<std::string>();
        auto all = std::make_shared<bool>(false);
        auto* settlement = report.add_subcommand(
            "settlement", "The settlement of a venture's grant: used, to return, by when, returns, late interest");
        set_example(*settlement, "toro report settlement V-2025-014 --as-of 2026-11-11 --format json");
        settlement->add_option("VENTURE", *code, "The venture's code");
        settlement->add_flag("--all", *all, "Every venture with money due; exit 3 when a principal amount is overdue");
        settlement->callback([&context, code, all] {
            if (*all == !code->empty()) {
                throw Error(Exit::usage, "report settlement", Message("grants.venture_or_all"));
            }
            auto& store = context.store();
            if (*all) {
                const auto due = grants::settlements_due(store, context.config(), context.as_of());
                std::vector<std::string> orgs;
                std::vector<std::string> ventures;
                std::size_t overdue = 0;
                for (const auto& venture : due) {
                    orgs.push_back(venture.org);
                    ventures.push_back(venture.code);
                    overdue += venture.settlement.status == grants::SettlementStatus::overdue ? 1 : 0;
                }
                context.emit(grants::settlement_list_document(due, context.as_of(), context.lang(),
                                                              registry::Names::load(store, orgs, ventures)),
                             grant_formats);
                if (overdue > 0) {
                    throw Error(Exit::attention, context.as_of().to_string(),
                                Message("grants.settlement.overdue_count", {{"count", overdue}}));
                }
                return;
            }
            const auto one = grants::settle_venture(store, context.config(), *code, context.as_of());
            context.emit(grants::settlement_document(one, context.config().city_name, context.lang(),
                                                     registry::Names::load(store, {one.org}, {one.code})),
                         grant_formats);
        });
    }
}

}  // namespace toro::cli
