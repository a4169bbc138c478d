// The functions of libxlsxwriter that xlsx.cpp calls, defined here as forwarders to the library
// opened on first use (core/shared_library.hpp): a command that writes no xlsx never loads it,
// nor the libcrypto it brings along. Each definition must match its declaration in
// <xlsxwriter.h>, which the compiler checks.

#include "core/shared_library.hpp"

#include <xlsxwriter.h>

namespace {

template <typename F> F* lib(const char* name)
{
    return toro::library_function<F>(TORO_XLSXWRITER_SONAME, name);
}

}  // namespace

extern "C" {

void format_set_align(lxw_format* format, uint8_t alignment)
{
    static auto* real = lib<decltype(format_set_align)>("format_set_align");
    real(format, alignment);
}

void format_set_bold(lxw_format* format)
{
    static auto* real = lib<decltype(format_set_bold)>("format_set_bold");
    real(format);
}

void format_set_num_format(lxw_format* format, const char* num_format)
{
    static auto* real = lib<decltype(format_set_num_format)>("format_set_num_format");
    real(format, num_format);
}

void format_set_bg_color(lxw_format* format, lxw_color_t color)
{
    static auto* real = lib<decltype(format_set_bg_color)>("format_set_bg_color");
    real(format, color);
}

void format_set_border(lxw_format* format, uint8_t style)
{
    static auto* real = lib<decltype(format_set_border)>("format_set_border");
    real(format, style);
}

void format_set_font_size(lxw_format* format, double size)
{
    static auto* real = lib<decltype(format_set_font_size)>("format_set_font_size");
    real(format, size);
}

void format_set_pattern(lxw_format* format, uint8_t index)
{
    static auto* real = lib<decltype(format_set_pattern)>("format_set_pattern");
    real(format, index);
}

void format_set_unlocked(lxw_format* format)
{
    static auto* real = lib<decltype(format_set_unlocked)>("format_set_unlocked");
    real(format);
}

void format_set_text_wrap(lxw_format* format)
{
    static auto* real = lib<decltype(format_set_text_wrap)>("format_set_text_wrap");
    real(format);
}

char* lxw_strerror(lxw_error error_num)
{
    static auto* real = lib<decltype(lxw_strerror)>("lxw_strerror");
    return real(error_num);
}

void lxw_workbook_free(lxw_workbook* workbook)
{
    static auto* real = lib<decltype(lxw_workbook_free)>("lxw_workbook_free");
    real(workbook);
}

lxw_format* workbook_add_format(lxw_workbook* workbook)
{
    static auto* real = lib<decltype(workbook_add_format)>("workbook_add_format");
    return real(workbook);
}

lxw_worksheet* workbook_add_worksheet(lxw_workbook* workbook, const char* sheetname)
{
    static auto* real = lib<decltype(workbook_add_worksheet)>("workbook_add_worksheet");
    return real(workbook, sheetname);
}

lxw_error workbook_close(lxw_workbook* workbook)
{
    static auto* real = lib<decltype(workbook_close)>("workbook_close");
    return real(workbook);
}

lxw_workbook* workbook_new_opt(const char* filename, lxw_workbook_options* options)
{
    static auto* real = lib<decltype(workbook_new_opt)>("workbook_new_opt");
    return real(filename, options);
}

lxw_error workbook_set_properties(lxw_workbook* workbook, lxw_doc_properties* properties)
{
    static auto* real = lib<decltype(workbook_set_properties)>("workbook_set_properties");
    return real(workbook, properties);
}

lxw_error workbook_validate_sheet_name(lxw_workbook* workbook, const char* sheetname)
{
    static auto* real = lib<decltype(workbook_validate_sheet_name)>("workbook_validate_sheet_name");
    return real(workbook, sheetname);
}

lxw_error worksheet_autofilter(lxw_worksheet* worksheet, lxw_row_t first_row, lxw_col_t first_col, lxw_row_t last_row,
                               lxw_col_t last_col)
{
    static auto* real = lib<decltype(worksheet_autofilter)>("worksheet_autofilter");
    return real(worksheet, first_row, first_col, last_row, last_col);
}

lxw_error worksheet_data_validation_cell(lxw_worksheet* worksheet, lxw_row_t row, lxw_col_t col,
                                         lxw_data_validation* validation)
{
    static auto* real = lib<decltype(worksheet_data_validation_cell)>("worksheet_data_validation_cell");
    return real(worksheet, row, col, validation);
}

void worksheet_fit_to_pages(lxw_worksheet* worksheet, uint16_t width, uint16_t height)
{
    static auto* real = lib<decltype(worksheet_fit_to_pages)>("worksheet_fit_to_pages");
    real(worksheet, width, height);
}

void worksheet_freeze_panes(lxw_worksheet* worksheet, lxw_row_t row, lxw_col_t col)
{
    static auto* real = lib<decltype(worksheet_freeze_panes)>("worksheet_freeze_panes");
    real(worksheet, row, col);
}

void worksheet_hide(lxw_worksheet* worksheet)
{
    static auto* real = lib<decltype(worksheet_hide)>("worksheet_hide");
    real(worksheet);
}

void worksheet_protect(lxw_worksheet* worksheet, const char* password, lxw_protection* options)
{
    static auto* real = lib<decltype(worksheet_protect)>("worksheet_protect");
    real(worksheet, password, options);
}

lxw_error worksheet_repeat_columns(lxw_worksheet* worksheet, lxw_col_t first_col, lxw_col_t last_col)
{
    static auto* real = lib<decltype(worksheet_repeat_columns)>("worksheet_repeat_columns");
    return real(worksheet, first_col, last_col);
}

lxw_error worksheet_repeat_rows(lxw_worksheet* worksheet, lxw_row_t first_row, lxw_row_t last_row)
{
    static auto* real = lib<decltype(worksheet_repeat_rows)>("worksheet_repeat_rows");
    return real(worksheet, first_row, last_row);
}

lxw_error worksheet_set_column(lxw_worksheet* worksheet, lxw_col_t first_col, lxw_col_t last_col, double width,
                               lxw_format* format)
{
    static auto* real = lib<decltype(worksheet_set_column)>("worksheet_set_column");
    return real(worksheet, first_col, last_col, width, format);
}

lxw_error worksheet_set_footer(lxw_worksheet* worksheet, const char* string)
{
    static auto* real = lib<decltype(worksheet_set_footer)>("worksheet_set_footer");
    return real(worksheet, string);
}

lxw_error worksheet_set_header(lxw_worksheet* worksheet, const char* string)
{
    static auto* real = lib<decltype(worksheet_set_header)>("worksheet_set_header");
    return real(worksheet, string);
}

void worksheet_set_landscape(lxw_worksheet* worksheet)
{
    static auto* real = lib<decltype(worksheet_set_landscape)>("worksheet_set_landscape");
    real(worksheet);
}

void worksheet_set_paper(lxw_worksheet* worksheet, uint8_t paper_type)
{
    static auto* real = lib<decltype(worksheet_set_paper)>("worksheet_set_paper");
    real(worksheet, paper_type);
}

lxw_error worksheet_set_row(lxw_worksheet* worksheet, lxw_row_t row, double height, lxw_format* format)
{
    static auto* real = lib<decltype(worksheet_set_row)>("worksheet_set_row");
    return real(worksheet, row, height, format);
}

lxw_error worksheet_write_blank(lxw_worksheet* worksheet, lxw_row_t row, lxw_col_t col, lxw_format* format)
{
    static auto* real = lib<decltype(worksheet_write_blank)>("worksheet_write_blank");
    return real(worksheet, row, col, format);
}

lxw_error worksheet_write_datetime(lxw_worksheet* worksheet, lxw_row_t row, lxw_col_t col, lxw_datetime* datetime,
                                   lxw_format* format)
{
    static auto* real = lib<decltype(worksheet_write_datetime)>("worksheet_write_datetime");
    return real(worksheet, row, col, datetime, format);
}

lxw_error worksheet_write_number(lxw_worksheet* worksheet, lxw_row_t row, lxw_col_t col, double number,
                                 lxw_format* format)
{
    static auto* real = lib<decltype(worksheet_write_number)>("worksheet_write_number");
    return real(worksheet, row, col, number, format);
}

lxw_error worksheet_write_string(lxw_worksheet* worksheet, lxw_row_t row, lxw_col_t col, const char* string,
                                 lxw_format* format)
{
    static auto* real = lib<decltype(worksheet_write_string)>("worksheet_write_string");
    return real(worksheet, row, col, string, format);
}

}  // extern "C"
