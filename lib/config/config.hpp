#pragma once
// toro's configuration (docs/config.md): built-in defaults, then a TOML file, then the
// environment and command-line options. Every value remembers where it came from, for
// `toro config show`. Any problem in the file is an Error with FILE:LINE:COLUMN and exit 78.

#include "core/lang.hpp"

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace toro::config {

// One entry of the indicator catalogue ([[indicator]]).
struct IndicatorDef {
    std::string code;
    std::string name;
    std::string name_en;
    std::string unit;
    std::string kind = "output";      // output | result
    std::string aggregation = "sum";  // sum | last | max
    bool higher_is_better = true;
};

// A training module a survey's recommendations can point to ([[training_module]]).
struct TrainingModule {
    std::string code;
    std::string title;
    std::vector<std::string> areas;
    double hours = 0;
};

// Weights of the composite venture score ([evaluation]).
struct EvaluationWeights {
    double achievement = 0.4;
    double completeness = 0.2;
    double timeliness = 0.2;
    double budget = 0.2;
};

// A rate of late interest from a date on ([[settlement.rate]]): replaces the shipped table of
// tax-arrears rates from `from` on.
struct SettlementRate {
    std::string from;                  // ISO date
    std::int64_t rate_millionths = 0;  // annual, 11 % = 110 000
};

struct Config {
    // [store]
    std::string store_path = "toro.db";
    int busy_timeout_ms = 10000;
    std::string synchronous = "FULL";  // OFF | NORMAL | FULL | EXTRA
    // [privacy]
    std::optional<std::string> key_file;  // the pseudonym key file (unset: toro.key beside the store)
    // [city]
    std::string city_name = "Warszawa";
    std::vector<std::string> districts;  // extra districts beside the reference data
    std::string grant_id_prefix = "XX-TORO";
    // [reporting]
    int report_day = 10;
    double at_risk_ratio = 0.8;
    double overspend_tolerance = 0.10;
    double outlier_z = 3.5;
    std::vector<std::string> budget_categories;  // extra categories beside the reference data
    // [[indicator]]
    std::vector<IndicatorDef> indicators;
    // [survey]
    double gap_threshold = 1.0;
    // [[training_module]]
    std::vector<TrainingModule> training_modules;
    // [evaluation]
    EvaluationWeights evaluation;
    // [settlement]: how far a category's grant cost may pass its plan before the rest counts as
    // excess, the smallest late interest charged (in grosze), and rates that replace the shipped
    // table from their date on.
    double shift_tolerance = 0.10;
    std::int64_t interest_minimum_grosze = 870;
    std::vector<SettlementRate> settlement_rates;
    // [output]
    std::optional<Lang> lang;  // unset: LANG decides
    char csv_sep = ',';
    bool bom = false;
    // The mode of the files written with -o and --rejects (octal, at most 0666, owner rw);
    // the store, backups and the key file are 0600 whatever it says.
    unsigned file_mode = 0600;
    // [mail]: the sender and reply address of reminders and returns, and the program that sends
    // them (a command line; its words are split on spaces).
    std::optional<std::string> mail_from;
    std::optional<std::string> mail_reply_to;
    std::string sendmail = "/usr/sbin/sendmail -t -i";

    // The file the configuration was read from; empty when only defaults apply.
    std::filesystem::path file;
    // Where each value came from, by dotted key ("store.path"): "default", "FILE:LINE:COLUMN",
    // "environment TORO_DB", "option --db".
    std::map<std::string, std::string> origins;
};

// One line of `toro config show`.
struct Entry {
    std::string key;
    std::string value;
    std::string origin;
};

// The configuration file to read: `explicit_path` (--config), then TORO_CONFIG, then
// ./toro.toml, then $XDG_CONFIG_HOME/toro/config.toml; nullopt when there is none.
// `origin` receives how the file was chosen.
std::optional<std::filesystem::path> discover(const std::optional<std::string>& explicit_path, std::string& origin);

// Defaults overlaid with the file (when given). Throws Error(Exit::config) on bad TOML,
// unknown keys, wrong types and values out of range, naming FILE:LINE:COLUMN.
Config load(const std::optional<std::filesystem::path>& file);

// Parses TOML text as if read from `name`; for tests and for checking templates.
Config load_text(std::string_view text, const std::string& name);

// Every setting with its effective value and origin, in file order.
std::vector<Entry> entries(const Config& config);

// The commented configuration file `toro init` writes.
std::string_view template_text();

}  // namespace toro::config
