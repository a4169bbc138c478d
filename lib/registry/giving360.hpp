#pragma once
// The register's ventures as a 360Giving data package (docs/formats.md: `toro register export
// venture --format 360giving`): `{"grants":[…]}`, one grant per venture, valid against the
// 360Giving 1.4.3 JSON schemas. docs/formats.md ("360Giving export") describes the mapping.

#include "config/config.hpp"
#include "core/catalogue.hpp"
#include "store/store.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace toro::registry {

struct Giving360Package {
    nlohmann::ordered_json json;  // {"grants":[…]}
    std::vector<Message> notes;   // what a person should know (recipients without a registry number)
};

// The organisation identifier of a recipient: `PL-KRS-<krs>`, else `PL-NIP-<nip>`, else
// `PL-REGON-<regon>`, else `360G-<grant_id_prefix>-<code>` (the publisher's own prefix, as the
// 360Giving identifier guidance says for organisations without a registration number).
std::string giving360_org_id(const std::optional<std::string>& krs, const std::optional<std::string>& nip,
                             const std::optional<std::string>& regon, const std::string& code,
                             const std::string& grant_id_prefix);

// The data package of every venture in the store, in venture code order. Throws
// Error(Exit::data) when there is no venture: the standard wants at least one grant.
Giving360Package giving360_package(store::Store& store, const config::Config& config);

}  // namespace toro::registry
