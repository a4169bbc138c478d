#include "store/pseudonym.hpp"

#include "core/date.hpp"
#include "core/error.hpp"
#include "core/text.hpp"
#include "store/audit_chain.hpp"
#include "store/key_file.hpp"

#include "store/database.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <array>
#include <filesystem>

namespace toro::store {
std::string pseudonymise(Store& store, std::string_view id)
{
    return Pseudonymiser(store)(id);
}

bool ensure_key(Store& store)
{
    std::error_code ignored;
    if (std::filesystem::exists(store.key_path(), ignored)) {
        return true;
    }
    const auto pseudonyms =
        store.db().query_integer("SELECT EXISTS (SELECT 1 FROM response) OR EXISTS (SELECT 1 FROM attendance) "
                                 "OR EXISTS (SELECT 1 FROM forgotten)");
    if (pseudonyms != 0) {
        return false;
    }
    create_key(store.key_path());
    return true;
}

std::string_view person_id(std::string_view raw)
{
    return trim(raw);
}

ForgottenPeople::ForgottenPeople(Store& store)
    : m_store(store), m_any(store.db().query_integer("SELECT EXISTS (SELECT 1 FROM forgotten)") != 0)
{
}

bool ForgottenPeople::contains(const std::string& pseudonym)
{
    if (!m_any) {
        return false;
    }
    store::Statement find(m_store.db(), "SELECT 1 FROM forgotten WHERE digest = ?");
    find.bind(1, sha256_hex(pseudonym));
    return find.step();
}

void ForgottenPeople::add(const std::string& pseudonym)
{
    store::Statement insert(m_store.db(), "INSERT INTO forgotten (digest, at) VALUES (?, ?) ON CONFLICT DO NOTHING");
    insert.bind(1, sha256_hex(pseudonym));
    insert.bind(2, utc_timestamp());
    insert.exec();
    m_any = true;
}

Pseudonymiser::Pseudonymiser(Store& store) : m_key(read_key(store.key_path())) {}
std::string Pseudonymiser::operator()(std::string_view id) const
{
    const auto& key = m_key;
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int length = 0;
    if (HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(id.data()),
             id.size(), digest.data(), &length) == nullptr) {
        throw Error(Exit::internal, Message("pseudonym.failed"));
    }
    return hex(digest.data(), length);
}

}  // namespace toro::store
