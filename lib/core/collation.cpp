#include "core/collation.hpp"

#include "core/error.hpp"

#include <unicode/ucol.h>

#include <climits>
#include <memory>

namespace toro {
namespace {

struct CloseCollator {
    void operator()(UCollator* collator) const { ucol_close(collator); }
};

const UCollator& polish_collator()
{
    static const std::unique_ptr<UCollator, CloseCollator> collator = [] {
        UErrorCode status = U_ZERO_ERROR;
        std::unique_ptr<UCollator, CloseCollator> opened(ucol_open("pl", &status));
        if (U_FAILURE(status) || opened == nullptr) {
            throw Error(Exit::internal,
                        Message("collation.unavailable", {{"detail", std::string(u_errorName(status))}}));
        }
        return opened;
    }();
    return *collator;
}

int32_t length_of(std::string_view text)
{
    return text.size() > static_cast<std::size_t>(INT32_MAX) ? INT32_MAX : static_cast<int32_t>(text.size());
}

}  // namespace

int polish_compare(std::string_view a, std::string_view b)
{
    UErrorCode status = U_ZERO_ERROR;
    const UCollationResult result =
        ucol_strcollUTF8(&polish_collator(), a.data(), length_of(a), b.data(), length_of(b), &status);
    if (U_FAILURE(status) || result == UCOL_EQUAL) {
        return a.compare(b);
    }
    return result == UCOL_LESS ? -1 : 1;
}

bool polish_less(std::string_view a, std::string_view b)
{
    return polish_compare(a, b) < 0;
}

}  // namespace toro
