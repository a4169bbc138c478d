#include "store/documents.hpp"

#include "core/catalogue.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace toro::store {
namespace {

// Characters of the command and of before/after in a human list of the audit log.
constexpr std::size_t audit_text_width = 28;

// A column whose heading is the catalogue's db.column.KEY.
render::Column column(Lang lang, const char* key)
{
    return {key, say(lang, Key::composed(std::string("db.column.") + key))};
}

}  // namespace

render::Document info_document(const StoreInfo& info, Lang lang)
{
    render::Table summary;
    summary.name = "store";
    summary.record = true;
    for (const char* key :
         {"path", "size_bytes", "schema_version", "program_schema_version", "journal_mode", "toro_version"}) {
        summary.columns.push_back(column(lang, key));
    }
    summary.rows.push_back({info.path, info.size_bytes, std::int64_t{info.schema_version},
                            std::int64_t{info.program_schema_version}, info.journal_mode, std::string(TORO_VERSION)});
    render::Table counts;
    counts.name = "tables";
    counts.title = say(lang, "db.info.section.tables");
    counts.columns = {column(lang, "table"), column(lang, "rows")};
    for (const auto& count : info.counts) {
        counts.rows.push_back({render::term("db.table.", count.table), count.rows});
    }
    render::Document document;
    document.title = say(lang, "db.info.title");
    document.shape = render::Shape::sections;
    document.tables.push_back(std::move(summary));
    document.tables.push_back(std::move(counts));
    return document;
}

render::Document check_document(const std::vector<CheckResult>& results, Lang lang)
{
    render::Table table;
    table.name = "checks";
    table.columns = {column(lang, "check"), column(lang, "ok"), column(lang, "detail")};
    for (const auto& result : results) {
        table.rows.push_back({render::term("db.check.", result.check), result.ok,
                              render::Term{result.detail.text(Lang::en), result.detail}});
    }
    render::Document document;
    document.title = say(lang, "db.check.title");
    document.tables.push_back(std::move(table));
    return document;
}

render::Document audit_head_document(const AuditHead& head, Lang lang)
{
    render::Table table;
    table.name = "head";
    table.record = true;
    table.columns = {column(lang, "id"), column(lang, "hash")};
    table.rows.push_back({head.id, head.hash});
    render::Document document;
    document.title = say(lang, "db.audit.head_title");
    document.shape = render::Shape::record;
    document.tables.push_back(std::move(table));
    return document;
}

render::Document audit_document(std::vector<AuditEntry> entries, Lang lang, bool for_people)
{
    render::Table table;
    table.name = "audit";
    for (const char* key : {"id", "at", "actor", "os_login", "command", "entity", "key", "action", "before", "after"}) {
        table.columns.push_back(column(lang, key));
        const std::string_view name = key;
        if (name == "command" || name == "before" || name == "after") {
            table.columns.back().human_width = audit_text_width;
        }
    }
    const auto text = [](std::optional<std::string>& value) -> render::Cell {
        return value ? render::Cell(std::move(*value)) : render::Cell();
    };
    for (auto& entry : entries) {
        if (for_people) {
            keep_changes(entry);
        }
        table.rows.push_back({entry.id, entry.at, entry.actor, entry.os_login, entry.command,
                              render::term("entity.", entry.entity), entry.key,
                              render::term("audit.action.", entry.action), text(entry.before), text(entry.after)});
    }
    render::Document document;
    document.title = say(lang, "db.audit.title");
    document.tables.push_back(std::move(table));
    return document;
}

}  // namespace toro::store
