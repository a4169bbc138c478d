#pragma once
// What every command shares: the global options (docs/cli.md), the configuration they
// resolve to, the store, and the way results and messages leave the program.

#include "config/config.hpp"
#include "core/atomic_file.hpp"
#include "core/catalogue.hpp"
#include "core/date.hpp"
#include "core/lang.hpp"
#include "render/format.hpp"
#include "render/model.hpp"
#include "store/pg/pg_store.hpp"
#include "store/store.hpp"

#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace CLI {
class App;
class Option;
}  // namespace CLI

namespace toro::cli {

// The global options, accepted before or after the command.
struct GlobalOptions {
    std::optional<std::string> db;
    std::optional<std::string> config;
    std::optional<std::string> format;
    std::optional<std::string> output;
    std::optional<std::string> as_of;
    std::optional<std::string> lang;
    std::optional<std::string> actor;
    std::optional<std::string> sep;
    bool bom = false;
    bool excel = false;
    bool quiet = false;
    int verbose = 0;
    bool no_progress = false;
};

class Context {
public:
    // `arguments`: the command line as typed, program name first.
    Context(GlobalOptions& options, std::vector<std::string> arguments);

    GlobalOptions& options() { return m_options; }
    // The command line as the audit log keeps it: the values of personal options masked.
    std::string command_line() const;
    // Marks an option whose values name a person (an id, an e-mail): the audit log records
    // `***` in their place. Returns the option, for chaining.
    CLI::Option* personal(CLI::Option* option);

    // The configuration: file found as docs/config.md says, then the environment and options applied.
    const config::Config& config();
    // The file the configuration came from (empty: defaults only).
    std::optional<std::filesystem::path> config_file();
    // How the configuration file was chosen ("option --config", "./toro.toml", ...).
    const std::string& config_origin()
    {
        config();
        return m_config_origin;
    }
    // The database path: --db, TORO_DB, [store] path, ./toro.db.
    std::filesystem::path db_path();
    // The pseudonym key file: [privacy] key_file, else toro.key beside the store.
    std::filesystem::path key_path();
    // key_path(), or toro.key beside `store` while the configuration cannot be read.
    std::filesystem::path protected_key_path(const std::filesystem::path& store);
    Lang lang();
    // The language of a message on stderr, also when the configuration cannot be read: lang(),
    // else --lang, else LC_ALL or LANG, else English. Never throws.
    Lang message_lang() noexcept;
    Date as_of();
    // --actor, TORO_ACTOR, else the login; 1 to 64 printable characters (else exit 2).
    std::string actor();
    // The operating system's login of this process, or its uid as a number.
    static std::string os_login();

    // The store, a SQLite file or a PostgreSQL database, opened (and migrated) on first use;
    // `create` makes a missing file, or creates toro's schema in a database that holds no table.
    store::Store& store(bool create = false);
    // Whether the store path is a PostgreSQL URI (postgresql://, postgres://).
    bool on_postgres();
    // The root of the command tree, from which the command being run is named.
    void set_app(const CLI::App* app) { m_app = app; }
    // The command being run, as typed without its options ("register org list").
    std::string command_name() const;

    // Renders the document in the chosen format (one of `supported`) to stdout or -o FILE;
    // a file is written whole or not at all.
    void emit(const render::Document& document, std::initializer_list<render::Format> supported);
    // The format emit() will write (--format, -o's extension, --excel, else table); refuses one
    // outside `supported` with exit 2.
    render::Format choose_format(std::initializer_list<render::Format> supported) const;

    // Records a file the command reads, so that no output of the command may replace it.
    void add_input(const std::filesystem::path& path);
    // The files no output may replace: the store, its -wal and -shm, the configuration file,
    // the pseudonym key file and every input of the command.
    std::vector<ProtectedFile> protected_files();
    // Refuses (exit 73, before anything is written) a target that is one of protected_files()
    // or exists and is not a regular file.
    void check_target(const std::filesystem::path& target);
    // Checks -o (when it names a file) with check_target.
    void check_output();
    // The mode of a new output or rejects file ([output] file_mode, 0600 by default).
    mode_t output_mode() { return static_cast<mode_t>(config().file_mode); }

    // A line on stderr unless --quiet, in the output language.
    void note(const Message& message);
    // A line on stderr with --verbose only, in the output language.
    void detail(const Message& message);

private:
    GlobalOptions& m_options;
    std::vector<std::string> m_arguments;
    std::vector<const CLI::Option*> m_personal;
    std::optional<config::Config> m_config;
    std::optional<std::filesystem::path> m_config_file;
    std::string m_config_origin;
    std::unique_ptr<store::Store> m_store;
    const CLI::App* m_app = nullptr;
    std::vector<std::filesystem::path> m_inputs;
};

}  // namespace toro::cli
