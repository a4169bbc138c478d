#include "store/import_audit.hpp"

#include "core/text.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace toro::store {

ImportAudit::ImportAudit(Store& store, std::string entity, std::string source, const ImportCounts& counts,
                         std::size_t keys, bool list_replaced)
    : m_store(store), m_entity(std::move(entity)), m_source(std::move(source)), m_counts(counts),
      m_parts((keys + import_audit_keys - 1) / import_audit_keys), m_list_replaced(list_replaced)
{
}

void ImportAudit::add(std::string_view key, bool replaced)
{
    m_keys += m_count == 0 ? "" : ",";
    append_json_string(m_keys, key);
    if (replaced && m_list_replaced) {
        m_replaced += m_replaced.empty() ? "" : ",";
        append_json_string(m_replaced, key);
    }
    if (++m_count == import_audit_keys) {
        end_row();
    }
}

void ImportAudit::finish()
{
    if (m_count > 0) {
        end_row();
    }
    write_rows();
}

void ImportAudit::end_row()
{
    ++m_part;
    auto after =
        fmt::format(R"({{"inserted":{},"updated":{},"unchanged":{},"part":{},"parts":{},"keys":[{}])",
                    m_counts.inserted, m_counts.updated, m_counts.unchanged, m_part, std::max(m_parts, m_part), m_keys);
    if (m_list_replaced) {
        after += fmt::format(R"(,"replaced":[{}])", m_replaced);
    }
    after += '}';
    m_rows.push_back(std::move(after));
    m_keys.clear();
    m_replaced.clear();
    m_count = 0;
    if (m_rows.size() == rows_held) {
        write_rows();
    }
}

void ImportAudit::write_rows()
{
    m_store.audit_texts(m_entity, m_source, "import", m_rows);
    m_rows.clear();
}

}  // namespace toro::store
