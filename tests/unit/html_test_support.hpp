#pragma once
// What the tests of the html format share: rendering a document and checking that the
// page is well-formed and self-contained.

#include "render/render.hpp"

#include <doctest/doctest.h>

#include <cstddef>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace toro::test {

// The document as an html page in `lang`.
inline std::string rendered(const render::Document& document, Lang lang = Lang::pl)
{
    render::RenderOptions options;
    options.format = render::Format::html;
    options.lang = lang;
    std::ostringstream out;
    render::render(document, options, out);
    return out.str();
}

// How many times `part` occurs in `text`, not overlapping.
inline std::size_t occurrences(std::string_view text, std::string_view part)
{
    std::size_t count = 0;
    for (auto at = text.find(part); at != std::string_view::npos; at = text.find(part, at + part.size())) {
        ++count;
    }
    return count;
}

// The first problem with the nesting of the document's elements, or "" when every element is
// closed in order. Void elements, "<!...>" and "/>" need no end tag; <style> holds raw text.
inline std::string nesting_problem(std::string_view html)
{
    static const std::set<std::string, std::less<>> void_elements = {"meta", "br", "hr", "img", "input", "link"};
    std::vector<std::string> open;
    std::size_t at = 0;
    while ((at = html.find('<', at)) != std::string_view::npos) {
        const auto end = html.find('>', at);
        if (end == std::string_view::npos) {
            return "a tag is not closed";
        }
        const std::string_view tag = html.substr(at + 1, end - at - 1);
        at = end + 1;
        if (tag.starts_with('!')) {
            continue;
        }
        const bool closing = tag.starts_with('/');
        const std::string_view rest = closing ? tag.substr(1) : tag;
        const std::string name(rest.substr(0, rest.find_first_of(" \n/")));
        if (closing) {
            if (open.empty() || open.back() != name) {
                return "</" + name + "> closes " + (open.empty() ? std::string("nothing") : "<" + open.back() + ">");
            }
            open.pop_back();
        } else if (!tag.ends_with('/') && !void_elements.contains(name)) {
            open.push_back(name);
            if (name == "style") {
                at = html.find("</style>", at);
                if (at == std::string_view::npos) {
                    return "<style> is not closed";
                }
            }
        }
    }
    return open.empty() ? "" : "<" + open.back() + "> is not closed";
}

// Every address in the text other than the SVG namespace.
inline std::vector<std::string> addresses(std::string_view html)
{
    std::vector<std::string> found;
    for (const std::string_view scheme : {"http://", "https://"}) {
        for (auto at = html.find(scheme); at != std::string_view::npos; at = html.find(scheme, at + 1)) {
            const std::string_view address = html.substr(at, html.find_first_of("\" '<>", at) - at);
            if (address != "http://www.w3.org/2000/svg") {
                found.emplace_back(address);
            }
        }
    }
    return found;
}

// True when a NaN or an infinity made it into a coordinate or a label.
inline bool has_non_finite_number(std::string_view html)
{
    for (const std::string_view word : {"nan", "inf"}) {
        for (const char before : {'"', ',', ' ', '>', '-'}) {
            if (html.find(std::string(1, before) + std::string(word)) != std::string_view::npos) {
                return true;
            }
        }
    }
    return false;
}

inline void check_self_contained(const std::string& html)
{
    CHECK(nesting_problem(html) == "");
    CHECK(addresses(html).empty());
    CHECK(html.find("<script") == std::string::npos);
    CHECK(html.find("<link") == std::string::npos);
    CHECK(html.find("@import") == std::string::npos);
    CHECK(html.find("<img") == std::string::npos);
    CHECK(occurrences(html, "url(") == occurrences(html, "url(#"));
    CHECK(occurrences(html, "<table") == occurrences(html, "</table>"));
    CHECK(occurrences(html, "<svg") == occurrences(html, "</svg>"));
}

// The text of every <svg> element of the page, in order.
inline std::vector<std::string> svg_elements(std::string_view html)
{
    std::vector<std::string> found;
    for (auto at = html.find("<svg"); at != std::string_view::npos; at = html.find("<svg", at + 1)) {
        const auto end = html.find("</svg>", at);
        if (end == std::string_view::npos) {
            break;
        }
        found.emplace_back(html.substr(at, end + 6 - at));
    }
    return found;
}

// What python3's XML parser says of `xml` ("" when it parses), or "no python3" when there is
// none to ask; `scratch` is a directory for the file it reads.
inline std::string xml_problem(const std::string& xml, const std::filesystem::path& scratch)
{
    if (std::system("command -v python3 >/dev/null 2>&1") != 0) {
        return "no python3";
    }
    const auto file = scratch / "chart.svg";
    const auto report = scratch / "xml.txt";
    std::ofstream(file, std::ios::binary) << xml;
    const std::string command = "python3 -c 'import sys, xml.etree.ElementTree as E; E.parse(sys.argv[1])' '" +
                                file.string() + "' >'" + report.string() + "' 2>&1";
    if (std::system(command.c_str()) == 0) {
        return "";
    }
    std::ifstream in(report);
    std::stringstream text;
    text << in.rdbuf();
    return text.str().empty() ? "python3 failed" : text.str();
}

}  // namespace toro::test
