// toro report form VENTURE PERIOD [-o FILE] | --period P [--org ORG] -o DIR/ (docs/reports.md).

#include "commands.hpp"
#include "validators.hpp"

#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "core/text.hpp"
#include "registry/register.hpp"
#include "reporting/forms.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <iostream>
#include <memory>
#include <unistd.h>

namespace toro::cli {
namespace {

namespace fs = std::filesystem;

reporting::FormContact contact_of(const config::Config& config)
{
    return {config.city_name, config.mail_reply_to ? config.mail_reply_to : config.mail_from};
}

// Writes one form to `target` whole or not at all.
void write_file(Context& context, const reporting::Form& form, const fs::path& target)
{
    context.check_target(target);
    AtomicFile file(target, context.output_mode(), true);
    reporting::write_form(form, context.lang(), contact_of(context.config()), file.temporary_path());
    file.commit();
}

bool names_folder(const std::string& output)
{
    std::error_code error;
    return output.ends_with('/') || fs::is_directory(output, error);
}

void one_form(Context& context, const std::string& venture, const std::string& month)
{
    const Period period = Period::parse(month);  // checked by period_check
    std::optional<fs::path> target;
    bool to_stdout = false;
    if (const auto output = context.options().output) {
        if (*output == "-") {
            if (::isatty(STDOUT_FILENO) == 1) {
                throw Error(Exit::usage, "-o", Message("form.binary"));
            }
            to_stdout = true;
        } else if (names_folder(*output)) {
            target = fs::path(*output) / reporting::form_file_name(venture, period);
        } else if (ascii_lower(fs::path(*output).extension().string()) != ".xlsx") {
            throw Error(Exit::usage, "-o", Message("form.xlsx_only"));
        } else {
            target = fs::path(*output);
        }
        context.options().output.reset();  // checked here, as the form's file
    } else {
        target = fs::path(reporting::form_file_name(venture, period));
    }
    if (target) {
        context.check_target(*target);
    }
    auto& store = context.store();
    const auto form = reporting::report_form(store, context.config(), venture, period, context.lang());
    if (to_stdout) {
        std::cout << reporting::form_bytes(form, context.lang(), contact_of(context.config()));
        std::cout.flush();
        if (!std::cout) {
            throw Error(Exit::io, "stdout", Message("output.cannot_write"));
        }
        return;
    }
    write_file(context, form, *target);
    context.note(Message("form.wrote_one",
                         {{"file", *target}, {"venture", venture}, {"period", period}, {"due_on", form.due_on}}));
}

void every_form(Context& context, const std::string& month, const std::string& org)
{
    const Period period = Period::parse(month);  // checked by period_check
    const auto output = context.options().output;
    if (!output || *output == "-") {
        throw Error(Exit::usage, "--period", Message("form.folder_needed"));
    }
    const fs::path folder(*output);
    if (std::error_code error; fs::exists(folder, error) && !fs::is_directory(folder, error)) {
        throw Error(Exit::cant_create, folder.string(), Message("form.not_a_folder"));
    }
    context.options().output.reset();  // the forms' folder; the list of forms goes to stdout
    auto& store = context.store();
    std::optional<std::string> org_code;
    if (!org.empty()) {
        registry::Register reg(store, context.config());
        org_code = reg.resolve_org(org);
        if (!org_code) {
            throw Error(Exit::data, "--org " + org, Message("register.no_org"));
        }
    }
    const auto ventures = reporting::form_ventures(store, period, org_code);
    if (!ventures.empty()) {
        std::error_code error;
        fs::create_directories(folder, error);
        if (error) {
            throw Error(Exit::cant_create, folder.string(),
                        Message("form.cannot_create_folder", {{"reason", os_error(error.value())}}));
        }
    }
    std::vector<reporting::WrittenForm> written;
    for (const auto& venture : ventures) {
        const auto form = reporting::report_form(store, context.config(), venture, period, context.lang());
        const auto target = folder / reporting::form_file_name(venture, period);
        write_file(context, form, target);
        written.push_back({form.venture, form.org, form.org_name, form.org_email, form.due_on, target.string()});
    }
    const auto document = reporting::written_forms_document(written, context.lang());
    context.emit(document, {render::Format::table, render::Format::csv, render::Format::tsv, render::Format::json,
                            render::Format::jsonl, render::Format::md});
    context.note(ventures.empty() ? Message("form.none_due", {{"period", period}})
                                  : Message("form.wrote_many", {{"count", ventures.size()}, {"folder", folder}}));
}

}  // namespace

void set_report_form(CLI::App& report, Context& context)
{
    struct Options {
        std::string venture;
        std::string month;
        std::string period;
        std::string org;
    };
    auto options = std::make_shared<Options>();
    auto* form = report.add_subcommand(
        "form", "Write the report form (.xlsx) an organization fills in: one venture's for a month, or one per "
                "venture whose report for a month has not been received");
    set_example(*form, "toro report form --period 2026-10 -o forms/");
    form->footer(form->get_footer() + "  toro --lang en report form V-2025-005 2026-10 -o V-2025-005_2026-10.xlsx\n\n"
                                      "The filled form goes back in with `toro report import FILE.xlsx` (or .ods).\n");
    form->add_option("VENTURE", options->venture, "The venture's code (one form)");
    form->add_option("PERIOD", options->month, "The month, YYYY-MM (with VENTURE)")->check(period_check(context));
    form->add_option("--period", options->period, "The month: one form per venture that owes its report for it")
        ->check(period_check(context));
    form->add_option("--org", options->org, "With --period: the forms of this organization only (code, KRS or NIP)");
    form->callback([&context, options] {
        if (!options->venture.empty()) {
            if (options->month.empty()) {
                throw Error(Exit::usage, "PERIOD", Message("form.period_needed"));
            }
            if (!options->period.empty() || !options->org.empty()) {
                throw Error(Exit::usage, "--period", Message("form.either"));
            }
            one_form(context, options->venture, options->month);
        } else if (!options->period.empty()) {
            every_form(context, options->period, options->org);
        } else {
            throw Error(Exit::usage, "report form", Message("form.what"));
        }
    });
}

}  // namespace toro::cli
