#pragma once
// The documents of `toro db` (docs/operations.md): the store's info, its checks, the audit log's
// head and its entries, as render models. Headings and words are in `lang` (human formats);
// machine formats keep the codes.

#include "core/lang.hpp"
#include "render/model.hpp"
#include "store/maintenance.hpp"

#include <vector>

namespace toro::store {

// `db info`: the store (a record) and the rows of each table.
render::Document info_document(const StoreInfo& info, Lang lang);

// `db check`: one row a check, its detail in English for machines and in `lang` for people.
render::Document check_document(const std::vector<CheckResult>& results, Lang lang);

// `db audit --head`: the last row's id and hash.
render::Document audit_head_document(const AuditHead& head, Lang lang);

// `db audit`: the entries, moved into the document. `for_people` (table, md) keeps only the
// fields a change changed (keep_changes) and shortens the command and the records before and
// after to a terminal's width; machine formats get them whole.
render::Document audit_document(std::vector<AuditEntry> entries, Lang lang, bool for_people);

}  // namespace toro::store
