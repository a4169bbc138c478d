// Report forms: the model from the store, and the workbook written with libxlsxwriter
// (opened on first use through render/xlsx_library.cpp, as every xlsx toro writes).
//
// The sheet the organization fills in ("Raport" / "Report"), columns A–F:
//   rows 1–2    title and the city
//   rows 4–10   the venture, its title, the organization, the month, the due date (protected),
//               the submission date and a note (to fill)
//   then        "1. Indicators": code, name, unit, target, achieved so far, value this month (to fill)
//   then        "2. Spending": category, name, plan, spent so far, spent this month (to fill)
// Cells to fill are yellow and unlocked; the sheet is protected without a password, so that
// rows cannot be inserted, deleted or moved by accident. Data validation admits numbers ≥ 0 for
// indicators, amounts ≥ 0 to the grosz for spending and a date for the submission date.
// A second sheet tells what to fill and where to send it; a third, hidden and protected, is the
// description io/form_layout.hpp defines.

#include "reporting/forms.hpp"

#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "core/text.hpp"
#include "io/form_layout.hpp"
#include "io/spreadsheet.hpp"
#include "io/workbook.hpp"
#include "reporting/monitoring.hpp"

#include "store/database.hpp"
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <xlsxwriter.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>
#include <unistd.h>

namespace toro::reporting {
namespace {

// ---------------------------------------------------------------------------------------------
// The model

struct VentureRow {
    std::string title;
    std::string org;
    std::string org_name;
    std::optional<std::string> email;
    Period starts = Period::from_ym(2000, 1);
    Period ends = Period::from_ym(2000, 1);
    int report_day = 10;
};

VentureRow venture_row(store::Store& store, const config::Config& config, const std::string& venture)
{
    store::Statement query(store.db(), "SELECT v.title, v.org, o.name, o.email, v.starts, v.ends, v.report_day "
                                       "FROM venture v JOIN org o ON o.code = v.org WHERE v.code = ?");
    query.bind(1, venture);
    if (!query.step()) {
        throw Error(Exit::data, venture, Message("register.no_code", {{"entity", Message("entity.venture.genitive")}}));
    }
    VentureRow row;
    row.title = query.column(0).get_string();
    row.org = query.column(1).get_string();
    row.org_name = query.column(2).get_string();
    if (!query.column(3).is_null() && !query.column(3).get_string().empty()) {
        row.email = query.column(3).get_string();
    }
    row.starts = Period::parse(query.column(4).get_string());
    row.ends = Period::parse(query.column(5).get_string());
    row.report_day = query.column(6).is_null() ? config.report_day : query.column(6).get_int();
    return row;
}

// Adds the received reports of the months before `period` to the form's "so far".
void add_so_far(store::Store& store, Form& form, const std::map<std::string, std::string>& aggregation)
{
    store::Statement reports(store.db(), "SELECT figures, spending FROM report WHERE venture = ? AND period < ? "
                                         "AND status IN ('submitted', 'accepted') ORDER BY period");
    reports.bind(1, form.venture);
    reports.bind(2, form.period.to_string());
    std::map<std::string, double> so_far;
    std::map<std::string, std::int64_t> spent;
    while (reports.step()) {
        const auto figures = nlohmann::json::parse(reports.column(0).get_string());
        for (const auto& [code, value] : figures.items()) {
            const auto found = aggregation.find(code);
            const std::string how = found == aggregation.end() ? "sum" : found->second;
            const double number = value.get<double>();
            const auto [at, fresh] = so_far.try_emplace(code, number);
            if (!fresh) {
                at->second = how == "last" ? number : how == "max" ? std::max(at->second, number) : at->second + number;
            }
        }
        const auto spending = nlohmann::json::parse(reports.column(1).get_string());
        for (const auto& [category, grosze] : spending.items()) {
            spent[category] += grosze.get<std::int64_t>();
        }
    }
    for (auto& indicator : form.indicators) {
        if (const auto found = so_far.find(indicator.code); found != so_far.end()) {
            indicator.so_far = found->second;
        }
    }
    for (const auto& [category, grosze] : spent) {
        const std::string& code = category;  // a lambda may not capture a structured binding (clang 14)
        auto found = std::find_if(form.categories.begin(), form.categories.end(),
                                  [&code](const FormCategory& line) { return line.code == code; });
        if (found == form.categories.end()) {  // spent outside the budget lines: shown too
            form.categories.push_back({category, category, std::nullopt, Money(), std::nullopt});
            found = form.categories.end() - 1;
        }
        found->spent_so_far = Money::from_grosze(grosze);
    }
}

void prefill(store::Store& store, Form& form)
{
    store::Statement query(store.db(), "SELECT figures, spending, submitted_on, note, return_reason FROM report "
                                       "WHERE venture = ? AND period = ?");
    query.bind(1, form.venture);
    query.bind(2, form.period.to_string());
    if (!query.step()) {
        return;
    }
    const auto figures = nlohmann::json::parse(query.column(0).get_string());
    for (auto& indicator : form.indicators) {
        if (figures.contains(indicator.code)) {
            indicator.value = figures.at(indicator.code).get<double>();
        }
    }
    const auto spending = nlohmann::json::parse(query.column(1).get_string());
    for (const auto& [category, grosze] : spending.items()) {
        const std::string& code = category;  // a lambda may not capture a structured binding (clang 14)
        auto found = std::find_if(form.categories.begin(), form.categories.end(),
                                  [&code](const FormCategory& line) { return line.code == code; });
        if (found == form.categories.end()) {
            form.categories.push_back({category, category, std::nullopt, Money(), std::nullopt});
            found = form.categories.end() - 1;
        }
        found->amount = Money::from_grosze(grosze.get<std::int64_t>());
    }
    form.submitted_on = Date::parse(query.column(2).get_string());
    if (!query.column(3).is_null()) {
        form.note = query.column(3).get_string();
    }
    if (!query.column(4).is_null()) {
        form.return_reason = query.column(4).get_string();
    }
}

}  // namespace

Form report_form(store::Store& store, const config::Config& config, const std::string& venture, Period period,
                 Lang lang, bool prefill_figures)
{
    const auto row = venture_row(store, config, venture);
    if (period < row.starts || row.ends < period) {
        throw Error(Exit::data, fmt::format("{} {}", venture, period.to_string()),
                    Message("report.outside_months", {{"starts", row.starts}, {"ends", row.ends}}));
    }
    Form form;
    form.venture = venture;
    form.title = row.title;
    form.org = row.org;
    form.org_name = row.org_name;
    form.org_email = row.email;
    form.period = period;
    form.due_on = due_date(period, row.report_day);

    std::map<std::string, std::string> aggregation;
    store::Statement targets(store.db(), "SELECT t.indicator, i.name, i.name_en, i.unit, t.baseline, t.target, "
                                         "i.aggregation FROM target t JOIN indicator i ON i.code = t.indicator "
                                         "WHERE t.venture = ? ORDER BY t.indicator");
    targets.bind(1, venture);
    while (targets.step()) {
        FormIndicator indicator;
        indicator.code = targets.column(0).get_string();
        const std::string name_en = targets.column(2).is_null() ? std::string() : targets.column(2).get_string();
        indicator.name = lang == Lang::en && !name_en.empty() ? name_en : targets.column(1).get_string();
        indicator.unit = targets.column(3).get_string();
        indicator.baseline = targets.column(4).get_double();
        indicator.target = targets.column(5).get_double();
        aggregation[indicator.code] = targets.column(6).get_string();
        form.indicators.push_back(std::move(indicator));
    }
    store::Statement other_aggregations(store.db(), "SELECT code, aggregation FROM indicator");
    while (other_aggregations.step()) {
        aggregation.try_emplace(other_aggregations.column(0).get_string(), other_aggregations.column(1).get_string());
    }

    std::map<std::string, std::string> names;  // budget category -> name in the form's language
    store::Statement categories(store.db(),
                                fmt::format("SELECT code, name_pl, name_en FROM budget_category ORDER BY {}",
                                            store::insertion_order(store.db().dialect())));
    std::vector<std::string> all_categories;
    while (categories.step()) {
        const auto code = categories.column(0).get_string();
        names[code] = categories.column(lang == Lang::pl ? 1 : 2).get_string();
        all_categories.push_back(code);
    }
    for (const auto& extra : config.budget_categories) {
        names.try_emplace(extra, extra);
        all_categories.push_back(extra);
    }
    store::Statement budget(store.db(), "SELECT category, sum(planned) FROM budget WHERE venture = ? "
                                        "GROUP BY category ORDER BY category");
    budget.bind(1, venture);
    while (budget.step()) {
        const auto code = budget.column(0).get_string();
        form.categories.push_back({code, names.count(code) != 0 ? names[code] : code,
                                   Money::from_grosze(budget.column(1).get_int64()), Money(), std::nullopt});
    }
    if (form.categories.empty()) {  // no budget lines: every category may be reported
        for (const auto& code : all_categories) {
            form.categories.push_back({code, names[code], std::nullopt, Money(), std::nullopt});
        }
    }
    add_so_far(store, form, aggregation);
    for (auto& category : form.categories) {
        if (const auto found = names.find(category.code); found != names.end()) {
            category.name = found->second;
        }
    }
    if (prefill_figures) {
        prefill(store, form);
    }
    return form;
}

std::vector<std::string> form_ventures(store::Store& store, Period period, const std::optional<std::string>& org)
{
    store::Statement query(store.db(),
                           "SELECT v.code FROM venture v WHERE v.status IN ('active', 'completed') "
                           "AND v.starts <= ?1 AND v.ends >= ?1 AND (CAST(?2 AS TEXT) IS NULL OR v.org = ?2) "
                           "AND NOT EXISTS (SELECT 1 FROM report r WHERE r.venture = v.code AND r.period = ?1 "
                           "AND r.status IN ('submitted', 'accepted')) ORDER BY v.code");
    query.bind(1, period.to_string());
    if (org) {
        query.bind(2, *org);
    } else {
        query.bind(2);
    }
    std::vector<std::string> ventures;
    while (query.step()) {
        ventures.push_back(query.column(0).get_string());
    }
    return ventures;
}

std::string form_file_name(const std::string& venture, Period period)
{
    return file_name_part(venture + "_" + period.to_string() + ".xlsx");
}

// ---------------------------------------------------------------------------------------------
// The workbook

namespace {

void check(lxw_error code)
{
    if (code != LXW_NO_ERROR) {
        throw Error(Exit::io, "xlsx", Message("xlsx.library", {{"detail", lxw_strerror(code)}}));
    }
}

constexpr lxw_color_t fill_colour = 0xFFF2CC;     // the cells to fill
constexpr lxw_color_t heading_colour = 0xD9E1F2;  // table headings
constexpr std::uint8_t paper_a4 = 9;

struct Formats {
    lxw_format* title = nullptr;
    lxw_format* label = nullptr;
    lxw_format* heading = nullptr;
    lxw_format* text = nullptr;
    lxw_format* wrapped = nullptr;
    lxw_format* number = nullptr;
    lxw_format* money = nullptr;
    lxw_format* date = nullptr;
    lxw_format* fill_number = nullptr;
    lxw_format* fill_money = nullptr;
    lxw_format* fill_date = nullptr;
    lxw_format* fill_text = nullptr;
};

lxw_format* add_format(lxw_workbook* book)
{
    lxw_format* format = workbook_add_format(book);
    if (format == nullptr) {
        throw Error(Exit::io, "xlsx",
                    Message("xlsx.library", {{"detail", lxw_strerror(LXW_ERROR_MEMORY_MALLOC_FAILED)}}));
    }
    return format;
}

lxw_format* boxed(lxw_workbook* book, const char* number_format, bool fill)
{
    lxw_format* format = add_format(book);
    format_set_border(format, LXW_BORDER_THIN);
    format_set_align(format, LXW_ALIGN_VERTICAL_TOP);
    if (number_format != nullptr) {
        format_set_num_format(format, number_format);
    }
    if (fill) {
        format_set_unlocked(format);
        format_set_pattern(format, LXW_PATTERN_SOLID);
        format_set_bg_color(format, fill_colour);
    }
    return format;
}

Formats add_formats(lxw_workbook* book)
{
    Formats formats;
    formats.title = add_format(book);
    format_set_bold(formats.title);
    format_set_font_size(formats.title, 14);
    formats.label = add_format(book);
    format_set_bold(formats.label);
    format_set_align(formats.label, LXW_ALIGN_VERTICAL_TOP);
    formats.heading = boxed(book, nullptr, false);
    format_set_bold(formats.heading);
    format_set_text_wrap(formats.heading);
    format_set_pattern(formats.heading, LXW_PATTERN_SOLID);
    format_set_bg_color(formats.heading, heading_colour);
    formats.text = boxed(book, nullptr, false);
    formats.wrapped = boxed(book, nullptr, false);
    format_set_text_wrap(formats.wrapped);
    formats.number = boxed(book, "#,##0.##", false);
    formats.money = boxed(book, "#,##0.00", false);
    formats.date = boxed(book, "yyyy-mm-dd", false);
    formats.fill_number = boxed(book, "General", true);
    formats.fill_money = boxed(book, "#,##0.00", true);
    formats.fill_date = boxed(book, "yyyy-mm-dd", true);
    formats.fill_text = boxed(book, "@", true);
    format_set_text_wrap(formats.fill_text);
    return formats;
}

lxw_datetime moment_of(Date date)
{
    lxw_datetime moment{};
    moment.year = date.year();
    moment.month = date.month();
    moment.day = date.day();
    return moment;
}

// Owns an lxw_workbook until close() hands it to workbook_close, which frees it in any case.
class Book {
public:
    explicit Book(const std::filesystem::path& path)
    {
        const std::string name = path.string();
        const char* tmpdir = std::getenv("TMPDIR");
        m_tmpdir = tmpdir != nullptr && *tmpdir != '\0' ? tmpdir : "/tmp";
        lxw_workbook_options options{};
        options.tmpdir = m_tmpdir.data();  // libxlsxwriter's scratch files
        m_book = workbook_new_opt(name.c_str(), &options);
        if (m_book == nullptr) {
            throw Error(Exit::io, name, Message("xlsx.cannot_write"));
        }
    }
    ~Book()
    {
        if (m_book != nullptr) {
            lxw_workbook_free(m_book);
        }
    }
    Book(const Book&) = delete;
    Book& operator=(const Book&) = delete;
    lxw_workbook* get() const { return m_book; }
    void close() { check(workbook_close(std::exchange(m_book, nullptr))); }

    lxw_worksheet* sheet(const std::string& name)
    {
        check(workbook_validate_sheet_name(m_book, name.c_str()));
        lxw_worksheet* sheet = workbook_add_worksheet(m_book, name.c_str());
        if (sheet == nullptr) {
            throw Error(Exit::io, "xlsx", Message("xlsx.cannot_add_sheet", {{"name", name}}));
        }
        return sheet;
    }

private:
    std::string m_tmpdir;
    lxw_workbook* m_book = nullptr;
};

// The cells the description names, as the form is written.
struct Layout {
    std::string venture;
    std::string period;
    std::string submitted_on;
    std::string note;
    struct Line {
        bool category;
        std::string code;
        std::string code_cell;
        std::string value_cell;
    };
    std::vector<Line> lines;
};

std::string address(lxw_row_t row, lxw_col_t column)
{
    return io::column_name(column) + std::to_string(row + 1);
}

// Data validation of one cell; the strings must outlive the call only.
void validate(lxw_worksheet* sheet, lxw_row_t row, lxw_col_t column, lxw_data_validation validation,
              const std::string& title, const std::string& message)
{
    std::string error_title = title;
    std::string error_message = message;
    validation.error_title = error_title.data();
    validation.error_message = error_message.data();
    validation.input_title = error_title.data();
    validation.input_message = error_message.data();
    validation.error_type = LXW_VALIDATION_ERROR_TYPE_STOP;
    check(worksheet_data_validation_cell(sheet, row, column, &validation));
}

void write_string(lxw_worksheet* sheet, lxw_row_t row, lxw_col_t column, const std::string& text, lxw_format* format)
{
    check(worksheet_write_string(sheet, row, column, text.c_str(), format));
}

void write_number(lxw_worksheet* sheet, lxw_row_t row, lxw_col_t column, std::optional<double> value,
                  lxw_format* format)
{
    if (value && std::isfinite(*value)) {
        check(worksheet_write_number(sheet, row, column, *value, format));
    } else {
        check(worksheet_write_blank(sheet, row, column, format));
    }
}

// Column B's width, and the height of a row whose text in B wraps over `characters` characters.
constexpr double name_width = 46;

void fit_row(lxw_worksheet* sheet, lxw_row_t row, std::string_view text, double least = 15, double width = name_width)
{
    const double lines = std::ceil(static_cast<double>(display_width(text)) / (width - 4));
    if (lines > 1 || least > 15) {
        check(worksheet_set_row(sheet, row, std::max(least, 15.0 * lines), nullptr));
    }
}

void write_money(lxw_worksheet* sheet, lxw_row_t row, lxw_col_t column, std::optional<Money> value, lxw_format* format)
{
    write_number(sheet, row, column, value ? std::optional(value->to_zloty()) : std::nullopt, format);
}

// The sheet the organization fills in; returns where everything stands. One function, long:
// the sheet is written top to bottom and the row counter runs through it.
Layout write_report_sheet(lxw_worksheet* sheet, const Form& form, Lang lang, const Formats& formats,
                          const std::string& city)
{
    Layout layout;
    const std::string month = form.period.to_string();
    const std::string before = form.period.add_months(-1).to_string();
    check(worksheet_set_column(sheet, 0, 0, 23, nullptr));
    check(worksheet_set_column(sheet, 1, 1, name_width, nullptr));
    check(worksheet_set_column(sheet, 2, 2, 12, nullptr));
    check(worksheet_set_column(sheet, 3, 4, 17, nullptr));
    check(worksheet_set_column(sheet, 5, 5, 18, nullptr));
    write_string(sheet, 0, 0, say(lang, "form.title"), formats.title);
    write_string(sheet, 1, 0, say(lang, "form.subtitle", {{"city", city}}), nullptr);

    lxw_row_t row = 3;
    const auto fact = [&](const char* key, const std::string& value, lxw_format* format) {
        write_string(sheet, row, 0, say(lang, Key::composed(std::string("form.") + key)), formats.label);
        write_string(sheet, row, 1, value, format);
        fit_row(sheet, row, value);
        return address(row++, 1);
    };
    layout.venture = fact("venture", form.venture, formats.text);
    fact("venture_title", form.title, formats.wrapped);
    fact("org", fmt::format("{} ({})", form.org_name, form.org), formats.wrapped);
    layout.period = fact("period", month, formats.text);
    write_string(sheet, row, 0, say(lang, "form.due_on"), formats.label);
    lxw_datetime due = moment_of(form.due_on);
    check(worksheet_write_datetime(sheet, row++, 1, &due, formats.date));

    write_string(sheet, row, 0, say(lang, "form.submitted_on"), formats.label);
    if (form.submitted_on) {
        lxw_datetime submitted = moment_of(*form.submitted_on);
        check(worksheet_write_datetime(sheet, row, 1, &submitted, formats.fill_date));
    } else {
        check(worksheet_write_blank(sheet, row, 1, formats.fill_date));
    }
    lxw_data_validation date{};
    date.validate = LXW_VALIDATION_TYPE_DATE;
    date.criteria = LXW_VALIDATION_CRITERIA_BETWEEN;
    date.minimum_datetime = moment_of(Date::from_ymd(2000, 1, 1));
    date.maximum_datetime = moment_of(Date::from_ymd(2999, 12, 31));
    validate(sheet, row, 1, date, say(lang, "form.date_error_title"), say(lang, "form.date_error"));
    layout.submitted_on = address(row++, 1);

    write_string(sheet, row, 0, say(lang, "form.note"), formats.label);
    write_string(sheet, row, 1, form.note.value_or(""), formats.fill_text);
    check(worksheet_set_row(sheet, row, 45, nullptr));
    layout.note = address(row++, 1);
    if (form.return_reason) {
        write_string(sheet, row, 0, say(lang, "form.return_reason"), formats.label);
        write_string(sheet, row, 1, *form.return_reason, formats.wrapped);
        fit_row(sheet, row++, *form.return_reason);
    }

    ++row;
    write_string(sheet, row++, 0, say(lang, "form.indicators"), formats.label);
    const std::array<std::string, 6> indicator_heads{say(lang, "form.code"),
                                                     say(lang, "form.indicator"),
                                                     say(lang, "form.unit"),
                                                     say(lang, "form.target"),
                                                     say(lang, "form.so_far", {{"month", before}}),
                                                     say(lang, "form.this_month", {{"month", month}})};
    for (lxw_col_t c = 0; c < indicator_heads.size(); ++c) {
        write_string(sheet, row, c, indicator_heads[c], formats.heading);
    }
    fit_row(sheet, row++, "", 32);
    lxw_data_validation number{};
    number.validate = LXW_VALIDATION_TYPE_DECIMAL;
    number.criteria = LXW_VALIDATION_CRITERIA_GREATER_THAN_OR_EQUAL_TO;
    number.value_number = 0;
    if (form.indicators.empty()) {
        write_string(sheet, row++, 1, say(lang, "form.no_targets"), nullptr);
    }
    for (const auto& indicator : form.indicators) {
        write_string(sheet, row, 0, indicator.code, formats.text);
        write_string(sheet, row, 1, indicator.name, formats.wrapped);
        fit_row(sheet, row, indicator.name);
        write_string(sheet, row, 2, indicator.unit, formats.text);
        write_number(sheet, row, 3, indicator.target, formats.number);
        write_number(sheet, row, 4, indicator.so_far.value_or(0), formats.number);
        write_number(sheet, row, 5, indicator.value, formats.fill_number);
        validate(sheet, row, 5, number, say(lang, "form.value_error_title"), say(lang, "form.value_error"));
        layout.lines.push_back({false, indicator.code, address(row, 0), address(row, 5)});
        ++row;
    }

    ++row;
    write_string(sheet, row++, 0, say(lang, "form.spending"), formats.label);
    const std::array<std::string, 6> spending_heads{say(lang, "form.category"),
                                                    say(lang, "form.category_name"),
                                                    "",
                                                    say(lang, "form.planned"),
                                                    say(lang, "form.spent_so_far", {{"month", before}}),
                                                    say(lang, "form.spent_this_month", {{"month", month}})};
    for (lxw_col_t c = 0; c < spending_heads.size(); ++c) {
        write_string(sheet, row, c, spending_heads[c], formats.heading);
    }
    fit_row(sheet, row++, "", 32);
    for (const auto& category : form.categories) {
        write_string(sheet, row, 0, category.code, formats.text);
        write_string(sheet, row, 1, category.name, formats.wrapped);
        write_string(sheet, row, 2, "", formats.text);
        write_money(sheet, row, 3, category.planned, formats.money);
        write_money(sheet, row, 4, category.spent_so_far, formats.money);
        write_money(sheet, row, 5, category.amount, formats.fill_money);
        const std::string cell = address(row, 5);
        std::string rule = fmt::format("=AND(ISNUMBER({0}),{0}>=0,ROUND({0},2)={0})", cell);
        lxw_data_validation amount{};
        amount.validate = LXW_VALIDATION_TYPE_CUSTOM_FORMULA;
        amount.value_formula = rule.data();
        validate(sheet, row, 5, amount, say(lang, "form.amount_error_title"), say(lang, "form.amount_error"));
        layout.lines.push_back({true, category.code, address(row, 0), cell});
        ++row;
    }
    ++row;
    write_string(sheet, row, 0, say(lang, "form.footer"), nullptr);

    worksheet_set_paper(sheet, paper_a4);
    worksheet_fit_to_pages(sheet, 1, 0);
    lxw_protection protection{};  // selecting cells stays allowed; nothing else
    worksheet_protect(sheet, nullptr, &protection);
    return layout;
}

void write_instructions(lxw_worksheet* sheet, const Form& form, Lang lang, const Formats& formats,
                        const FormContact& contact)
{
    constexpr double width = 72;  // A4, portrait, whatever the font
    check(worksheet_set_column(sheet, 0, 0, width, nullptr));
    lxw_format* paragraph = formats.wrapped;
    write_string(sheet, 0, 0, say(lang, "form.how_title"), formats.title);
    const std::array<std::string, 5> paragraphs{
        say(lang, "form.how_which",
            {{"venture", form.venture},
             {"title", form.title},
             {"org", form.org_name},
             {"period", form.period.to_string()},
             {"due_on", form.due_on.to_string()}}),
        say(lang, "form.how_fill"), say(lang, "form.how_keep"), say(lang, "form.how_so_far"),
        contact.send_to ? say(lang, "form.how_send", {{"address", *contact.send_to}})
                        : say(lang, "form.how_send_back")};
    lxw_row_t row = 2;
    for (const auto& text : paragraphs) {
        fit_row(sheet, row, text, 15, width);
        write_string(sheet, row++, 0, text, paragraph);
        ++row;
    }
    worksheet_set_paper(sheet, paper_a4);
    worksheet_fit_to_pages(sheet, 1, 0);
    lxw_protection protection{};
    worksheet_protect(sheet, nullptr, &protection);
}

void write_description(lxw_worksheet* sheet, const std::string& report_sheet, const Form& form, const Layout& layout)
{
    lxw_row_t row = 0;
    const auto line = [&](std::string_view key, const std::string& value, const std::string& cell,
                          const std::string& value_cell) {
        write_string(sheet, row, 0, std::string(key), nullptr);
        write_string(sheet, row, 1, value, nullptr);
        if (!cell.empty()) {
            write_string(sheet, row, 2, cell, nullptr);
        }
        if (!value_cell.empty()) {
            write_string(sheet, row, 3, value_cell, nullptr);
        }
        ++row;
    };
    line(io::form::marker, std::to_string(io::form::version), "", "");
    line(io::form::sheet_key, report_sheet, "", "");
    line(io::form::venture_key, form.venture, layout.venture, "");
    line(io::form::period_key, form.period.to_string(), layout.period, "");
    line(io::form::submitted_on_key, "", layout.submitted_on, "");
    line(io::form::note_key, "", layout.note, "");
    for (const auto& figure : layout.lines) {
        line(figure.category ? io::form::category_key : io::form::indicator_key, figure.code, figure.code_cell,
             figure.value_cell);
    }
    worksheet_hide(sheet);
    lxw_protection protection{};
    worksheet_protect(sheet, nullptr, &protection);
}

// A file of our own in $TMPDIR (else /tmp), removed when this goes out of scope.
class ScratchFile {
public:
    ScratchFile()
    {
        const char* tmpdir = std::getenv("TMPDIR");
        m_path = std::string(tmpdir != nullptr && *tmpdir != '\0' ? tmpdir : "/tmp") + "/toro-form-XXXXXX";
        const int fd = ::mkstemp(m_path.data());
        if (fd < 0) {
            const int error = errno;
            throw Error(Exit::io, "xlsx",
                        Message("xlsx.temporary_file", {{"folder", std::filesystem::path(m_path).parent_path()},
                                                        {"reason", os_error(error)}}));
        }
        ::close(fd);
    }
    ~ScratchFile() { ::unlink(m_path.c_str()); }
    ScratchFile(const ScratchFile&) = delete;
    ScratchFile& operator=(const ScratchFile&) = delete;
    const std::string& path() const { return m_path; }

private:
    std::string m_path;
};

}  // namespace

void write_form(const Form& form, Lang lang, const FormContact& contact, const std::filesystem::path& path)
{
    Book book(path);
    std::string title = fmt::format("{} {} {}", say(lang, "form.title"), form.venture, form.period.to_string());
    lxw_doc_properties properties{};
    properties.title = title.data();
    check(workbook_set_properties(book.get(), &properties));
    const Formats formats = add_formats(book.get());
    const std::string report_sheet = say(lang, "form.sheet");
    lxw_worksheet* report = book.sheet(report_sheet);
    lxw_worksheet* instructions = book.sheet(say(lang, "form.instructions_sheet"));
    lxw_worksheet* description = book.sheet(std::string(io::workbook::meta_sheet));
    const Layout layout = write_report_sheet(report, form, lang, formats, contact.city);
    write_instructions(instructions, form, lang, formats, contact);
    write_description(description, report_sheet, form, layout);
    book.close();
}

std::string form_bytes(const Form& form, Lang lang, const FormContact& contact)
{
    ScratchFile file;
    write_form(form, lang, contact, file.path());
    std::ifstream in(file.path(), std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    if (!in && !in.eof()) {
        throw Error(Exit::io, "xlsx", Message("xlsx.cannot_read_back", {{"file", file.path()}}));
    }
    return bytes.str();
}

void fields(const WrittenForm& form, render::Fields& out)
{
    out("venture", form.venture)("org", form.org)("email", form.email)("due_on", form.due_on)("file", form.file);
}

render::Document written_forms_document(const std::vector<WrittenForm>& forms, Lang lang)
{
    render::Table table;
    table.name = "forms";
    table.columns = {{"venture", say(lang, "column.venture")},
                     {"org", say(lang, "column.org")},
                     {"email", say(lang, "column.email")},
                     {"due_on", say(lang, "column.due_on")},
                     {"file", say(lang, "column.file")}};
    for (const auto& form : forms) {
        const auto org = render::named_term({form.org, form.org_name, "", true});
        table.rows.push_back(
            {form.venture, org, form.email ? render::Cell(*form.email) : render::Cell(), form.due_on, form.file});
    }
    render::Document document;
    document.tables.push_back(std::move(table));
    document.json = render::json_value(forms);
    return document;
}

}  // namespace toro::reporting
