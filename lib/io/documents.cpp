#include "io/documents.hpp"

#include "core/catalogue.hpp"

namespace toro::io {
namespace {

// A problem for machines: its line, field and value as written (null when there is none), the
// message in English, and a spreadsheet's cell where the problem has one.
void problem_fields(const Problem& problem, render::Fields& out)
{
    const auto absent_when_empty = [](const std::string& text) {
        return text.empty() ? std::nullopt : std::optional<std::string>(text);
    };
    out("line", problem.line)("field", absent_when_empty(problem.field))("value", absent_when_empty(problem.value));
    out("message", problem.message.text(Lang::en));
    if (!problem.cell.empty()) {  // a spreadsheet's: the row is `line`, the cell this
        out("cell", problem.cell);
    }
}

}  // namespace

void fields(const ImportSummary& summary, render::Fields& out)
{
    out("inserted", summary.inserted)("updated", summary.updated)("unchanged", summary.unchanged);
    out("rejected", summary.rejected)("encoding", summary.encoding);
    out.each("errors", summary.errors, problem_fields).each("warnings", summary.warnings, problem_fields);
}

render::Document summary_document(const ImportSummary& summary, const std::string& title, Lang lang)
{
    render::Table table;
    table.name = "summary";
    table.record = true;
    for (const char* key : {"inserted", "updated", "unchanged", "rejected"}) {
        table.columns.push_back({key, say(lang, Key::composed(std::string("import.column.") + key))});
    }
    table.rows.push_back({static_cast<std::int64_t>(summary.inserted), static_cast<std::int64_t>(summary.updated),
                          static_cast<std::int64_t>(summary.unchanged), static_cast<std::int64_t>(summary.rejected)});
    render::Document document;
    document.title = title;
    document.shape = render::Shape::record;
    document.tables.push_back(std::move(table));
    render::set_json(document, summary);
    return document;
}

}  // namespace toro::io
