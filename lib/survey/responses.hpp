#pragma once
// Responses to an instrument: the import sink (one row per respondent, docs/survey.md), the
// answers read back for analysis, and the pseudonymised export. A respondent's id is turned
// into its keyed hash before anything is written; the raw id is never stored.

#include "io/import.hpp"
#include "render/fields.hpp"
#include "render/model.hpp"
#include "store/store.hpp"
#include "survey/instrument.hpp"

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace toro::survey {

struct ImportSettings {
    std::optional<std::string> group;  // --group: the group of rows that name none
    std::string wave;                  // --wave: the wave of rows that name none; empty when not given
};

// The sink of `survey import` / `evaluate import`: checks each row against the instrument and
// upserts the respondent's answers (inserted, updated, unchanged). finish() writes one audit
// row for the batch, with counts and no respondent.
std::unique_ptr<io::ImportSink> response_sink(store::Store& store, const Instrument& instrument,
                                              ImportSettings settings);

// Which responses an analysis reads.
struct Selection {
    std::optional<std::string> wave;   // nullopt: every wave
    std::optional<std::string> group;  // nullopt: every group
};

// The answers of the selected respondents as matrices, respondent by item in the instrument's
// item order; NaN marks a missing rating.
struct Answers {
    std::size_t items = 0;
    std::vector<std::string> groups;  // one per respondent
    std::vector<double> current;      // respondents × items; the rating of single-rated items
    std::vector<double> required;     // respondents × items; NaN for single-rated items

    std::size_t respondents() const { return groups.size(); }
    double current_at(std::size_t respondent, std::size_t item) const { return current[respondent * items + item]; }
    double required_at(std::size_t respondent, std::size_t item) const { return required[respondent * items + item]; }
};

Answers load_answers(store::Store& store, const Instrument& instrument, const Selection& selection);

// One text (or choice) answer with its respondent's group.
struct TextAnswer {
    std::string item;
    std::string group;
    std::string answer;
};

// The text and choice answers of the selected respondents, by item then group.
std::vector<TextAnswer> load_texts(store::Store& store, const Instrument& instrument, const Selection& selection);

// The pseudonymised responses, one row per respondent, in the columns an import takes
// (respondent is the keyed hash).
// Headings for people are in `lang`; the columns' keys are the import's. The document is titled
// with the instrument's title.
render::Document export_responses(store::Store& store, const Instrument& instrument, const Selection& selection,
                                  Lang lang = Lang::en);

// Erases every answer of the person `id` (trimmed and hashed as imports do) — survey responses
// and training attendance — redacts the person from the audit log (store::redact_audit),
// keeps the person among the forgotten so that no import brings them back, and writes an
// audit row that records the erasure without the id.
// Returns how many responses and attendance records were erased. Call inside a write
// transaction.
struct Erased {
    std::size_t responses = 0;
    std::size_t attendance = 0;
    bool already_forgotten = false;  // nothing left, and erased by an earlier forget
};
Erased forget_respondent(store::Store& store, const std::string& id);

// How they read in JSON (render/fields.hpp): a selection as its wave and group (null: every
// one), a text answer with its group.
void fields(const Selection& selection, render::Fields& out);
void fields(const TextAnswer& answer, render::Fields& out);

}  // namespace toro::survey
