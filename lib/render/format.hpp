#pragma once
// The output formats of --format and how they are named and guessed from a file name.

#include <optional>
#include <string>
#include <string_view>

namespace toro::render {

enum class Format { table, csv, tsv, json, jsonl, md, html, xlsx };

// The format a --format value names: "table", "csv", "tsv", "json", "jsonl", "md", "html",
// "xlsx" (also "ndjson" for jsonl and "markdown" for md), letters in any case; nullopt for
// anything else.
std::optional<Format> parse_format(std::string_view name);

// The format a file name's extension asks for (.csv .tsv .json .jsonl .ndjson .md .html .htm
// .xlsx, .txt for table; letters in any case); nullopt when there is no known extension.
std::optional<Format> format_for_path(std::string_view path);

// The extension of a file name in ASCII lower case, without the dot ("pdf" for "raport.PDF");
// empty when the name has none (also for a name like ".csv", which is all extension).
std::string path_extension(std::string_view path);

// Whether `format` writes a document's own JSON (Document::json) when it has one: json and
// jsonl, which then read neither its tables nor its charts.
bool writes_document_json(Format format);

// The canonical name, as parse_format accepts it: "table", "csv", ...
std::string_view format_name(Format format);

}  // namespace toro::render
