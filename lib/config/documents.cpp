#include "config/documents.hpp"

#include "core/catalogue.hpp"

namespace toro::config {
namespace {

// Where a value came from, in words for people: "default", "option --db", "environment LANG" and
// the names of files (as they are); machine formats keep the origin as config::entries gives it.
render::Cell origin_cell(const std::string& origin)
{
    const auto named = [&origin](std::string_view prefix, Key key) -> std::optional<render::Term> {
        if (!origin.starts_with(prefix)) {
            return std::nullopt;
        }
        return render::Term{origin, Message(key, {{"name", origin.substr(prefix.size())}})};
    };
    if (origin == "default") {
        return render::Term{origin, Message("config.origin.default")};
    }
    if (origin == "built-in defaults") {
        return render::Term{origin, Message("config.origin.builtin")};
    }
    if (auto term = named("option ", "config.origin.option")) {
        return *term;
    }
    if (auto term = named("environment ", "config.origin.environment")) {
        return *term;
    }
    return origin;
}

// A value with words where it is not one of the file's own: "(from LANG)".
render::Cell value_cell(const std::string& value)
{
    if (value == "(from LANG)") {
        return render::Term{value, Message("config.value.from_lang")};
    }
    if (value == "(toro.key beside the store)") {
        return render::Term{value, Message("config.value.key_beside_store")};
    }
    if (value == "(not set)") {
        return render::Term{value, Message("config.value.not_set")};
    }
    if (value == "(mail.from)") {
        return render::Term{value, Message("config.value.as_mail_from")};
    }
    return value;
}

}  // namespace

render::Document config_document(const Config& config, const std::optional<std::filesystem::path>& file,
                                 const std::string& file_origin, Lang lang)
{
    render::Table table;
    table.name = "config";
    table.columns = {
        {"key", say(lang, "column.key")}, {"value", say(lang, "column.value")}, {"origin", say(lang, "column.origin")}};
    table.rows.push_back({render::Term{"file", Message("config.file_row")}, file ? file->string() : std::string(),
                          origin_cell(file_origin)});
    for (const auto& entry : entries(config)) {
        table.rows.push_back({entry.key, value_cell(entry.value), origin_cell(entry.origin)});
    }
    render::Document document;
    document.title = say(lang, "config.title");
    document.tables.push_back(std::move(table));
    return document;
}

}  // namespace toro::config
