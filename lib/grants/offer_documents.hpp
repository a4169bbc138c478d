#pragma once
// The documents of an open call (docs/grants.md): the committee's protocol and the public list
// of results, as render models. Headings and words are in `lang` (human formats); machine
// formats keep the codes, and the protocol's JSON comes from the assessment's fields.

#include "grants/offers.hpp"
#include "render/model.hpp"

namespace toro::grants {

// `evaluate offers CALL`: the call and its criteria, each offer's formal check, each reviewer's
// points, the conflicts declared, the past-performance criterion with its evidence, and the
// ranking with the proposal.
render::Document protocol_document(const CallAssessment& assessment, Lang lang);

// `evaluate offers CALL --publish`: organization, title and amount of every offer (art. 15
// ust. 2h–2j): the amounts awarded once the call has awards, the committee's proposal before.
render::Document results_document(const CallAssessment& assessment, Lang lang);

}  // namespace toro::grants
