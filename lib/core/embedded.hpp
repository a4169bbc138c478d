#pragma once
// Files built into the binary (cmake/Embed.cmake): migrations, reference data, the
// configuration template and the demo data, so that toro works from any directory.

#include <span>
#include <string_view>

namespace toro {

struct EmbeddedFile {
    std::string_view path;  // relative to the source tree, e.g. "schemas/migrations/0001_base.sql"
    std::string_view content;
};

// Every embedded file, sorted by path.
std::span<const EmbeddedFile> embedded_files();

// The content of the embedded file `path`; Exit::internal when it is not built in.
std::string_view embedded_file(std::string_view path);

}  // namespace toro
