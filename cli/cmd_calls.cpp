// toro evaluate offers CALL [--publish] and toro register offer award CALL [--amount OFFER=PLN…]:
// the committee's protocol of an open call, its public results, and the award (docs/grants.md).

#include "commands.hpp"

#include "core/error.hpp"
#include "grants/offer_documents.hpp"
#include "grants/offers.hpp"

#include <map>
#include <memory>

namespace toro::cli {

namespace {

constexpr auto protocol_formats = {render::Format::table, render::Format::csv, render::Format::tsv,
                                   render::Format::json,  render::Format::md,  render::Format::html,
                                   render::Format::xlsx};
constexpr auto results_formats = {render::Format::table, render::Format::csv,   render::Format::tsv,
                                  render::Format::json,  render::Format::jsonl, render::Format::md,
                                  render::Format::html,  render::Format::xlsx};

}  // namespace

void set_evaluate_offers(CLI::App& evaluate, Context& context)
{
    struct Options {
        std::string call;
        bool publish = false;
    };
    auto options = std::make_shared<Options>();
    auto* offers = evaluate.add_subcommand(
        "offers", "The committee's protocol of an open call: formal check, reviewers' points, conflicts, scores, "
                  "past performance from the monitoring, ranking and the proposal within the pool");
    set_example(*offers, "toro evaluate offers OK-2027-K1 --lang pl --format html -o protokol.html");
    offers->add_option("CALL", options->call, "The call's code")->required();
    offers->add_flag("--publish", options->publish,
                     "The public list of results instead: organization, title, amount (art. 15 ust. 2h-2j)");
    offers->callback([&context, options] {
        const auto assessment = grants::assess_call(context.store(), context.config(), options->call);
        if (options->publish) {
            context.emit(grants::results_document(assessment, context.lang()), results_formats);
        } else {
            context.emit(grants::protocol_document(assessment, context.lang()), protocol_formats);
        }
    });
}

void set_offer_award(CLI::App& offer, Context& context)
{
    struct Options {
        std::string call;
        std::vector<std::string> amounts;
    };
    auto options = std::make_shared<Options>();
    auto* award = offer.add_subcommand(
        "award", "Turn the awarded offers of a call into ventures with their budget lines and targets, in one "
                 "audited transaction; offers awarded before are left as they are");
    set_example(*award, "toro register offer award OK-2027-K1 --amount OF-2027-03=30000");
    award->add_option("CALL", options->call, "The call's code")->required();
    award->add_option("--amount", options->amounts,
                      "OFFER=PLN: the amount the city awards that offer instead of the committee's proposal "
                      "(0 leaves it out); may be repeated");
    award->callback([&context, options] {
        std::map<std::string, Money> amounts;
        for (const auto& given : options->amounts) {
            const auto equals = given.find('=');
            if (equals == std::string::npos || equals == 0) {
                throw Error(Exit::usage, "--amount", Message("award.bad_amount", {{"value", given}}));
            }
            try {
                amounts[given.substr(0, equals)] = Money::parse(given.substr(equals + 1));
            } catch (const InvalidValue& error) {
                throw Error(Exit::usage, "--amount " + given, error.words());
            }
        }
        auto& store = context.store();
        store::WriteTransaction transaction(store);
        const auto outcome = grants::award_offers(store, context.config(), options->call, amounts, context.as_of());
        transaction.commit();
        for (const auto& [code, amount] : outcome.awarded) {
            context.note(Message("award.done", {{"offer", code}, {"amount", amount}}));
        }
        if (outcome.awarded.empty()) {
            context.note(Message("award.nothing", {{"call", options->call}, {"n", outcome.already_awarded.size()}}));
        }
    });
}

}  // namespace toro::cli
