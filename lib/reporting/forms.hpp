#pragma once
// Report forms (docs/reports.md "The organizations' side"): the workbook an organization fills
// in for one venture and one month — pre-filled with what the city knows (the venture, its
// targets and what was achieved so far, its budget and what was spent so far), the cells to
// fill unlocked and checked by the spreadsheet, everything else protected (without a password),
// an instruction sheet, and a hidden description (io/form_layout.hpp) by which `report import`
// reads the filled form back.

#include "config/config.hpp"
#include "core/date.hpp"
#include "core/lang.hpp"
#include "core/money.hpp"
#include "render/fields.hpp"
#include "render/model.hpp"
#include "store/store.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace toro::reporting {

struct FormIndicator {
    std::string code;
    std::string name;  // in the form's language (the English name when there is one)
    std::string unit;
    double baseline = 0;
    double target = 0;
    std::optional<double> so_far;  // cumulative actual before the month (none: nothing reported)
    std::optional<double> value;   // pre-filled (a returned report)
};

struct FormCategory {
    std::string code;
    std::string name;
    std::optional<Money> planned;  // none when the venture has no budget lines
    Money spent_so_far;
    std::optional<Money> amount;  // pre-filled
};

struct Form {
    std::string venture;
    std::string title;
    std::string org;
    std::string org_name;
    std::optional<std::string> org_email;
    Period period = Period::from_ym(2000, 1);
    Date due_on = Date::from_ymd(2000, 1, 1);
    std::vector<FormIndicator> indicators;
    std::vector<FormCategory> categories;
    std::optional<Date> submitted_on;          // pre-filled
    std::optional<std::string> note;           // pre-filled
    std::optional<std::string> return_reason;  // why the report came back, shown on the form
};

// The form of `venture` for `period`, in `lang`. So far = the received reports of the months
// before `period` (sum, last or max by each indicator's aggregation; spending summed). With
// `prefill`, the figures of the stored report for `period` fill the cells. Throws Error(Exit::data)
// for an unknown venture or a month outside its months.
Form report_form(store::Store& store, const config::Config& config, const std::string& venture, Period period,
                 Lang lang, bool prefill = false);

// The ventures that get a form for `period`: running in it (active or completed, starts ≤ P ≤
// ends) and whose report for it has not been received (submitted or accepted) — those due and
// those not due yet alike; of organization `org` only, when given. In code order.
std::vector<std::string> form_ventures(store::Store& store, Period period, const std::optional<std::string>& org);

// What the instruction sheet says about sending the form back.
struct FormContact {
    std::string city;
    std::optional<std::string> send_to;  // an e-mail address
};

// Writes `form` as an .xlsx workbook to the file `path` (written by libxlsxwriter, which opens
// files by name: the caller gives a temporary file and renames it).
void write_form(const Form& form, Lang lang, const FormContact& contact, const std::filesystem::path& path);

// The form as the bytes of an .xlsx file (for an e-mail attachment).
std::string form_bytes(const Form& form, Lang lang, const FormContact& contact);

// The file name of a form: "V-2025-001_2026-10.xlsx" (characters a file name cannot hold
// become "_").
std::string form_file_name(const std::string& venture, Period period);

// One form written by `report form --period`: whose, its due date and the file.
struct WrittenForm {
    std::string venture;
    std::string org;
    std::string org_name;  // shown to people beside the code
    std::optional<std::string> email;
    Date due_on = Date::from_ymd(2000, 1, 1);
    std::string file;
};

void fields(const WrittenForm& form, render::Fields& out);

// The list of the forms written, for people and, as an array, for machines.
render::Document written_forms_document(const std::vector<WrittenForm>& forms, Lang lang);

}  // namespace toro::reporting
