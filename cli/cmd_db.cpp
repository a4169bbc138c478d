// toro db info | check | backup FILE | migrate | audit | forget (docs/cli.md, docs/operations.md).

#include "commands.hpp"
#include "validators.hpp"

#include "core/error.hpp"
#include "store/documents.hpp"
#include "store/maintenance.hpp"
#include "survey/responses.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <memory>

namespace toro::cli {
namespace {

constexpr auto listing_formats = {render::Format::table, render::Format::csv,   render::Format::tsv,
                                  render::Format::json,  render::Format::jsonl, render::Format::md};

void set_info(CLI::App& db, Context& context)
{
    auto* info = db.add_subcommand("info", "Path, schema version and row counts of the store");
    set_example(*info, "toro db info --format json");
    info->callback([&context] {
        const auto found =
            context.store().postgres() != nullptr ? context.store().postgres()->info() : store::info(context.store());
        context.emit(store::info_document(found, context.lang()), listing_formats);
    });
}

void set_check(CLI::App& db, Context& context)
{
    auto* check = db.add_subcommand("check", "Check integrity, foreign keys, schema version and reference data "
                                             "(exit 3 on problems)");
    set_example(*check, "toro db check || echo 'the store needs attention'");
    check->callback([&context] {
        std::vector<store::CheckResult> results;
        try {
            results = store::check(context.store());
        } catch (const store::DamagedStore& error) {
            // So damaged that it cannot even be opened: that is the check's finding.
            results.push_back({"integrity", false, error.words()});
        }
        const bool all_ok =
            std::all_of(results.begin(), results.end(), [](const store::CheckResult& result) { return result.ok; });
        context.emit(store::check_document(results, context.lang()), listing_formats);
        if (!all_ok) {
            throw Error(Exit::attention, context.db_path().string(), Message("db.check.problems"));
        }
    });
}

void set_backup(CLI::App& db, Context& context)
{
    auto* backup = db.add_subcommand("backup", "Write a consistent copy of the store (safe while others write)");
    set_example(*backup, "toro db backup /var/backups/toro/$(date +%F).db");
    struct Options {
        std::string target;
        bool force = false;
    };
    auto options = std::make_shared<Options>();
    backup->add_option("FILE", options->target, "Where to write the copy")->required();
    backup->add_flag("--force", options->force, "Overwrite FILE if it exists");
    backup->callback([&context, options] {
        // PostgreSQL's own tool backs up a PostgreSQL store: refused with the command to run.
        if (context.on_postgres()) {
            const auto uri = store::pg::without_password(context.config().store_path);
            throw Error(Exit::config, store::pg::masked(context.config().store_path),
                        Message("pg.backup_refused", {{"uri", uri}}));
        }
        // Never over the store, its companions, the configuration or the key, nor a device.
        context.check_target(options->target);
        if (std::filesystem::exists(options->target) && !options->force) {
            throw Error(Exit::cant_create, options->target, Message("db.backup.exists"));
        }
        auto& store = context.store();
        store.backup_to(options->target);
        context.note(Message("db.backup.done", {{"store", store.path()}, {"target", options->target}}));
    });
}

void set_migrate(CLI::App& db, Context& context)
{
    auto* migrate =
        db.add_subcommand("migrate", "Bring the store's schema up to date (backing up an older file first)");
    set_example(*migrate, "toro --db /srv/toro/toro.db db migrate");
    migrate->callback([&context] {
        auto& store = context.store();
        const auto& migration = store.migration();
        if (migration.from == migration.to) {
            context.note(Message("db.migrate.up_to_date", {{"store", store.path()}, {"version", migration.to}}));
        }
    });
}

void set_audit(CLI::App& db, Context& context)
{
    auto* audit = db.add_subcommand("audit", "List the audit log: who changed what, when, before and after");
    set_example(*audit, "toro db audit --entity org --key FUND-01 --since 2026-01-01 --format json");
    struct Options {
        store::AuditFilter filter;
        std::string since;
        bool head = false;
        std::optional<std::string> verify_head;
    };
    auto options = std::make_shared<Options>();
    audit->add_flag("--head", options->head,
                    "Print the last row's id and hash only (keep it elsewhere to verify the log later)");
    audit->add_option("--verify-head", options->verify_head,
                      "Check the hash chain and that the row with this kept hash is still in it (exit 3 if not)");
    audit->add_option("--entity", options->filter.entity, "Only this entity (org, venture, report, store, ...)");
    audit->add_option("--key", options->filter.key, "Only this key");
    audit->add_option("--since", options->since, "Only changes on or after this date (YYYY-MM-DD)")
        ->check(date_check(context));
    audit->add_option("--limit", options->filter.limit, "Only the last N changes")->check(CLI::PositiveNumber);
    audit->callback([&context, options] {
        if (options->verify_head) {
            if (const auto problem = store::verify_head(context.store(), *options->verify_head)) {
                throw Error(Exit::attention, context.db_path().string(), *problem);
            }
            context.note(Message("db.audit.head_verified", {{"hash", *options->verify_head}}));
            return;
        }
        if (options->head) {
            context.emit(store::audit_head_document(store::audit_head(context.store()), context.lang()),
                         listing_formats);
            return;
        }
        auto& filter = options->filter;
        const auto& since = options->since;
        if (!since.empty()) {
            filter.since = Date::parse(since).to_string();  // checked by date_check
        }
        // A person's list keeps to a terminal's width (`db audit --key K --format json` shows
        // every record whole).
        const auto format = context.choose_format(listing_formats);
        const bool for_people = format == render::Format::table || format == render::Format::md;
        context.emit(store::audit_document(store::audit_entries(context.store(), filter), context.lang(), for_people),
                     listing_formats);
    });
}

}  // namespace

void set_forget(CLI::App& db, Context& context)
{
    auto respondent = std::make_shared<std::string>();
    auto* forget =
        db.add_subcommand("forget", "Erase one person's survey answers and training records (right to erasure)");
    set_example(*forget, "toro db forget --respondent R-IES-007");
    context.personal(forget->add_option("--respondent", *respondent, "The person's id as it was imported")->required());
    forget->callback([&context, respondent] {
        auto& store = context.store();
        // A reader that would keep the erased pages in the write-ahead log stops the erasure
        // before it starts (exit 75, nothing changed)...
        store.checkpoint_truncate();
        store::WriteTransaction transaction(store);
        const auto erased = survey::forget_respondent(store, *respondent);
        transaction.commit();
        if (erased.responses + erased.attendance == 0) {
            if (erased.already_forgotten) {
                store.checkpoint_truncate();
                context.note(Message("db.forget.already"));
                return;
            }
            throw Error(Exit::attention, "--respondent", Message("db.forget.nothing"));
        }
        // ...and success is reported only once the erased pages have left the write-ahead log
        // for the (zeroed) main file; a reader arriving meanwhile makes it exit 75.
        store.checkpoint_truncate();
        context.note(Message("db.forget.done", {{"responses", erased.responses}, {"attendance", erased.attendance}}));
    });
}

void set_db_command(CLI::App& app, Context& context)
{
    auto* db = app.add_subcommand("db", "Look after the store: info, check, backup, migrate, audit, forget");
    db->require_subcommand(1);
    set_example(*db, "toro db check && toro db backup nightly.db");
    set_info(*db, context);
    set_check(*db, context);
    set_backup(*db, context);
    set_migrate(*db, context);
    set_audit(*db, context);
    set_forget(*db, context);
}

}  // namespace toro::cli
