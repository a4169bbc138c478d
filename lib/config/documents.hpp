#pragma once
// `toro config show`: the effective configuration and where each value came from, as a document.

#include "config/config.hpp"
#include "core/lang.hpp"
#include "render/model.hpp"

#include <filesystem>
#include <optional>
#include <string>

namespace toro::config {

// The file read (`file`, none when only defaults apply) and how it was found (`file_origin`),
// then every setting with its value and origin: words for people, the origins as entries()
// gives them for machines.
render::Document config_document(const Config& config, const std::optional<std::filesystem::path>& file,
                                 const std::string& file_origin, Lang lang);

}  // namespace toro::config
