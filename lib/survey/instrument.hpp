#pragma once
// Survey and evaluation instruments (docs/survey.md, docs/evaluation.md): a TOML file naming the scale, the
// respondent groups, the areas and the items. A competency item is rated twice, `current`
// (proficiency) and `required` (importance); an evaluation item carries a criterion.
// schemas/instrument.schema.json describes the file.

#include "core/error.hpp"
#include "render/fields.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace toro::survey {

enum class Kind { competency, evaluation };
enum class ItemType { likert, nps, text, choice };

std::string_view kind_name(Kind kind);
std::string_view type_name(ItemType type);

struct Scale {
    int min = 1;
    int max = 5;
    std::vector<std::string> labels;  // empty, or one per point from min to max
};

struct Area {
    std::string code;
    std::string name;
};

struct Item {
    std::string code;
    std::string area;       // competency items: the area's code; may be empty for evaluation items
    std::string criterion;  // evaluation likert items: an OECD DAC criterion, utility or satisfaction
    std::string text;
    ItemType type = ItemType::likert;
    std::vector<std::string> options;  // choice items

    // Whether the item is answered twice (current and required).
    bool rated_twice(Kind kind) const { return kind == Kind::competency && type == ItemType::likert; }
};

struct Instrument {
    std::string code;
    std::string title;
    Kind kind = Kind::competency;
    Scale scale;
    std::vector<std::string> groups;  // empty: any group is accepted
    std::vector<Area> areas;
    std::vector<Item> items;
    std::string definition;  // the TOML text it was read from

    const Area* find_area(std::string_view code) const;
    const Item* find_item(std::string_view code) const;
    // The items of one area, in the instrument's order.
    std::vector<const Item*> items_of(std::string_view area) const;
};

// The evaluation criteria an item may name (OECD DAC 2019, then utility and satisfaction).
const std::vector<std::string>& criteria();
// The groups of an evaluation study that names none.
const std::vector<std::string>& default_evaluation_groups();

// Reads an instrument from TOML text. Every problem (TOML syntax, unknown keys, wrong types,
// missing or duplicate codes, references to unknown areas) is collected with its line and
// column, and they are thrown together as a BatchError named `source` (exit 65).
Instrument parse_instrument(std::string_view text, const std::string& source);
// The same from a file; a missing or unreadable file is Exit::no_input.
Instrument load_instrument(const std::string& path);

// How an instrument reads in JSON (render/fields.hpp): `survey show --format json`
// (docs/survey.md); an item without an area or criterion has null there.
void fields(const Scale& scale, render::Fields& out);
void fields(const Area& area, render::Fields& out);
void fields(const Item& item, render::Fields& out);
void fields(const Instrument& instrument, render::Fields& out);

}  // namespace toro::survey
