#include "io/csv_reader.hpp"

#include "core/text.hpp"
#include "io/encoding.hpp"

#include <algorithm>
#include <csv.h>
#include <deque>
#include <exception>
#include <fmt/format.h>
#include <set>
#include <utility>

namespace toro::io {

namespace {

// A field this long is taken for a quote left open rather than data (libcsv would otherwise
// buffer the rest of the file into it).
constexpr std::size_t max_field_size = std::size_t{16} * 1024 * 1024;
constexpr std::size_t max_spare_records = 64;
// The text given to libcsv at a time: a few dozen records of a usual file (see State::step).
constexpr std::size_t parse_slice = std::size_t{8} * 1024;
// A header line longer than this, or with more columns, is not a CSV header (a binary file, a
// file without line breaks): refused at once instead of read whole into memory.
constexpr std::size_t max_header_size = std::size_t{1024} * 1024;
constexpr std::size_t max_header_columns = 10000;

// libcsv trims spaces and tabs around unquoted fields unless told that nothing is a space.
int no_spaces(unsigned char /*c*/)
{
    return 0;
}

// Line breaks in a text: CRLF, LF and a lone CR count one each.
std::size_t count_line_breaks(std::string_view text)
{
    std::size_t count = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\n' || (text[i] == '\r' && (i + 1 == text.size() || text[i + 1] != '\n'))) {
            ++count;
        }
    }
    return count;
}

bool is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

// The separator of the first line that holds anything: the most frequent of `,` `;` tab
// outside quotes (`,` when there is none, earlier candidates win ties). nullopt while that line
// is not complete and more text may come.
std::optional<char> detect_separator(std::string_view text, bool complete)
{
    constexpr char candidates[] = {',', ';', '\t'};
    std::size_t counts[3] = {0, 0, 0};
    bool in_quotes = false;
    bool content = false;
    for (const char c : text) {
        if (c == '"') {
            in_quotes = !in_quotes;
        } else if (!in_quotes && c == '\n' && content) {
            complete = true;
            break;
        } else if (!in_quotes) {
            for (std::size_t i = 0; i < 3; ++i) {
                counts[i] += c == candidates[i] ? 1 : 0;
            }
        }
        content = content || !is_blank(c);
    }
    if (!complete) {
        return std::nullopt;
    }
    std::size_t best = 0;
    for (std::size_t i = 1; i < 3; ++i) {
        if (counts[i] > counts[best]) {
            best = i;
        }
    }
    return candidates[best];
}

}  // namespace

std::optional<char> parse_separator(std::string_view text)
{
    const std::string_view value = text == "\t" ? text : trim(text);
    const std::string key = ascii_lower(value);
    if (key.empty() || key == "auto") {
        return std::nullopt;
    }
    if (key == "tab" || key == "\\t" || key == "\t") {
        return '\t';
    }
    const auto c = static_cast<unsigned char>(value.front());
    const bool alphanumeric = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    if (value.size() != 1 || c >= 0x80 || alphanumeric || c == '"' || c == ' ' || c == '\r' || c == '\n') {
        throw Error(Exit::usage, "--sep", Message("csv.bad_separator", {{"text", text}}));
    }
    return value.front();
}

struct CsvReader::State {
    // A finished record, or the error that stands in its place.
    struct Item {
        CsvRecord record;
        std::exception_ptr error;
    };

    State(std::unique_ptr<std::istream> owned_input, std::istream& input, std::string source_name,
          const CsvOptions& options)
        : owned(std::move(owned_input)), source(std::move(source_name)),
          text_reader(input, source, parse_encoding(options.encoding), options.chunk_size)
    {
        csv_init(&parser, CSV_STRICT | CSV_STRICT_FINI | CSV_REPALL_NL);
        csv_set_space_func(&parser, no_spaces);
        csv_set_blk_size(&parser, 4096);
    }
    ~State() { csv_free(&parser); }
    State(const State&) = delete;
    State& operator=(const State&) = delete;

    static void on_field(void* data, std::size_t size, void* self) noexcept
    {
        auto& state = *static_cast<State*>(self);
        if (state.failure) {
            return;
        }
        try {
            state.add_field(std::string_view(static_cast<const char*>(data), size));
        } catch (...) {
            state.failure = std::current_exception();
        }
    }

    static void on_row(int terminator, void* self) noexcept
    {
        auto& state = *static_cast<State*>(self);
        if (state.failure) {
            return;
        }
        try {
            state.end_row(terminator);
        } catch (...) {
            state.failure = std::current_exception();
        }
    }

    void add_field(std::string_view field)
    {
        if (field_count == 0) {
            record_line = line;
        }
        if (!header_read && field_count == max_header_columns) {
            throw InputError(source, record_line, 0, Message("csv.header_too_wide", {{"count", max_header_columns}}));
        }
        // Fields beyond the header's are counted, not kept: the record is refused anyway.
        if (header_read && field_count >= header.size()) {
            ++field_count;
            extra_content = extra_content || !trim(field).empty();
            if (field.find_first_of("\r\n") != std::string_view::npos) {
                line += count_line_breaks(field);
            }
            after_cr = false;
            return;
        }
        if (field_count < fields.size()) {
            fields[field_count].assign(field);
        } else {
            fields.emplace_back(field);
        }
        ++field_count;
        // One pass over the field for what the two checks below need, without a branch a byte.
        unsigned char high = 0;
        unsigned char breaks = 0;
        for (const char c : field) {
            high = static_cast<unsigned char>(high | static_cast<unsigned char>(c));
            breaks = static_cast<unsigned char>(breaks | (c == '\r' || c == '\n' ? 1 : 0));
        }
        const bool ascii = high < 0x80;
        const bool line_break = breaks != 0;
        if (text_reader.unchecked() && !record_error && !ascii) {
            if (const auto offset = invalid_utf8_offset(field)) {
                const auto error_line = line + count_line_breaks(field.substr(0, *offset));
                const std::size_t index = field_count - 1;
                std::string name = header_read && index < header.size() ? header[index] : std::string();
                record_error = std::make_exception_ptr(
                    InputError(source, error_line, 0, Message("input.invalid_utf8"), std::move(name)));
            }
        }
        // Only a quoted field holds line breaks.
        if (line_break) {
            line += count_line_breaks(field);
        }
        after_cr = false;
    }

    // libcsv reports every CR and LF outside fields (CSV_REPALL_NL); -1 ends an unterminated
    // last record. The LF of a CRLF arrives as an empty row of its own and must not count twice.
    void end_row(int terminator)
    {
        if (field_count == 0) {
            if (terminator == CSV_LF && after_cr) {
                after_cr = false;
                return;
            }
            ++line;
            after_cr = terminator == CSV_CR;
            return;
        }
        end_record();
        if (terminator != -1) {
            ++line;
            after_cr = terminator == CSV_CR;
        }
    }

    void end_record()
    {
        const std::size_t count = field_count;
        field_count = 0;
        std::exception_ptr error = std::exchange(record_error, nullptr);
        const bool blank =
            !std::exchange(extra_content, false) &&
            std::all_of(fields.begin(), fields.begin() + static_cast<std::ptrdiff_t>(std::min(count, fields.size())),
                        [](const std::string& field) { return trim(field).empty(); });
        if (blank) {
            return;
        }
        if (!header_read) {
            if (error) {
                std::rethrow_exception(error);
            }
            set_header(count);
            return;
        }
        if (error) {
            ready.push_back(Item{CsvRecord{record_line, {}}, error});
            return;
        }
        if (count > header.size()) {
            ready.push_back(Item{CsvRecord{record_line, {}},
                                 std::make_exception_ptr(InputError(
                                     source, record_line, 0,
                                     Message("csv.field_count", {{"count", count}, {"header", header.size()}})))});
            return;
        }
        for (std::size_t i = count; i < std::min(fields.size(), header.size()); ++i) {
            fields[i].clear();
        }
        fields.resize(header.size());
        ready.push_back(Item{CsvRecord{record_line, std::move(fields)}, nullptr});
        fields.clear();
        if (!spare.empty()) {
            fields = std::move(spare.back());
            spare.pop_back();
        } else {
            fields.reserve(header.size());  // one allocation, not one for each doubling
        }
    }

    void set_header(std::size_t count)
    {
        std::set<std::string> seen;
        for (std::size_t i = 0; i < count; ++i) {
            std::string name = ascii_lower(trim(fields[i]));
            if (name.empty()) {
                throw InputError(source, record_line, 0, Message("csv.column_unnamed", {{"column", i + 1}}));
            }
            if (!seen.insert(name).second) {
                throw InputError(source, record_line, 0, Message("csv.column_twice", {{"name", name}}));
            }
            header.push_back(std::move(name));
        }
        header_read = true;
    }

    // Feeds a piece of text to libcsv and turns a strict-mode failure into an error.
    void parse(std::string_view piece)
    {
        const std::size_t used = csv_parse(&parser, piece.data(), piece.size(), on_field, on_row, this);
        if (failure) {
            return;
        }
        const std::string_view partial(reinterpret_cast<const char*>(parser.entry_buf), parser.entry_pos);
        if (used < piece.size()) {
            if (csv_error(&parser) != CSV_EPARSE) {
                throw std::bad_alloc();
            }
            // libcsv stops at a quote inside an unquoted field, or at a character other than a
            // separator or a line break right after a closing quote.
            const auto error_line = line + count_line_breaks(partial);
            failure = std::make_exception_ptr(
                InputError(source, error_line, 0,
                           Message(parser.quoted ? Key("csv.quote_after_closing") : Key("csv.quote_in_unquoted"))));
            return;
        }
        if (partial.size() > max_field_size) {
            failure = std::make_exception_ptr(
                InputError(source, field_count > 0 ? record_line : line, 0, Message("csv.field_too_long")));
        }
    }

    void finish()
    {
        const std::size_t start = field_count > 0 ? record_line : line;
        if (csv_fini(&parser, on_field, on_row, this) != 0 && !failure) {
            failure = std::make_exception_ptr(InputError(source, start, 0, Message("csv.quote_never_closed")));
        }
    }

    // Reads and parses until a record is ready, the input ends or it fails.
    // Parses the next slice of the text read, reads the next piece of input when it is all
    // parsed, or finishes at its end. A slice holds a few dozen records, so that their field
    // vectors come back (spare) to be filled again rather than each record allocating its own.
    void step()
    {
        if (parsed == text.size()) {
            if (!text_reader.read(text)) {
                finish();
                at_end = true;
                return;
            }
            parsed = 0;
        }
        const auto slice = std::string_view(text).substr(parsed, parse_slice);
        parsed += slice.size();
        parse(slice);
    }

    // Reads and parses until a record is ready, the input ends or it fails.
    void fill()
    {
        try {
            while (ready.empty() && !at_end && !failure) {
                step();
            }
        } catch (...) {  // a read or transcoding error ends the input too
            failure = std::current_exception();
        }
    }

    // Reads until the first line with content is complete, then sets the separator.
    void detect(std::optional<char> given)
    {
        std::string head;
        std::optional<char> found = given;
        while (!found) {
            const bool more = text_reader.read(text);
            head += text;
            // The first line can only be complete at a line break or at the end.
            if (!more || text.find('\n') != std::string::npos) {
                found = detect_separator(head, !more);
            }
            if (!found && head.size() > max_header_size) {
                throw InputError(source, 1 + count_line_breaks(head.substr(0, head.find_first_not_of(" \t\r\n\f\v"))),
                                 0, Message("csv.first_line_too_long"));
            }
        }
        separator = *found;
        csv_set_delim(&parser, static_cast<unsigned char>(separator));
        parsed = text.size();  // the last piece read is the end of `head`
        parse(head);
    }

    std::unique_ptr<std::istream> owned;
    std::string source;
    Utf8Reader text_reader;
    csv_parser parser{};
    std::vector<std::string> header;
    char separator = ',';
    bool header_read = false;
    bool after_cr = false;  // the last thing seen was a CR ending a line
    bool at_end = false;

    std::string text;        // the piece of input being parsed
    std::size_t parsed = 0;  // how much of `text` libcsv has been given
    std::size_t line = 1;    // where the parser is: the line the current field starts on

    std::size_t record_line = 0;      // the record being assembled
    std::vector<std::string> fields;  // its first field_count entries are its fields
    std::size_t field_count = 0;
    bool extra_content = false;  // a field beyond the header's holds something
    std::exception_ptr record_error;

    std::deque<Item> ready;                       // records parsed and not yet handed out
    std::vector<std::vector<std::string>> spare;  // field vectors to reuse
    std::exception_ptr failure;                   // an error that ends the input
};

CsvReader::CsvReader(std::istream& in, std::string source_name, const CsvOptions& options)
{
    if (options.separator && (*options.separator == '"' || *options.separator == '\r' || *options.separator == '\n')) {
        throw Error(Exit::usage, "--sep", Message("csv.quote_separator"));
    }
    m_state = std::make_unique<State>(nullptr, in, std::move(source_name), options);
    State& state = *m_state;
    state.detect(options.separator);
    while (!state.header_read && !state.at_end && !state.failure) {
        state.step();
    }
    // A failure after the header waits in next() until the records before it are handed out.
    if (state.failure && !state.header_read) {
        std::rethrow_exception(state.failure);
    }
    if (!state.header_read) {
        throw InputError(state.source, 0, 0, Message("csv.empty"));
    }
}

CsvReader::CsvReader(std::unique_ptr<std::istream> in, std::string source_name, const CsvOptions& options)
    : CsvReader(*in, std::move(source_name), options)
{
    m_state->owned = std::move(in);
}

CsvReader::~CsvReader() = default;

const std::vector<std::string>& CsvReader::header() const
{
    return m_state->header;
}

char CsvReader::separator() const
{
    return m_state->separator;
}

const std::string& CsvReader::source_name() const
{
    return m_state->source;
}

std::string_view CsvReader::encoding() const
{
    return encoding_name(m_state->text_reader.encoding());
}

bool CsvReader::next(CsvRecord& record)
{
    State& state = *m_state;
    state.fill();
    if (state.ready.empty()) {
        if (state.failure) {
            std::rethrow_exception(state.failure);
        }
        return false;
    }
    State::Item item = std::move(state.ready.front());
    state.ready.pop_front();
    if (item.error) {
        std::rethrow_exception(item.error);
    }
    record.line = item.record.line;
    std::swap(record.fields, item.record.fields);
    if (state.spare.size() < max_spare_records) {
        state.spare.push_back(std::move(item.record.fields));
    }
    return true;
}

}  // namespace toro::io
