#include "render/format.hpp"

#include "core/text.hpp"

#include <array>
#include <string>
#include <utility>

namespace toro::render {

namespace {

// Every name parse_format accepts; canonical names first for each format.
constexpr std::array<std::pair<std::string_view, Format>, 10> names{{
    {"table", Format::table},
    {"csv", Format::csv},
    {"tsv", Format::tsv},
    {"json", Format::json},
    {"jsonl", Format::jsonl},
    {"ndjson", Format::jsonl},
    {"md", Format::md},
    {"markdown", Format::md},
    {"html", Format::html},
    {"xlsx", Format::xlsx},
}};

constexpr std::array<std::pair<std::string_view, Format>, 10> extensions{{
    {"txt", Format::table},
    {"csv", Format::csv},
    {"tsv", Format::tsv},
    {"json", Format::json},
    {"jsonl", Format::jsonl},
    {"ndjson", Format::jsonl},
    {"md", Format::md},
    {"html", Format::html},
    {"htm", Format::html},
    {"xlsx", Format::xlsx},
}};

}  // namespace

std::optional<Format> parse_format(std::string_view name)
{
    const std::string lower = ascii_lower(name);
    for (const auto& [known, format] : names) {
        if (lower == known) {
            return format;
        }
    }
    return std::nullopt;
}

std::string path_extension(std::string_view path)
{
    const auto slash = path.find_last_of("/\\");
    const std::string_view file = slash == std::string_view::npos ? path : path.substr(slash + 1);
    const auto dot = file.rfind('.');
    if (dot == std::string_view::npos || dot == 0) {  // no extension, or a name like ".csv"
        return {};
    }
    return ascii_lower(file.substr(dot + 1));
}

std::optional<Format> format_for_path(std::string_view path)
{
    const std::string extension = path_extension(path);
    if (extension.empty()) {
        return std::nullopt;
    }
    for (const auto& [known, format] : extensions) {
        if (extension == known) {
            return format;
        }
    }
    return std::nullopt;
}

bool writes_document_json(Format format)
{
    return format == Format::json || format == Format::jsonl;
}

std::string_view format_name(Format format)
{
    switch (format) {
    case Format::table:
        return "table";
    case Format::csv:
        return "csv";
    case Format::tsv:
        return "tsv";
    case Format::json:
        return "json";
    case Format::jsonl:
        return "jsonl";
    case Format::md:
        return "md";
    case Format::html:
        return "html";
    case Format::xlsx:
        return "xlsx";
    }
    return "table";
}

}  // namespace toro::render
