#include "validators.hpp"

#include "core/date.hpp"
#include "core/error.hpp"

#include <string>

namespace toro::cli {
namespace {

// A validator that accepts what `parse` accepts; its InvalidValue becomes the usage error.
template <typename Parse> CLI::Validator checked(Context& context, Parse parse, const char* name)
{
    return CLI::Validator(
        [&context, parse](std::string& text) {
            try {
                parse(text);
                return std::string();
            } catch (const InvalidValue& error) {
                return error.words().text(context.message_lang());
            }
        },
        name);
}

}  // namespace

CLI::Validator date_check(Context& context)
{
    return checked(
        context, [](const std::string& text) { Date::parse(text); }, "DATE");
}

CLI::Validator period_check(Context& context)
{
    return checked(
        context, [](const std::string& text) { Period::parse(text); }, "YYYY-MM");
}

}  // namespace toro::cli
