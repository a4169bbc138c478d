// The functions of libcrypto that pseudonym.cpp and audit_chain.cpp call, defined here as
// forwarders to the library opened on first use (core/shared_library.hpp): only commands that
// write or verify the audit log, or pseudonymise, load it. Each definition must match its
// declaration in the OpenSSL headers, which the compiler checks.

#include "core/shared_library.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

namespace {

template <typename F> F* lib(const char* name)
{
    return toro::library_function<F>(TORO_CRYPTO_SONAME, name);
}

}  // namespace

extern "C" {

int RAND_bytes(unsigned char* buf, int num)
{
    static auto* real = lib<decltype(RAND_bytes)>("RAND_bytes");
    return real(buf, num);
}

unsigned char* HMAC(const EVP_MD* evp_md, const void* key, int key_len, const unsigned char* data, size_t data_len,
                    unsigned char* md, unsigned int* md_len)
{
    static auto* real = lib<decltype(HMAC)>("HMAC");
    return real(evp_md, key, key_len, data, data_len, md, md_len);
}

int EVP_Digest(const void* data, size_t count, unsigned char* md, unsigned int* size, const EVP_MD* type, ENGINE* impl)
{
    static auto* real = lib<decltype(EVP_Digest)>("EVP_Digest");
    return real(data, count, md, size, type, impl);
}

const EVP_MD* EVP_sha256(void)
{
    static auto* real = lib<decltype(EVP_sha256)>("EVP_sha256");
    return real();
}

}  // extern "C"
