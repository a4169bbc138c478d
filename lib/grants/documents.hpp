#pragma once
// The documents of the end of the grant cycle (docs/grants.md): a venture's settlement — its
// JSON as PRODUCT.md §13 fixes it, and for people a settlement a finance department can sign —,
// the list of ventures with money due, and the draft final report.

#include "core/lang.hpp"
#include "grants/ledger.hpp"
#include "registry/names.hpp"
#include "render/model.hpp"

#include <string>
#include <vector>

namespace toro::grants {

// The settlement for people: the venture and organization, the amounts, what is due by when,
// the returns, the interest per rate period, and lines for the signatures; `city` is the
// granting authority's name.
render::Document settlement_document(const VentureSettlement& settlement, const std::string& city, Lang lang,
                                     const registry::Names& names);

// `report settlement --all`: one row per venture with money due; its JSON an array of
// settlements.
render::Document settlement_list_document(const std::vector<VentureSettlement>& settlements, Date as_of, Lang lang,
                                          const registry::Names& names);

// The draft final report in the parts of the 2018 form, the organization's own parts left
// empty to fill.
render::Document final_document(const FinalReport& report, Lang lang, const registry::Names& names);

}  // namespace toro::grants
