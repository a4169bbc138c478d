#pragma once
// UTF-8 text helpers shared by readers and renderers (utf8proc does the Unicode work).

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace toro {

// The byte offset of the first invalid UTF-8 sequence, or nullopt when the text is valid.
std::optional<std::size_t> invalid_utf8_offset(std::string_view text);

// Columns the text takes on a terminal: Polish letters 1, East Asian wide characters 2,
// combining marks 0.
std::size_t display_width(std::string_view text);
// The text with its first letter upper-case ("wykonanie budżetu" -> "Wykonanie budżetu",
// "średnia" -> "Średnia").
std::string capitalized(std::string_view text);
// At most `limit` code points: longer text keeps its first limit - 1 (without trailing spaces)
// and ends with "…".
std::string truncated(std::string_view text, std::size_t limit);

// The text without leading and trailing ASCII whitespace.
std::string_view trim(std::string_view text);

// ASCII lower case (identifiers, header names); other bytes unchanged.
std::string ascii_lower(std::string_view text);

// ASCII upper case (codes); other bytes unchanged.
std::string ascii_upper(std::string_view text);

// The key reference values are matched by: lower-case, without diacritics (ą→a, ł→l, Ż→z),
// spaces, hyphens and underscores; `Praga-Północ`, `praga północ` and `PRAGA_POLNOC` give
// `pragapolnoc`. Invalid UTF-8 is kept as it is.
std::string fold_key(std::string_view text);

// The indexes of the `candidates` nearest to `value` by edit distance, when at most `within`
// away: all those at the least distance, at most `count`, in the candidates' order (how
// an unknown column or reference value gets its "did you mean").
std::vector<std::size_t> nearest(std::string_view value, const std::vector<std::string>& candidates, std::size_t within,
                                 std::size_t count);

// An ASCII digit 0-9.
constexpr bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

// True when every byte is an ASCII digit (also for empty text).
bool all_digits(std::string_view text);

// The number of byte insertions, deletions and substitutions that turn one text into the
// other (Levenshtein), for "did you mean" suggestions.
std::size_t edit_distance(std::string_view a, std::string_view b);

// Appends the text as a JSON string literal: quotes, backslashes and control characters
// escaped, everything else (UTF-8 included) as it is.
void append_json_string(std::string& out, std::string_view text);

// The bytes as lower-case hex digits, two per byte.
std::string hex(const unsigned char* bytes, std::size_t size);
// A text cell written for a spreadsheet (CSV, TSV, a rejects file) gets a leading apostrophe
// when it begins with one of these, which a spreadsheet would run as a formula; reading CSV
// removes that one apostrophe again.
inline constexpr std::string_view formula_starts = "=+-@\t\r";

// Whether `text` would start a formula in a spreadsheet.
inline bool starts_formula(std::string_view text)
{
    return !text.empty() && formula_starts.find(text.front()) != std::string_view::npos;
}

// A text of digits only that a spreadsheet would turn into a number and so change: one that
// begins with 0 (a KRS number, `0000123456`) or is longer than the 15 digits a spreadsheet
// keeps. `--excel` CSV writes it behind an apostrophe, which the import removes again.
inline bool spreadsheet_number(std::string_view text)
{
    if (text.size() < 2 || text.find_first_not_of("0123456789") != std::string_view::npos) {
        return false;
    }
    return text.front() == '0' || text.size() > 15;
}

// The text with the control characters a terminal would obey shown as escapes: C0 controls
// and DEL as "\x1b", C1 controls (U+0080–U+009F) as "\u009b". Those in `keep` (say "\t\n")
// stay as they are. For human output and messages: a name holding ESC or BEL cannot move the
// cursor, ring, or forge a line.
std::string visible_controls(std::string_view text, std::string_view keep = {});

// Pieces of the text between separators; empty pieces are kept.
std::vector<std::string> split(std::string_view text, char separator);

// `text` as part of a file name: characters a file name cannot hold on any system a city uses
// (/ \ : * ? " < > | and control characters) become "_".
std::string file_name_part(std::string text);

}  // namespace toro
