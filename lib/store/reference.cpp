#include "store/migrations.hpp"

#include "core/embedded.hpp"
#include "core/error.hpp"
#include "io/csv_reader.hpp"

#include "store/database.hpp"
#include <fmt/format.h>

#include <sstream>

namespace toro::store {

ReferenceData read_reference(std::string_view embedded_path)
{
    const EmbeddedFile* file = nullptr;
    for (const auto& candidate : embedded_files()) {
        if (candidate.path == embedded_path) {
            file = &candidate;
        }
    }
    if (file == nullptr) {
        throw Error(Exit::internal, std::string(embedded_path), Message("embedded.missing"));
    }
    std::istringstream in{std::string(file->content)};
    io::CsvOptions options;
    options.separator = ',';
    io::CsvReader reader(in, std::string(embedded_path), options);
    ReferenceData data;
    data.columns.assign(reader.header().begin(), reader.header().end());
    io::CsvRecord record;
    while (reader.next(record)) {
        data.rows.emplace_back(record.fields.begin(), record.fields.end());
    }
    return data;
}

void load_reference(store::Database& db, std::string_view embedded_path, const std::string& table)
{
    const auto data = read_reference(embedded_path);
    std::string columns;
    std::string placeholders;
    for (const auto& name : data.columns) {
        columns += (columns.empty() ? "" : ", ") + name;
        placeholders += placeholders.empty() ? "?" : ", ?";
    }
    store::Statement insert(db, fmt::format("INSERT INTO {} ({}) VALUES ({})", table, columns, placeholders));
    for (const auto& row : data.rows) {
        for (std::size_t i = 0; i < row.size(); ++i) {
            insert.bind(static_cast<int>(i + 1), row[i]);
        }
        insert.exec();
        insert.reset();
    }
}

}  // namespace toro::store
