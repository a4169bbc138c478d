// Loading toro.toml from any text: it either gives a configuration, whose every entry can be
// listed (`toro config show`), or fails with a configuration error (exit 78) that names the
// file — never another error, never a crash.
#include "config/config.hpp"
#include "core/error.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    try {
        const auto config = toro::config::load_text(text, "fuzz.toml");
        for (const auto& entry : toro::config::entries(config)) {
            if (entry.key.empty()) {
                std::abort();
            }
        }
    } catch (const toro::Error& error) {
        if (error.code() != toro::Exit::config || error.context().rfind("fuzz.toml", 0) != 0) {
            std::abort();
        }
    }
    return 0;
}
