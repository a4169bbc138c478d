#include "core/shared_library.hpp"

#include "core/error.hpp"

#include <fmt/format.h>

#include <dlfcn.h>
#include <map>
#include <mutex>
#include <string>

namespace toro {

void* shared_library_symbol(const char* soname, const char* symbol)
{
    static std::mutex mutex;
    static std::map<std::string, void*> handles;  // never closed: the forwarders keep the addresses
    const std::lock_guard lock(mutex);
    void*& handle = handles[soname];
    if (handle == nullptr) {
        handle = ::dlopen(soname, RTLD_NOW | RTLD_LOCAL);
        if (handle == nullptr) {
            const char* why = ::dlerror();
            throw Error(Exit::internal, soname,
                        Message("library.cannot_load", {{"detail", why != nullptr ? why : "?"}}));
        }
    }
    ::dlerror();
    void* address = ::dlsym(handle, symbol);
    if (address == nullptr) {
        const char* why = ::dlerror();
        throw Error(Exit::internal, soname,
                    Message("library.no_symbol", {{"symbol", symbol}, {"detail", why != nullptr ? why : "?"}}));
    }
    return address;
}

}  // namespace toro
