// The functions of ICU that collation.cpp calls, defined here as forwarders to the library opened
// on first use (core/shared_library.hpp): a command that sorts no names never loads it. ICU's
// headers rename each function after its version (ucol_open is ucol_open_72); these definitions
// are renamed the same way, and each looks its real function up by that name. Each definition
// must match its declaration in <unicode/ucol.h>, which the compiler checks.

#include "core/shared_library.hpp"

#include <unicode/ucol.h>
#include <unicode/utypes.h>

// The name a function has in the library: its name after ICU's renaming macro.
#define TORO_ICU_NAME(name) TORO_ICU_STRING(name)
#define TORO_ICU_STRING(name) #name

namespace {

template <typename F> F* lib(const char* name)
{
    return toro::library_function<F>(TORO_ICU_I18N_SONAME, name);
}

}  // namespace

extern "C" {

UCollator* ucol_open(const char* loc, UErrorCode* status)
{
    static auto* real = lib<decltype(ucol_open)>(TORO_ICU_NAME(ucol_open));
    return real(loc, status);
}

void ucol_close(UCollator* coll)
{
    static auto* real = lib<decltype(ucol_close)>(TORO_ICU_NAME(ucol_close));
    real(coll);
}

UCollationResult ucol_strcollUTF8(const UCollator* coll, const char* source, int32_t sourceLength, const char* target,
                                  int32_t targetLength, UErrorCode* status)
{
    static auto* real = lib<decltype(ucol_strcollUTF8)>(TORO_ICU_NAME(ucol_strcollUTF8));
    return real(coll, source, sourceLength, target, targetLength, status);
}

const char* u_errorName(UErrorCode code)
{
    // u_errorName is in ICU's common library, which the collation library loads with it.
    static auto* real = lib<decltype(u_errorName)>(TORO_ICU_NAME(u_errorName));
    return real(code);
}

}  // extern "C"
