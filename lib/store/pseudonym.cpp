#include "store/pseudonym.hpp"

#include "core/error.hpp"

#include <SQLiteCpp/Statement.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <array>

namespace toro::store {
namespace {

constexpr const char* key_setting = "pseudonym_key";

std::string hex(const unsigned char* bytes, std::size_t size)
{
    static constexpr char digits[] = "0123456789abcdef";
    std::string text;
    text.reserve(size * 2);
    for (std::size_t i = 0; i < size; ++i) {
        text += digits[bytes[i] >> 4];
        text += digits[bytes[i] & 0x0f];
    }
    return text;
}

std::string store_key(Store& store)
{
    SQLite::Statement select(store.db(), "SELECT value FROM store_setting WHERE name = ?");
    select.bind(1, key_setting);
    if (select.executeStep()) {
        return select.getColumn(0).getString();
    }
    std::array<unsigned char, 32> key{};
    if (RAND_bytes(key.data(), static_cast<int>(key.size())) != 1) {
        throw Error(Exit::internal, "cannot draw random bytes for the pseudonym key");
    }
    const auto text = hex(key.data(), key.size());
    SQLite::Statement insert(store.db(), "INSERT INTO store_setting (name, value) VALUES (?, ?)");
    insert.bind(1, key_setting);
    insert.bind(2, text);
    insert.exec();
    return text;
}

} // namespace

std::string pseudonymise(Store& store, std::string_view id)
{
    return Pseudonymiser(store)(id);
}

Pseudonymiser::Pseudonymiser(Store& store) : m_key(store_key(store)) {}

std::string Pseudonymiser::operator()(std::string_view id) const
{
    const auto& key = m_key;
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int length = 0;
    if (HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(id.data()),
             id.size(), digest.data(), &length) == nullptr) {
        throw Error(Exit::internal, "cannot compute a pseudonym");
    }
    return hex(digest.data(), length);
}

} // namespace toro::store
