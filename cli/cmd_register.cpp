// toro register ENTITY add | update KEY | show KEY | list | remove KEY,
// toro register import ENTITY FILE, toro register export ENTITY, toro register loan schedule CODE.

#include "commands.hpp"
#include "import_command.hpp"
#include "validators.hpp"

#include "core/error.hpp"
#include "core/text.hpp"
#include "registry/documents.hpp"
#include "registry/giving360.hpp"
#include "registry/reference.hpp"
#include "registry/register.hpp"
#include "registry/schedule_store.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <map>
#include <memory>

namespace toro::cli {
namespace {

// Which reference values an entity's fields take (see `toro register reference`).
std::string reference_kinds_of(std::string_view entity)
{
    if (entity == "org") {
        return "legal-form, district, sphere";
    }
    if (entity == "program") {
        return "sphere";
    }
    if (entity == "venture") {
        return "sphere, district";
    }
    if (entity == "target") {
        return "indicator";
    }
    if (entity == "budget") {
        return "category";
    }
    if (entity == "offer") {
        return "sphere, district, category, indicator";
    }
    return {};
}

constexpr auto list_formats = {render::Format::table, render::Format::csv,   render::Format::tsv,
                               render::Format::json,  render::Format::jsonl, render::Format::md};

// The --help examples of each entity's commands. They name records of the demo store
// (`toro init --demo`), so that each one runs as written (tests/e2e/test_help_examples.sh).
struct EntityExamples {
    std::string add;     // the whole `add` command
    std::string key;     // a record to show
    std::string update;  // the whole `update` command
    std::string remove;  // the whole `remove` command
};

const std::map<std::string, EntityExamples> examples = {
    {"org",
     {"toro register org add --code ORG-100 --name 'Fundacja Pod Lipą' --legal-form FUND --nip 526-104-08-28 "
      "--district Wola --spheres '1|15'",
      "ORG-001", "toro register org update ORG-001 --status suspended", "toro register org remove ORG-009"}},
    {"program",
     {"toro register program add --code OK-2027 --name 'Otwarty konkurs 2027' --year 2027 --mode open_call", "OK-2025",
      "toro register program update OK-2025 --closes-on 2024-12-09", "toro register program remove MG-2025"}},
    {"venture",
     {"toro register venture add --code V-2026-100 --org ORG-001 --program OK-2025 --title 'Klub sąsiedzki' "
      "--sphere 13 --starts 2026-01 --ends 2026-12 --grant '45 000,00'",
      "V-2025-001", "toro register venture update V-2025-001 --report-day 15",
      "toro register venture remove V-2027-002"}},
    {"target",
     {"toro register target add --venture V-2027-001 --indicator volunteers --target 10", "V-2025-001/participants",
      "toro register target update V-2025-001/participants --target 40",
      "toro register target remove V-2025-001/disabled_supported"}},
    {"budget",
     {"toro register budget add --venture V-2027-001 --category equipment --planned 3000", "V-2025-001/personnel/grant",
      "toro register budget update V-2025-001/personnel/grant --planned 50000",
      "toro register budget remove V-2025-001/services/grant"}},
    {"indicator",
     {"toro register indicator add --code mentoring_hours --name 'Godziny mentoringu' --unit hours --aggregation sum",
      "participants", "toro register indicator update participants --name-en 'People supported'",
      "toro register indicator remove volunteers"}},
    {"loan",
     {"toro register loan add --code L-2026-001 --org ORG-001 --principal 60000 --annual-rate 1.5 --term-months 24 "
      "--method annuity --disbursed-on 2026-03-15 --grace-months 3",
      "L-2025-001", "toro register loan update L-2025-001 --grace-months 2", "toro register loan remove L-2025-002"}},
    // Every field of a repayment is its key: a wrong one is removed and added again.
    {"repayment",
     {"toro register repayment add --loan L-2025-002 --paid-on 2026-11-20 --amount 2500", "L-2025-001/2025-04-14/75.00",
      "toro register repayment remove L-2025-001/2025-04-14/75.00 && "
      "toro register repayment add --loan L-2025-001 --paid-on 2025-04-14 --amount 80",
      "toro register repayment remove L-2025-001/2025-04-14/75.00"}},
    // Every field of a payment and of a return is its key, as for a repayment.
    {"payment",
     {"toro register payment add --venture V-2026-008 --paid-on 2026-11-05 --amount 4800",
      "V-2025-014/2025-03-05/45000.00",
      "toro register payment remove V-2025-027/2025-05-02/9800.00 && "
      "toro register payment add --venture V-2025-027 --paid-on 2025-05-05 --amount 9800",
      "toro register payment remove V-2025-027/2025-05-02/9800.00"}},
    {"grant_return",
     {"toro register grant_return add --venture V-2025-016 --returned-on 2026-11-10 --amount 3000",
      "V-2025-014/2026-03-16/1325.00",
      "toro register grant_return remove V-2025-014/2026-03-16/1325.00 && "
      "toro register grant_return add --venture V-2025-014 --returned-on 2026-03-16 --amount 1360",
      "toro register grant_return remove V-2025-014/2026-03-16/1325.00"}},
    {"consultation",
     {"toro register consultation add --code K-2026-03 --title 'Program współpracy 2027' --held-on 2026-09-10 "
      "--participants 42 --orgs 'ORG-001|ORG-002'",
      "K-2025-01", "toro register consultation update K-2025-01 --participants 25",
      "toro register consultation remove K-2025-01"}},
    {"training",
     {"toro register training add --code T-2026-02 --module LAW-1 --title 'Prawo w praktyce' --held-on 2026-10-05",
      "T-2025-01", "toro register training update T-2025-01 --hours 6", "toro register training remove T-2026-01"}},
    {"attendance",
     {"toro register attendance add --training T-2026-01 --participant P-0100 --pre-score 10 --post-score 15",
      "T-2025-01/P-0001", "toro register attendance update T-2025-01/P-0001 --satisfaction 5",
      "toro register attendance remove T-2025-01/P-0001"}},
    {"call",
     {"toro register call add --code OK-2027-K2 --program OK-2027-AL --title 'Seniorzy 2027' --opens-on 2026-12-01 "
      "--closes-on 2026-12-22 --pool 20000 --criteria kryteria.toml",
      "OK-2027-K1", "toro register call update OK-2027-K1 --threshold 0.5", "toro register call remove OK-2027-K1"}},
    {"offer",
     {"toro register offer add --code OF-2027-09 --call OK-2027-K1 --org ORG-004 --title 'Warsztaty' "
      "--submitted-on 2026-11-20 --requested 12000 --starts 2027-03 --ends 2027-06 --sphere 16",
      "OF-2027-01", "toro register offer update OF-2027-01 --title 'Klub sąsiedzki Wola'",
      "toro register offer remove OF-2027-06"}},
    {"reviewer",
     {"toro register reviewer add --code R-2027-04 --name 'Ewa Nowak' --call OK-2027-K1 --conflicts ORG-003",
      "R-2027-01", "toro register reviewer update R-2027-03 --name 'Anna Zielińska-Kos'",
      "toro register reviewer remove R-2027-03"}},
    {"score",
     {"toro register score add --offer OF-2027-04 --reviewer R-2027-03 --criterion quality --points 30",
      "OF-2027-01/R-2027-01/quality", "toro register score update OF-2027-01/R-2027-01/quality --points 31",
      "toro register score remove OF-2027-01/R-2027-01/quality"}},
};

std::string option_name(const std::string& field)
{
    std::string name = field;
    for (char& c : name) {
        if (c == '_') {
            c = '-';
        }
    }
    return "--" + name;
}

using FieldValues = std::map<std::string, std::optional<std::string>>;

// One option per field (`--legal-form`), collected into `values`.
void add_field_options(Context& context, CLI::App& command, const registry::EntitySpec& entity, FieldValues& values,
                       bool skip_key)
{
    for (const auto& field : entity.fields) {
        if (skip_key && entity.key.size() == 1 && field.name == entity.key.front()) {
            continue;
        }
        std::string help = field.required && !skip_key ? "(required)" : "";
        if (field.type == registry::FieldType::choice) {
            help += fmt::format(" one of {}", fmt::join(field.choices, ", "));
        } else if (field.type == registry::FieldType::list) {
            help += " a list: a|b|c";
        }
        auto* option = command.add_option(option_name(field.name), values[field.name], help);
        if (field.type == registry::FieldType::pseudonym) {
            context.personal(option);
        }
    }
}

// True when the entity's key names a person (attendance: training/participant).
bool personal_key(const registry::EntitySpec& entity)
{
    for (const auto& name : entity.key) {
        if (entity.fields[entity.index(name)].type == registry::FieldType::pseudonym) {
            return true;
        }
    }
    return false;
}

// The KEY positional, marked personal when the key names a person.
CLI::Option* add_key_option(Context& context, CLI::App& command, const registry::EntitySpec& entity, std::string& key,
                            const std::string& help)
{
    auto* option = command.add_option("KEY", key, help)->required();
    return personal_key(entity) ? context.personal(option) : option;
}

nlohmann::ordered_json given_fields(const FieldValues& values)
{
    nlohmann::ordered_json fields = nlohmann::ordered_json::object();
    for (const auto& [name, value] : values) {
        if (value) {
            fields[name] = *value;
        }
    }
    return fields;
}

registry::Register open_register(Context& context)
{
    return registry::Register(context.store(), context.config());
}

std::string key_help(const registry::EntitySpec& entity)
{
    return entity.key.size() == 1 ? entity.key.front() : fmt::format("{} joined by /", fmt::join(entity.key, ", "));
}

void set_add(CLI::App& command, Context& context, const registry::EntitySpec& entity)
{
    auto values = std::make_shared<FieldValues>();
    auto* add = command.add_subcommand("add", fmt::format("Register a new {}", entity.label));
    set_example(*add, examples.at(entity.name).add);
    if (const auto kinds = reference_kinds_of(entity.name); !kinds.empty()) {
        point_at_reference(*add, kinds);
    }
    add_field_options(context, *add, entity, *values, false);
    add->callback([&context, &entity, values] {
        auto& store = context.store();
        store::WriteTransaction transaction(store);
        registry::Register reg(store, context.config());
        reg.add(entity, given_fields(*values));
        transaction.commit();
        context.note(Message("register.added", {{"entity", Message(Key::composed("entity." + entity.name))}}));
    });
}

void set_update(CLI::App& command, Context& context, const registry::EntitySpec& entity)
{
    auto values = std::make_shared<FieldValues>();
    auto key = std::make_shared<std::string>();
    auto* update = command.add_subcommand("update", fmt::format("Change fields of a {}", entity.label));
    set_example(*update, examples.at(entity.name).update);
    if (const auto kinds = reference_kinds_of(entity.name); !kinds.empty()) {
        point_at_reference(*update, kinds);
    }
    add_key_option(context, *update, entity, *key, key_help(entity));
    add_field_options(context, *update, entity, *values, true);
    update->callback([&context, &entity, values, key] {
        auto& store = context.store();
        store::WriteTransaction transaction(store);
        registry::Register reg(store, context.config());
        const auto outcome = reg.update(entity, *key, given_fields(*values));
        transaction.commit();
        context.note(outcome == io::Outcome::unchanged ? Message("register.unchanged")
                                                       : Message("register.updated", {{"key", *key}}));
    });
}

void set_show(CLI::App& command, Context& context, const registry::EntitySpec& entity)
{
    auto key = std::make_shared<std::string>();
    auto* show = command.add_subcommand("show", fmt::format("Show one {}", entity.label));
    set_example(*show,
                fmt::format("toro register {} show {} --format json", entity.name, examples.at(entity.name).key));
    add_key_option(context, *show, entity, *key, key_help(entity));
    show->callback([&context, &entity, key] {
        auto reg = open_register(context);
        const std::vector<registry::Record> records{reg.show(entity, *key)};
        const auto names = registry::names_for(context.store(), entity, records);
        context.emit(registry::records_document(entity, records, context.lang(), true, &names), list_formats);
    });
}

// list, with an option for each field the entity is selected by (EntitySpec::list_filters).
void set_list(CLI::App& command, Context& context, const registry::EntitySpec& entity)
{
    auto filters = std::make_shared<std::map<std::string, std::string>>();
    auto active_in = std::make_shared<std::string>();
    auto loan_state = std::make_shared<std::string>();
    auto* list = command.add_subcommand("list", fmt::format("List {}s", entity.label));
    set_example(*list, fmt::format("toro register {} list --format csv -o {}s.csv", entity.name, entity.name));
    for (const auto& [option, field] : entity.list_filters) {
        list->add_option(option_name(option), (*filters)[field], fmt::format("Only those with this {}", option));
    }
    if (entity.has("starts") && entity.has("ends")) {
        list->add_option("--active-in", *active_in,
                         fmt::format("Only {}s running in this month (YYYY-MM)", entity.label))
            ->check(period_check(context));
    }
    if (entity.name == "loan") {  // a loan's state is computed from its schedule and repayments
        list->add_option("--status", *loan_state, "Only loans in this state as of --as-of")
            ->check(CLI::IsMember({"current", "overdue", "repaid"}));
    }
    list->callback([&context, &entity, filters, active_in, loan_state] {
        auto reg = open_register(context);
        registry::ListFilter filter;
        for (const auto& [field, value] : *filters) {
            if (!value.empty()) {
                filter.equals[field] = field == "org" ? reg.resolve_org(value).value_or(value) : value;
            }
        }
        if (!active_in->empty()) {
            filter.active_in = Period::parse(*active_in);  // checked by period_check
        }
        if (!loan_state->empty()) {
            filter.loan_state = *loan_state;
            filter.as_of = context.as_of();
        }
        const auto records = reg.list(entity, filter);
        const auto names = registry::names_for(context.store(), entity, records);
        context.emit(registry::records_document(entity, records, context.lang(), false, &names), list_formats);
    });
}

void set_remove(CLI::App& command, Context& context, const registry::EntitySpec& entity)
{
    auto key = std::make_shared<std::string>();
    auto* remove = command.add_subcommand("remove", fmt::format("Remove a {} nothing refers to", entity.label));
    set_example(*remove, examples.at(entity.name).remove);
    add_key_option(context, *remove, entity, *key, key_help(entity));
    remove->callback([&context, &entity, key] {
        auto& store = context.store();
        store::WriteTransaction transaction(store);
        registry::Register reg(store, context.config());
        reg.remove(entity, *key);
        transaction.commit();
        context.note(
            Message("register.removed", {{"entity", Message(Key::composed("entity." + entity.name))}, {"key", *key}}));
    });
}

void set_loan_schedule(CLI::App& command, Context& context)
{
    auto code = std::make_shared<std::string>();
    auto* schedule = command.add_subcommand("schedule", "The loan's instalments: due date, principal, interest, "
                                                        "payment, remaining balance");
    set_example(*schedule, "toro register loan schedule L-2025-001 --format csv");
    schedule->add_option("CODE", *code, "The loan's code")->required();
    schedule->callback([&context, code] {
        auto reg = open_register(context);
        const auto& loan = *registry::find_entity("loan");
        const auto record = reg.show(loan, *code);
        const auto instalments =
            registry::stored_schedule(context.store().db(), std::get<std::string>(record[loan.index("code")]));
        context.emit(registry::schedule_document(*code, instalments, context.lang()), list_formats);
    });
}

void set_entity_commands(CLI::App& parent, Context& context, const registry::EntitySpec& entity)
{
    auto* command = parent.add_subcommand(entity.name, fmt::format("The register of {}s", entity.label));
    command->require_subcommand(1);
    set_example(*command, fmt::format("toro register {} list --format csv", entity.name));
    set_add(*command, context, entity);
    set_update(*command, context, entity);
    set_show(*command, context, entity);
    set_list(*command, context, entity);
    set_remove(*command, context, entity);
    if (entity.name == "offer") {
        set_offer_award(*command, context);
    }
    if (entity.name == "loan") {
        set_loan_schedule(*command, context);
    }
}

}  // namespace

void set_register_command(CLI::App& app, Context& context)
{
    auto* group = app.add_subcommand("register", "The register: organizations, programmes, ventures, targets, budgets, "
                                                 "indicators, loans, repayments, consultations, trainings, attendance, "
                                                 "open calls, offers, reviewers, scores");
    group->require_subcommand(1);
    set_example(*group, "toro register org list --district Wola");
    for (const auto& entity : registry::entities()) {
        set_entity_commands(*group, context, entity);
    }

    std::vector<std::string> names;
    for (const auto& entity : registry::entities()) {
        names.push_back(entity.name);
    }
    {
        auto arguments = std::make_shared<ImportArguments>();
        auto entity_name = std::make_shared<std::string>();
        auto* import = group->add_subcommand("import", "Import a batch of one entity from CSV or JSON (upsert by key)");
        set_example(*import, "toro register import org orgs.csv --on-error skip --rejects bad.csv");
        point_at_reference(*import, "legal-form, district, sphere, category, indicator");
        import->add_option("ENTITY", *entity_name, "What the file holds")->required()->check(CLI::IsMember(names));
        add_import_options(*import, *arguments);
        import->callback([&context, arguments, entity_name] {
            const auto& entity = *registry::find_entity(*entity_name);
        std::unique_ptr<registry::Register> reg;
        run_import(context, *arguments, [&](store::Store& store) {
            reg = std::make_unique<registry::Register>(store, context.config());
            if (arguments->file != "-") {  // a call's criteria file is named relative to the imported file
                reg->read_criteria_from(std::filesystem::path(arguments->file).parent_path());
            }
            return reg->import_sink(entity);
        });
    });
}
{
    auto kind_name = std::make_shared<std::string>();
    auto* reference = group->add_subcommand(
        "reference", "List the reference values (legal-form, district, sphere, category, indicator): code, "
                     "Polish and English name; imports and options take any of the three");
    set_example(*reference, "toro register reference district --format csv");
    reference->add_option("KIND", *kind_name, "legal-form, district, sphere, category or indicator")
        ->required()
        ->check(CLI::IsMember(registry::reference_kind_names()));
    reference->callback([&context, kind_name] {
        const auto kind = *registry::reference_kind(*kind_name);
        const auto list = registry::ReferenceList::load(context.store().db(), kind, context.config());
        context.emit(registry::reference_document(*kind_name, list, context.lang()), list_formats);
    });
}
{
    auto entity_name = std::make_shared<std::string>();
    auto* exported = group->add_subcommand(
        "export", "Export every record of one entity (csv, tsv, json, jsonl; ventures also 360giving)");
    set_example(*exported, "toro register export venture --format 360giving -o grants.json");
    exported->add_option("ENTITY", *entity_name, "What to export")->required()->check(CLI::IsMember(names));
    exported->callback([&context, entity_name] {
        const auto& entity = *registry::find_entity(*entity_name);
        auto& format = context.options().format;
        if (format && ascii_lower(*format) == "360giving") {
            if (entity.name != "venture") {
                throw Error(Exit::usage, "--format", Message("register.360giving_ventures_only"));
            }
            auto package = registry::giving360_package(context.store(), context.config());
            for (const auto& note : package.notes) {
                context.note(note);
            }
            render::Document document;
            document.title = "360Giving";
            document.shape = render::Shape::record;
            document.json = std::move(package.json);
            format = "json";  // the package is printed as is, to stdout or -o FILE
            context.emit(document, {render::Format::json});
            return;
        }
        auto reg = open_register(context);
        const auto records = reg.list(entity, {});
        const auto record_names = registry::names_for(context.store(), entity, records);
        context.emit(registry::records_document(entity, records, context.lang(), false, &record_names),
                     {render::Format::csv, render::Format::tsv, render::Format::json, render::Format::jsonl,
                      render::Format::table, render::Format::md});
    });
}
}  // namespace toro::cli

}  // namespace toro::cli
