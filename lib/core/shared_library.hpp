#pragma once
// Shared libraries opened on first use rather than when the program starts. Loading
// libxlsxwriter and libcrypto (with its thousands of relocations) took longer than the rest
// of a short command's start-up, and only `--format xlsx` and pseudonyms need them; their
// functions are defined by forwarders (render/xlsx_library.cpp, store/crypto_library.cpp)
// that resolve the real ones here.

namespace toro {

// The address of `symbol` in the library named `soname` ("libxlsxwriter.so.4"), which is
// opened the first time; throws Error (exit 1) naming the library when either cannot be found.
void* shared_library_symbol(const char* soname, const char* symbol);

// The real function `name` of type F from the library `soname`.
template <typename F> F* library_function(const char* soname, const char* name)
{
    return reinterpret_cast<F*>(shared_library_symbol(soname, name));
}

}  // namespace toro
