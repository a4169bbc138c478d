#pragma once
// The audit of a bulk import as a few rows instead of one per record written (docs/reports.md
// "Import", docs/register.md "Import"): rows of action `import`, key the input's name, each
// listing up to import_audit_keys of the keys written, with the import's counts. `db audit
// --key K` finds a key in them (maintenance.cpp). A written record is its own "after"; what it
// replaced, where that matters, is listed in `replaced` (reports) or audited by a row of its own
// with before and after (the register's updates).

#include "store/store.hpp"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace toro::store {

// The most keys one audit row of an import lists, so that neither the audit log nor memory
// grows by a row per record.
inline constexpr std::size_t import_audit_keys = 10000;

// What an import did, counted in its entity's records; every row of its audit repeats them.
struct ImportCounts {
    std::size_t inserted = 0;
    std::size_t updated = 0;
    std::size_t unchanged = 0;
};

// Writes the audit rows of one import: give it every key written, then call finish(). Each row's
// `after` is {"inserted":…,"updated":…,"unchanged":…,"part":…,"parts":…,"keys":[…]} and, when
// `list_replaced`, "replaced":[…] (those of its keys that replaced a stored version). `keys` is
// how many keys add() will be given; an import that writes none adds no row.
class ImportAudit {
public:
    ImportAudit(Store& store, std::string entity, std::string source, const ImportCounts& counts, std::size_t keys,
                bool list_replaced);
    ImportAudit(const ImportAudit&) = delete;
    ImportAudit& operator=(const ImportAudit&) = delete;

    void add(std::string_view key, bool replaced = false);
    // Writes the last row (a partial one) and those held.
    void finish();

private:
    // The rows are made as their keys come and written a few at a time (Store::audit_texts):
    // a bulk load the database is still finishing goes on meanwhile.
    static constexpr std::size_t rows_held = 16;
    void end_row();
    void write_rows();

    Store& m_store;
    std::string m_entity;
    std::string m_source;
    ImportCounts m_counts;
    std::size_t m_parts;
    bool m_list_replaced;
    std::size_t m_part = 0;
    std::size_t m_count = 0;
    std::string m_keys;  // the JSON arrays' elements, written as they come
    std::string m_replaced;
    std::vector<std::string> m_rows;  // the rows made and not written yet: their `after`
};

}  // namespace toro::store
