#pragma once
// Instruments in the store: loading one (`survey create`, `evaluate create`), listing them and
// reading one back exactly as it was loaded.

#include "store/store.hpp"
#include "survey/instrument.hpp"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace toro::survey {

struct InstrumentSummary {
    std::string code;
    std::string kind;
    std::string title;
    std::int64_t areas = 0;
    std::int64_t items = 0;
    std::int64_t responses = 0;
};

enum class Saved { inserted, replaced };

// Stores `instrument` with its areas and items and an audit row. An existing code is refused
// (Exit::data) unless `replace`, and replacing is refused while the instrument has responses.
// Call inside a write transaction.
Saved save_instrument(store::Store& store, const Instrument& instrument, bool replace);

// Every instrument of `kind` (all when nullopt), by code.
std::vector<InstrumentSummary> list_instruments(store::Store& store, std::optional<Kind> kind);

// The instrument `code` as loaded; Exit::data when there is none, or when it is not of `kind`.
Instrument stored_instrument(store::Store& store, const std::string& code, std::optional<Kind> kind);

// The store's ids of the instrument's items, by item code.
std::map<std::string, std::int64_t> item_ids(store::Store& store, const std::string& code);

}  // namespace toro::survey
