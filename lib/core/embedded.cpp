#include "core/embedded.hpp"

#include "core/error.hpp"

namespace toro {

std::string_view embedded_file(std::string_view path)
{
    for (const auto& file : embedded_files()) {
        if (file.path == path) {
            return file.content;
        }
    }
    throw Error(Exit::internal, std::string(path), Message("embedded.missing"));
}

}  // namespace toro
