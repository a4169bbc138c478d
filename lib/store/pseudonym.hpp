#pragma once
// Pseudonyms for people (survey respondents, training participants): an id is stored only as
// HMAC-SHA-256 under a secret key kept in this store, so the same id always maps to the same
// pseudonym here and to nothing elsewhere. The raw id never reaches the disk.

#include "store/store.hpp"

#include <string>
#include <string_view>

namespace toro::store {

// The pseudonym of `id` (64 hex digits). Creates the store's key (32 random bytes from
// OpenSSL) on first use; call inside a write transaction.
std::string pseudonymise(Store& store, std::string_view id);

// The same for many ids: reads (or creates) the key once. Construct inside a write transaction
// when the store may not have a key yet.
class Pseudonymiser {
public:
    explicit Pseudonymiser(Store& store);
    std::string operator()(std::string_view id) const;

private:
    std::string m_key;
};

} // namespace toro::store
