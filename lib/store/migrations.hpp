#pragma once
// The numbered, append-only schema migrations of schemas/migrations/NNNN_name.sql, embedded in
// the binary. A migration may load a reference-data CSV file with a line
//   -- @load schemas/reference/FILE.csv TABLE
// whose header names the table's columns.

#include "store/database.hpp"

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
// The same for a store on PostgreSQL: schemas/migrations/pg/NNNN_name.sql, one for every
// SQLite migration, with the same number and name.
const std::vector<MigrationStep>& pg_migrations();

// A migration's `-- @load FILE TABLE` lines, in order.
struct LoadDirective {
    std::string path;
    std::string table;
};
std::vector<LoadDirective> load_directives(const MigrationStep& step);

// Runs one migration's SQL and its @load directives (inside the caller's transaction).
void apply(store::Database& db, const MigrationStep& step);

// Inserts the rows of an embedded reference CSV file into `table`.
void load_reference(store::Database& db, std::string_view embedded_path, const std::string& table);

// The header and the rows of an embedded reference CSV file.
struct ReferenceData {
    std::vector<std::string> columns;
    std::vector<std::vector<std::string>> rows;
};
ReferenceData read_reference(std::string_view embedded_path);

}  // namespace toro::store
