#pragma once
// Pseudonyms for people (survey respondents, training participants): an id is stored only as
// HMAC-SHA-256 under a secret key kept in the store's key file (store/key_file.hpp), so the
// same id always maps to the same pseudonym here and to nothing elsewhere. The raw id never
// reaches the disk.

#include "store/store.hpp"

#include <string>
#include <string_view>

namespace toro::store {

// The pseudonym of `id` (64 hex digits). Errors: the key file cannot be read (78).
std::string pseudonymise(Store& store, std::string_view id);

// Makes sure the store's key file is there: creates it when it is missing and the store holds
// no pseudonym yet (no response, attendance or forgotten person), as `toro init` does. False
// when it is missing and cannot be made without orphaning the pseudonyms stored.
bool ensure_key(Store& store);

// A person's id as imports store it and `db forget` looks it up: without the spaces around it
// (the case is kept: `R-IES-007` and `r-ies-007` are two ids).
std::string_view person_id(std::string_view raw);

// People erased by `db forget`, kept as the SHA-256 of their pseudonym so that an import that
// would bring them back can be refused.
class ForgottenPeople {
public:
    explicit ForgottenPeople(Store& store);
    bool contains(const std::string& pseudonym);
    void add(const std::string& pseudonym);

private:
    Store& m_store;
    bool m_any = false;
};

// The same for many ids: reads the key file once.
class Pseudonymiser {
public:
    explicit Pseudonymiser(Store& store);
    std::string operator()(std::string_view id) const;

private:
    std::string m_key;
};

}  // namespace toro::store
