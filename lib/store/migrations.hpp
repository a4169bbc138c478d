#pragma once
// The numbered, append-only schema migrations of schemas/migrations/NNNN_name.sql, embedded in
// the binary. A migration may load a reference-data CSV file with a line
//   -- @load schemas/reference/FILE.csv TABLE
// whose header names the table's columns.

#include <SQLiteCpp/Database.h>

#include <string>
#include <string_view>
#include <vector>

namespace toro::store {

struct MigrationStep {
    int version = 0;
    std::string name;  // file name
    std::string_view sql;
};

// Every migration, in version order (versions 1, 2, 3, … without gaps).
const std::vector<MigrationStep>& migrations();

// Runs one migration's SQL and its @load directives (inside the caller's transaction).
void apply(SQLite::Database& db, const MigrationStep& step);

// Inserts the rows of an embedded reference CSV file into `table`.
void load_reference(SQLite::Database& db, std::string_view embedded_path, const std::string& table);

}  // namespace toro::store
