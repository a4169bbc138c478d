#include "render/render.hpp"

#include "core/error.hpp"
#include "render/writers.hpp"

#include <string>

namespace toro::render {

void render(const Document& document, const RenderOptions& options, std::ostream& out)
{
    switch (options.format) {
    case Format::table:
        write_table(document, options, out);
        return;
    case Format::csv:
    case Format::tsv:
        write_delimited(document, options, out);
        return;
    case Format::json:
        write_json(document, out);
        return;
    case Format::jsonl:
        write_jsonl(document, out);
        return;
    case Format::md:
        write_markdown(document, options, out);
        return;
    case Format::xlsx:
        write_xlsx(document, options, out);
        return;
    case Format::html:
        write_html(document, options, out);
        return;
    }
    throw Error(Exit::usage, "--format",
                Message("output.format_unavailable", {{"format", std::string(format_name(options.format))}}));
}

}  // namespace toro::render
