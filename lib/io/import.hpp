#pragma once
// The import engine every `import` command shares (docs/register.md "Import"): reads rows from
// CSV or JSON, checks the columns, hands each row to an entity's sink, collects every problem
// with its line and field, writes rejected rows to a rejects file, and counts the outcome.
// Transactions belong to the caller: the engine never touches a store.

#include "core/error.hpp"
#include "io/rows.hpp"

#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace toro::io {

enum class OnError {
    fail,  // all or nothing: any problem and the caller writes nothing (exit 65)
    skip,  // write the valid rows, reject the others (exit 3 when any was rejected)
};

struct ImportOptions {
    InputOptions input;
    OnError on_error = OnError::fail;
    std::optional<std::string> rejects_path;  // skip mode: rejected rows with `line` and `error`
    unsigned rejects_mode = 0600;             // the mode of a new rejects file
    bool ignore_unknown = false;              // unknown columns are ignored instead of refused
    // A file's rows are read on a thread of their own while the rows before are written;
    // false reads them on the writing thread (a machine without a core to spare for it).
    bool read_ahead = true;
    // Called now and then with the rows read so far and, when the input's size is known, the
    // fraction of it read.
    std::function<void(std::size_t rows, std::optional<double> fraction)> progress;
};

// `pending`: the sink holds the row (a report's rows are written together) and counts it in
// finish().
enum class Outcome { inserted, updated, unchanged, pending };

// At most this many problems are kept in a summary; the count covers all of them.
inline constexpr std::size_t max_kept_problems = 1000;

struct ImportSummary {
    std::size_t inserted = 0;
    std::size_t updated = 0;
    std::size_t unchanged = 0;
    std::size_t rejected = 0;
    std::size_t problem_count = 0;
    std::vector<Problem> errors;  // the first max_kept_problems, in input order
    // What the sink accepted but a person should look at (the first max_kept_problems).
    std::vector<Problem> warnings;
    std::size_t warning_count = 0;
    std::string source;    // the input's name for messages
    std::string encoding;  // the encoding it was read in (see Utf8Reader)
};

// Makes every warning of `summary` an error (`--strict`): the import is then refused.
void warnings_as_errors(ImportSummary& summary);

// What an entity offers the engine.
class ImportSink {
public:
    virtual ~ImportSink() = default;
    // Every column the entity knows (lower-case), and those a row must have.
    virtual std::vector<std::string> known_columns() const = 0;
    virtual std::vector<std::string> required_columns() const = 0;
    // A column outside known_columns() the entity still takes — an indicator named by its name
    // rather than its code, say. Asked only for columns known_columns() does not list.
    virtual bool accepts_column(const std::string& column) const
    {
        (void)column;
        return false;
    }
    // Work on a row that needs neither the store nor anything write() changes (parsing its
    // fields, say), put in row.prepared for write(); row.prepared may hold what was made of an
    // earlier row (its room can be reused) and must be replaced or emptied. The engine calls it
    // for every row read, on a thread of its own while write() is given the rows before: it
    // must be safe to run so.
    virtual void prepare(InputRow& row) const { row.prepared.reset(); }
    // Validates one row and writes it. On problems, appends them (with the row's line) and
    // returns nullopt; nothing of that row may remain written.
    virtual std::optional<Outcome> write(const InputRow& row, std::vector<Problem>& problems) = 0;
    // Called once after the last row: writes what is pending and adds its counts.
    virtual void finish(ImportSummary& summary) { (void)summary; }

    // Rows the sink held (Outcome::pending) and then refused together — a report given twice,
    // say: their lines and the problems that name them. The engine asks after every write()
    // and after finish(), and rejects each of those rows as it rejects a refused row.
    struct Refusal {
        std::vector<std::size_t> lines;
        std::vector<Problem> problems;
    };
    virtual std::optional<Refusal> take_refusal() { return std::nullopt; }
    // The line of the first row the sink still holds (0: none); the rows held before it are
    // settled, so the engine need not keep them for the rejects file.
    virtual std::size_t holding_since() const { return 0; }

    // Groups of rows (a report, say) the sink settled before it learned that they must be
    // refused — the same report given again further down the file, its first rows already
    // written. Keys are the sink's own, each with the message that names every line involved.
    // The caller then undoes the run and reads the input once more with a new sink that is
    // told them up front (refuse_groups), so that every occurrence is refused together.
    using LateRefusals = std::map<std::string, Message>;
    virtual LateRefusals refused_late() const { return {}; }
    virtual void refuse_groups(LateRefusals groups) { (void)groups; }
};

// Runs an import of `path` (`-` is stdin) into `sink`. Throws BatchError when the columns
// themselves are wrong (unknown or missing required ones), Error for unreadable input.
ImportSummary run_import(const std::string& path, ImportSink& sink, const ImportOptions& options);
// The same over rows already opened; `source` names them in messages.
ImportSummary run_import(RowReader& rows, const std::string& source, ImportSink& sink, const ImportOptions& options);

// The text of a field for messages and CSV: strings as they are, other JSON as JSON.
std::string field_text(const nlohmann::ordered_json& value);

}  // namespace toro::io
