#include "survey/catalogue.hpp"

#include "core/date.hpp"
#include "store/database.hpp"
#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace toro::survey {
namespace {

std::int64_t count_responses(store::Store& store, const std::string& code)
{
    store::Statement select(store.db(), "SELECT count(*) FROM response WHERE instrument = ?");
    select.bind(1, code);
    select.step();
    return select.column(0).get_int64();
}

nlohmann::json audit_value(const Instrument& instrument)
{
    return {{"code", instrument.code},
            {"kind", kind_name(instrument.kind)},
            {"title", instrument.title},
            {"areas", instrument.areas.size()},
            {"items", instrument.items.size()}};
}

}  // namespace

Saved save_instrument(store::Store& store, const Instrument& instrument, bool replace)
{
    std::optional<Instrument> before;
    {
        store::Statement select(store.db(), "SELECT definition FROM instrument WHERE code = ?");
        select.bind(1, instrument.code);
        if (select.step()) {
            before = parse_instrument(select.column(0).get_string(), instrument.code);
        }
    }
    if (before) {
        if (!replace) {
            throw Error(Exit::data, instrument.code, Message("instrument.loaded_already"));
        }
        if (const auto responses = count_responses(store, instrument.code); responses > 0) {
            throw Error(Exit::data, instrument.code, Message("instrument.has_responses", {{"count", responses}}));
        }
        store::Statement remove(store.db(), "DELETE FROM instrument WHERE code = ?");
        remove.bind(1, instrument.code);
        remove.exec();
    }

    store::Statement insert(store.db(),
                            "INSERT INTO instrument (code, kind, title, scale_min, scale_max, definition, loaded_at) "
                            "VALUES (?, ?, ?, ?, ?, ?, ?)");
    insert.bind(1, instrument.code);
    insert.bind(2, std::string(kind_name(instrument.kind)));
    insert.bind(3, instrument.title);
    insert.bind(4, instrument.scale.min);
    insert.bind(5, instrument.scale.max);
    insert.bind(6, instrument.definition);
    insert.bind(7, utc_timestamp());
    insert.exec();

    store::Statement area(store.db(),
                          "INSERT INTO instrument_area (instrument, code, name, position) VALUES (?, ?, ?, ?)");
    int position = 0;
    for (const auto& each : instrument.areas) {
        area.bind(1, instrument.code);
        area.bind(2, each.code);
        area.bind(3, each.name);
        area.bind(4, ++position);
        area.exec();
        area.reset();
    }
    store::Statement item(store.db(), "INSERT INTO instrument_item (instrument, code, area, criterion, type, text, "
                                      "position) VALUES (?, ?, NULLIF(?, ''), NULLIF(?, ''), ?, ?, ?)");
    position = 0;
    for (const auto& each : instrument.items) {
        item.bind(1, instrument.code);
        item.bind(2, each.code);
        item.bind(3, each.area);
        item.bind(4, each.criterion);
        item.bind(5, std::string(type_name(each.type)));
        item.bind(6, each.text);
        item.bind(7, ++position);
        item.exec();
        item.reset();
    }
    store.audit("instrument", instrument.code, before ? "update" : "insert",
                before ? audit_value(*before) : nlohmann::json(), audit_value(instrument));
    return before ? Saved::replaced : Saved::inserted;
}

std::vector<InstrumentSummary> list_instruments(store::Store& store, std::optional<Kind> kind)
{
    store::Statement select(store.db(), "SELECT code, kind, title, "
                                        "(SELECT count(*) FROM instrument_area a WHERE a.instrument = i.code), "
                                        "(SELECT count(*) FROM instrument_item t WHERE t.instrument = i.code), "
                                        "(SELECT count(*) FROM response r WHERE r.instrument = i.code) "
                                        "FROM instrument i WHERE CAST(?1 AS TEXT) IS NULL OR kind = ?1 ORDER BY code");
    if (kind) {
        select.bind(1, std::string(kind_name(*kind)));
    }
    std::vector<InstrumentSummary> result;
    while (select.step()) {
        result.push_back({select.column(0).get_string(), select.column(1).get_string(), select.column(2).get_string(),
                          select.column(3).get_int64(), select.column(4).get_int64(), select.column(5).get_int64()});
    }
    return result;
}

Instrument stored_instrument(store::Store& store, const std::string& code, std::optional<Kind> kind)
{
    store::Statement select(store.db(), "SELECT definition FROM instrument WHERE code = ?");
    select.bind(1, code);
    if (!select.step()) {
        throw Error(Exit::data, code, Message("instrument.no_code"));
    }
    auto instrument = parse_instrument(select.column(0).get_string(), code);
    if (kind && instrument.kind != *kind) {
        throw Error(Exit::data, code,
                    Message("instrument.wrong_kind",
                            {{"kind", Message(Key::composed("survey.kind." + std::string(kind_name(instrument.kind))))},
                             {"wanted", Message(Key::composed("survey.kind." + std::string(kind_name(*kind))))}}));
    }
    return instrument;
}

std::map<std::string, std::int64_t> item_ids(store::Store& store, const std::string& code)
{
    store::Statement select(store.db(), "SELECT code, id FROM instrument_item WHERE instrument = ?");
    select.bind(1, code);
    std::map<std::string, std::int64_t> ids;
    while (select.step()) {
        ids.emplace(select.column(0).get_string(), select.column(1).get_int64());
    }
    return ids;
}

}  // namespace toro::survey
