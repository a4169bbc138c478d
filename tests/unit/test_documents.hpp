#pragma once
// Helpers of the unit tests that look into render documents.

#include "render/model.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

namespace toro::test {

// The names of a document's tables, in order.
inline std::vector<std::string> table_names(const render::Document& document)
{
    std::vector<std::string> names;
    for (const auto& table : document.tables) {
        names.push_back(table.name);
    }
    return names;
}

// The keys of a table's columns, in order.
inline std::vector<std::string> column_keys(const render::Table& table)
{
    std::vector<std::string> keys;
    for (const auto& column : table.columns) {
        keys.push_back(column.key);
    }
    return keys;
}

// The table of a document by its name; the test fails when there is none.
inline const render::Table& table_named(const render::Document& document, const std::string& name)
{
    for (const auto& table : document.tables) {
        if (table.name == name) {
            return table;
        }
    }
    FAIL("no table " << name);
    return document.tables.front();
}

}  // namespace toro::test
