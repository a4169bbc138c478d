#include "config/config.hpp"

#include "core/atomic_file.hpp"
#include "core/date.hpp"
#include "core/embedded.hpp"
#include "core/error.hpp"
#include "core/money.hpp"
#include "core/toml_limits.hpp"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <sstream>

namespace toro::config {
namespace {

std::string where(const std::string& file, const toml::source_region& region)
{
    return location(file, region.begin.line, region.begin.column);
}

[[noreturn]] void fail(const std::string& file, const toml::source_region& region, Message message)
{
    throw Error(Exit::config, where(file, region), std::move(message));
}

Message type_name(const toml::node& node)
{
    switch (node.type()) {
    case toml::node_type::string:
        return Message("config.type.string");
    case toml::node_type::integer:
        return Message("config.type.integer");
    case toml::node_type::floating_point:
        return Message("config.type.number");
    case toml::node_type::boolean:
        return Message("config.type.boolean");
    case toml::node_type::array:
        return Message("config.type.array");
    case toml::node_type::table:
        return Message("config.type.table");
    default:
        return Message("config.type.date");
    }
}

// Reads one typed value of a key, or fails naming the place and the expected type.
class Reader {
public:
    Reader(const std::string& file, const std::string& key, const toml::node& node)
        : m_file(file), m_key(key), m_node(node)
    {
    }

    std::string string() const
    {
        if (const auto* value = m_node.as_string()) {
            return value->get();
        }
        wrong_type(Message("config.type.string"));
    }

    // An e-mail address, with or without a name: "Urząd <ngo@um.example.pl>", "ngo@um.example.pl";
    // one line, an @ with something on either side.
    std::string address() const
    {
        auto text = string();
        const auto at = text.find('@');
        if (at == std::string::npos || at == 0 || at + 1 == text.size() ||
            text.find_first_of("\r\n") != std::string::npos) {
            fail(m_file, m_node.source(), Message("config.not_an_address", {{"key", m_key}, {"value", text}}));
        }
        return text;
    }

    // A file name: a non-empty string without a NUL character.
    std::string path() const
    {
        auto text = string();
        if (text.empty() || text.find('\0') != std::string::npos) {
            fail(m_file, m_node.source(), Message("config.file_name", {{"key", m_key}}));
        }
        return text;
    }

    bool boolean() const
    {
        if (const auto* value = m_node.as_boolean()) {
            return value->get();
        }
        wrong_type(Message("config.type.boolean"));
    }

    std::int64_t integer(std::int64_t min, std::int64_t max) const
    {
        const auto* value = m_node.as_integer();
        if (value == nullptr) {
            wrong_type(Message("config.type.integer"));
        }
        if (value->get() < min || value->get() > max) {
            out_of_range(Message("config.between", {{"min", min}, {"max", max}}));
        }
        return value->get();
    }

    double number(double min, double max) const
    {
        double result = 0;
        if (const auto* real = m_node.as_floating_point()) {
            result = real->get();
        } else if (const auto* whole = m_node.as_integer()) {
            result = static_cast<double>(whole->get());
        } else {
            wrong_type(Message("config.type.number"));
        }
        if (!(result >= min && result <= max)) {
            out_of_range(Message("config.between", {{"min", min}, {"max", max}}));
        }
        return result;
    }

    // An amount in złoty, a number (8.70) or a text as people write it ("8,70"), with at most
    // two decimals, in grosze between min and max.
    std::int64_t amount(std::int64_t min, std::int64_t max) const
    {
        std::int64_t grosze = 0;
        try {
            if (const auto* text = m_node.as_string()) {
                grosze = Money::parse(text->get()).grosze();
            } else {
                const double value = number(-1e12, 1e12);
                const double scaled = value * 100.0;
                if (std::abs(scaled - std::round(scaled)) > 1e-6) {
                    throw InvalidValue(Message("money.not_an_amount"));
                }
                grosze = static_cast<std::int64_t>(std::llround(scaled));
            }
        } catch (const InvalidValue& error) {
            invalid(error.words());
        }
        if (grosze < min || grosze > max) {
            out_of_range(Message("config.between", {{"min", static_cast<double>(min) / 100.0},
                                                    {"max", static_cast<double>(max) / 100.0}}));
        }
        return grosze;
    }

    // A date: a TOML date (2026-01-15) or an ISO text ("2026-01-15"); returned as ISO text.
    std::string date() const
    {
        try {
            if (const auto* value = m_node.as_date()) {
                const auto& d = value->get();
                return Date::from_ymd(d.year, d.month, d.day).to_string();
            }
            if (const auto* text = m_node.as_string()) {
                return Date::parse(text->get()).to_string();
            }
        } catch (const InvalidValue& error) {
            invalid(error.words());
        }
        wrong_type(Message("config.type.date"));
    }

    // An annual rate in percent (11, 11.5) with at most four decimals, as millionths.
    std::int64_t rate_millionths() const
    {
        const double percent = number(0, 100);
        const double scaled = percent * 10'000.0;
        if (std::abs(scaled - std::round(scaled)) > 1e-6) {
            invalid(Message("config.rate_decimals"));
        }
        return static_cast<std::int64_t>(std::llround(scaled));
    }

    std::vector<std::string> strings() const
    {
        const auto* array = m_node.as_array();
        if (array == nullptr) {
            wrong_type(Message("config.type.strings"));
        }
        std::vector<std::string> result;
        for (const auto& element : *array) {
            const auto* text = element.as_string();
            if (text == nullptr) {
                fail(m_file, element.source(),
                     Message("config.element_not_string", {{"key", m_key}, {"actual", type_name(element)}}));
            }
            result.push_back(text->get());
        }
        return result;
    }

    std::string one_of(std::initializer_list<std::string_view> choices) const
    {
        const auto text = string();
        for (auto choice : choices) {
            if (text == choice) {
                return text;
            }
        }
        std::string list;
        for (auto choice : choices) {
            list += list.empty() ? "" : ", ";
            list += choice;
        }
        out_of_range(Message("config.one_of", {{"list", list}}));
    }

    [[noreturn]] void invalid(const Message& message) const
    {
        fail(m_file, m_node.source(), Message("config.invalid", {{"key", m_key}, {"message", message}}));
    }

    [[noreturn]] void out_of_range(const Message& expected) const
    {
        fail(m_file, m_node.source(), Message("config.out_of_range", {{"key", m_key}, {"expected", expected}}));
    }

private:
    [[noreturn]] void wrong_type(const Message& expected) const
    {
        fail(m_file, m_node.source(),
             Message("config.wrong_type", {{"key", m_key}, {"expected", expected}, {"actual", type_name(m_node)}}));
    }

    const std::string& m_file;
    const std::string& m_key;
    const toml::node& m_node;
};

using Setter = std::function<void(const Reader&, Config&)>;

// The keys of plain sections, by dotted name.
const std::map<std::string, Setter, std::less<>>& settings()
{
    static const std::map<std::string, Setter, std::less<>> table{
        {"store.path", [](const Reader& r, Config& c) { c.store_path = r.string(); }},
        {"store.busy_timeout_ms",
         [](const Reader& r, Config& c) { c.busy_timeout_ms = static_cast<int>(r.integer(0, 3'600'000)); }},
        {"store.synchronous",
         [](const Reader& r, Config& c) {
             c.synchronous = r.one_of({"OFF", "NORMAL", "FULL", "EXTRA"});
         }},
        {"privacy.key_file", [](const Reader& r, Config& c) { c.key_file = r.path(); }},
        {"city.name", [](const Reader& r, Config& c) { c.city_name = r.string(); }},
        {"city.districts", [](const Reader& r, Config& c) { c.districts = r.strings(); }},
        {"city.grant_id_prefix", [](const Reader& r, Config& c) { c.grant_id_prefix = r.string(); }},
        {"reporting.report_day", [](const Reader& r, Config& c) { c.report_day = static_cast<int>(r.integer(1, 28)); }},
        {"reporting.at_risk_ratio", [](const Reader& r, Config& c) { c.at_risk_ratio = r.number(0, 1); }},
        {"reporting.overspend_tolerance", [](const Reader& r, Config& c) { c.overspend_tolerance = r.number(0, 10); }},
        {"reporting.outlier_z", [](const Reader& r, Config& c) { c.outlier_z = r.number(0.1, 100); }},
        {"reporting.budget_categories", [](const Reader& r, Config& c) { c.budget_categories = r.strings(); }},
        {"settlement.shift_tolerance", [](const Reader& r, Config& c) { c.shift_tolerance = r.number(0, 1); }},
        {"settlement.interest_minimum",
         [](const Reader& r, Config& c) { c.interest_minimum_grosze = r.amount(0, 100'000'000); }},
        {"survey.gap_threshold", [](const Reader& r, Config& c) { c.gap_threshold = r.number(0, 100); }},
        {"evaluation.achievement", [](const Reader& r, Config& c) { c.evaluation.achievement = r.number(0, 1); }},
        {"evaluation.completeness", [](const Reader& r, Config& c) { c.evaluation.completeness = r.number(0, 1); }},
        {"evaluation.timeliness", [](const Reader& r, Config& c) { c.evaluation.timeliness = r.number(0, 1); }},
        {"evaluation.budget", [](const Reader& r, Config& c) { c.evaluation.budget = r.number(0, 1); }},
        {"output.lang",
         [](const Reader& r, Config& c) {
             c.lang = parse_lang(r.one_of({"pl", "en"}));
         }},
        {"output.csv_sep",
         [](const Reader& r, Config& c) {
             const auto text = r.string();
             if (text == "tab" || text == "\t") {
                 c.csv_sep = '\t';
             } else if (text == "," || text == ";" || text == "|") {
                 c.csv_sep = text[0];
             } else {
                 r.out_of_range(Message("config.one_of", {{"list", "\",\", \";\", \"|\", \"tab\""}}));
             }
         }},
        {"output.bom", [](const Reader& r, Config& c) { c.bom = r.boolean(); }},
        {"mail.from", [](const Reader& r, Config& c) { c.mail_from = r.address(); }},
        {"mail.reply_to", [](const Reader& r, Config& c) { c.mail_reply_to = r.address(); }},
        {"mail.sendmail", [](const Reader& r, Config& c) { c.sendmail = r.path(); }},
        {"output.file_mode",
         [](const Reader& r, Config& c) {
             try {
                 c.file_mode = parse_file_mode(r.string());
             } catch (const InvalidValue& error) {
                 r.invalid(error.words());
             }
         }},
    };
    return table;
}

const toml::table& expect_table(const std::string& file, const std::string& key, const toml::node& node)
{
    const auto* table = node.as_table();
    if (table == nullptr) {
        fail(file, node.source(), Message("config.not_table", {{"key", key}, {"actual", type_name(node)}}));
    }
    return *table;
}

[[noreturn]] void unknown_key(const std::string& file, const toml::key& key, const std::string& dotted)
{
    fail(file, key.source(), Message("config.unknown_key", {{"key", dotted}}));
}

// Required string fields of array-of-tables entries.
void require(const std::string& file, const toml::table& entry, const std::string& section,
             std::initializer_list<std::string_view> keys)
{
    for (auto key : keys) {
        if (!entry.contains(key)) {
            fail(file, entry.source(), Message("config.missing_key", {{"section", section}, {"key", key}}));
        }
    }
}

IndicatorDef read_indicator(const std::string& file, const toml::table& entry)
{
    require(file, entry, "[[indicator]]", {"code", "name", "unit"});
    IndicatorDef def;
    for (const auto& [key, node] : entry) {
        const std::string name(key.str());
        const std::string dotted = "indicator." + name;
        const Reader reader(file, dotted, node);
        if (name == "code") {
            def.code = reader.string();
        } else if (name == "name") {
            def.name = reader.string();
        } else if (name == "name_en") {
            def.name_en = reader.string();
        } else if (name == "unit") {
            def.unit = reader.string();
        } else if (name == "kind") {
            def.kind = reader.one_of({"output", "result"});
        } else if (name == "aggregation") {
            def.aggregation = reader.one_of({"sum", "last", "max"});
        } else if (name == "higher_is_better") {
            def.higher_is_better = reader.boolean();
        } else {
            unknown_key(file, key, dotted);
        }
    }
    return def;
}

TrainingModule read_training_module(const std::string& file, const toml::table& entry)
{
    require(file, entry, "[[training_module]]", {"code", "title", "areas"});
    TrainingModule module;
    for (const auto& [key, node] : entry) {
        const std::string name(key.str());
        const std::string dotted = "training_module." + name;
        const Reader reader(file, dotted, node);
        if (name == "code") {
            module.code = reader.string();
        } else if (name == "title") {
            module.title = reader.string();
        } else if (name == "areas") {
            module.areas = reader.strings();
        } else if (name == "hours") {
            module.hours = reader.number(0, 10'000);
        } else {
            unknown_key(file, key, dotted);
        }
    }
    return module;
}

SettlementRate read_settlement_rate(const std::string& file, const toml::table& entry)
{
    require(file, entry, "[[settlement.rate]]", {"from", "rate"});
    SettlementRate rate;
    for (const auto& [key, node] : entry) {
        const std::string name(key.str());
        const std::string dotted = "settlement.rate." + name;
        const Reader reader(file, dotted, node);
        if (name == "from") {
            rate.from = reader.date();
        } else if (name == "rate") {
            rate.rate_millionths = reader.rate_millionths();
        } else {
            unknown_key(file, key, dotted);
        }
    }
    return rate;
}

// [[settlement.rate]]: entries in order of their dates, each date once.
std::vector<SettlementRate> read_settlement_rates(const std::string& file, const toml::node& node);

template <typename T, typename ReadEntry>
std::vector<T> read_array_of_tables(const std::string& file, const std::string& key, const toml::node& node,
                                    ReadEntry read_entry)
{
    const auto* array = node.as_array();
    if (array == nullptr) {
        fail(file, node.source(), Message("config.not_array_of_tables", {{"key", key}, {"actual", type_name(node)}}));
    }
    std::vector<T> result;
    for (const auto& element : *array) {
        result.push_back(read_entry(file, expect_table(file, key, element)));
    }
    return result;
}

std::vector<SettlementRate> read_settlement_rates(const std::string& file, const toml::node& node)
{
    auto rates = read_array_of_tables<SettlementRate>(file, "settlement.rate", node, read_settlement_rate);
    const auto* array = node.as_array();
    for (std::size_t i = 1; i < rates.size(); ++i) {
        if (rates[i].from <= rates[i - 1].from) {
            fail(file, (*array)[i].source(),
                 Message("config.rate_order",
                         {{"key", "settlement.rate.from"}, {"date", rates[i].from}, {"previous", rates[i - 1].from}}));
        }
    }
    return rates;
}

void apply(const toml::table& root, const std::string& file, Config& config)
{
    for (const auto& [section_key, section_node] : root) {
        const std::string section(section_key.str());
        if (section == "indicator") {
            config.indicators = read_array_of_tables<IndicatorDef>(file, section, section_node, read_indicator);
            config.origins["indicator"] = where(file, section_node.source());
            continue;
        }
        if (section == "training_module") {
            config.training_modules =
                read_array_of_tables<TrainingModule>(file, section, section_node, read_training_module);
            config.origins["training_module"] = where(file, section_node.source());
            continue;
        }
        const bool known_section = settings().lower_bound(section + ".") != settings().end() &&
                                   settings().lower_bound(section + ".")->first.starts_with(section + ".");
        if (!known_section) {
            unknown_key(file, section_key, section);
        }
        for (const auto& [key, node] : expect_table(file, section, section_node)) {
            const std::string dotted = section + "." + std::string(key.str());
            if (dotted == "settlement.rate") {
                config.settlement_rates = read_settlement_rates(file, node);
                config.origins[dotted] = where(file, node.source());
                continue;
            }
            const auto setting = settings().find(dotted);
            if (setting == settings().end()) {
                unknown_key(file, key, dotted);
            }
            setting->second(Reader(file, dotted, node), config);
            config.origins[dotted] = where(file, node.source());
        }
    }
}

Config parse(std::string_view text, const std::string& name)
{
    Config config;
    if (const auto problem = toml_limit_problem(text)) {
        throw Error(Exit::config, location(name, problem->line, problem->column), problem->message);
    }
    try {
        const auto root = toml::parse(text, name);
        apply(root, name, config);
    } catch (const toml::parse_error& error) {
        throw Error(Exit::config, where(name, error.source()),
                    Message("config.syntax", {{"detail", std::string(error.description())}}));
    }
    return config;
}

std::string quoted(const std::string& text)
{
    return fmt::format("\"{}\"", text);
}

std::string quoted_list(const std::vector<std::string>& items)
{
    std::string result = "[";
    for (const auto& item : items) {
        result += (result.size() > 1 ? ", " : "") + quoted(item);
    }
    return result + "]";
}

std::string number(double value)
{
    return fmt::format("{}", value);
}

}  // namespace

std::optional<std::filesystem::path> discover(const std::optional<std::string>& explicit_path, std::string& origin)
{
    if (explicit_path) {
        origin = "option --config";
        return std::filesystem::path(*explicit_path);
    }
    if (const char* env = std::getenv("TORO_CONFIG"); env != nullptr && *env != '\0') {
        origin = "environment TORO_CONFIG";
        return std::filesystem::path(env);
    }
    if (std::filesystem::exists("toro.toml")) {
        origin = "./toro.toml";
        return std::filesystem::path("toro.toml");
    }
    std::filesystem::path xdg;
    if (const char* env = std::getenv("XDG_CONFIG_HOME"); env != nullptr && *env != '\0') {
        xdg = env;
    } else if (const char* home = std::getenv("HOME"); home != nullptr && *home != '\0') {
        xdg = std::filesystem::path(home) / ".config";
    }
    if (!xdg.empty() && std::filesystem::exists(xdg / "toro" / "config.toml")) {
        origin = "$XDG_CONFIG_HOME/toro/config.toml";
        return xdg / "toro" / "config.toml";
    }
    origin = "built-in defaults";
    return std::nullopt;
}

Config load(const std::optional<std::filesystem::path>& file)
{
    if (!file) {
        return Config{};
    }
    std::ifstream in(*file, std::ios::binary);
    if (!in) {
        throw Error(Exit::config, file->string(), Message("config.cannot_read"));
    }
    std::ostringstream text;
    text << in.rdbuf();
    auto config = parse(text.str(), file->string());
    config.file = *file;
    return config;
}

Config load_text(std::string_view text, const std::string& name)
{
    return parse(text, name);
}

std::vector<Entry> entries(const Config& config)
{
    auto origin = [&](const std::string& key) {
        const auto found = config.origins.find(key);
        return found == config.origins.end() ? std::string("default") : found->second;
    };
    std::vector<Entry> result;
    auto add = [&](const std::string& key, std::string value) {
        result.push_back({key, std::move(value), origin(key)});
    };

    add("store.path", quoted(config.store_path));
    add("store.busy_timeout_ms", std::to_string(config.busy_timeout_ms));
    add("store.synchronous", quoted(config.synchronous));
    add("city.name", quoted(config.city_name));
    add("city.districts", quoted_list(config.districts));
    add("city.grant_id_prefix", quoted(config.grant_id_prefix));
    add("reporting.report_day", std::to_string(config.report_day));
    add("reporting.at_risk_ratio", number(config.at_risk_ratio));
    add("reporting.overspend_tolerance", number(config.overspend_tolerance));
    add("reporting.outlier_z", number(config.outlier_z));
    add("reporting.budget_categories", quoted_list(config.budget_categories));
    std::vector<std::string> indicator_codes;
    for (const auto& indicator : config.indicators) {
        indicator_codes.push_back(indicator.code);
    }
    add("indicator", quoted_list(indicator_codes));
    add("survey.gap_threshold", number(config.gap_threshold));
    std::vector<std::string> module_codes;
    for (const auto& module : config.training_modules) {
        module_codes.push_back(module.code);
    }
    add("training_module", quoted_list(module_codes));
    add("evaluation.achievement", number(config.evaluation.achievement));
    add("evaluation.completeness", number(config.evaluation.completeness));
    add("evaluation.timeliness", number(config.evaluation.timeliness));
    add("evaluation.budget", number(config.evaluation.budget));
    add("output.lang", config.lang ? quoted(*config.lang == Lang::pl ? "pl" : "en") : std::string("(from LANG)"));
    add("output.csv_sep", config.csv_sep == '\t' ? quoted("tab") : quoted(std::string(1, config.csv_sep)));
    add("output.bom", config.bom ? "true" : "false");
    add("output.file_mode", quoted(fmt::format("{:04o}", config.file_mode)));
    add("privacy.key_file", config.key_file ? quoted(*config.key_file) : std::string("(toro.key beside the store)"));
    add("mail.from", config.mail_from ? quoted(*config.mail_from) : std::string("(not set)"));
    add("mail.reply_to", config.mail_reply_to ? quoted(*config.mail_reply_to) : std::string("(mail.from)"));
    add("mail.sendmail", quoted(config.sendmail));
    add("settlement.shift_tolerance", number(config.shift_tolerance));
    add("settlement.interest_minimum", Money::from_grosze(config.interest_minimum_grosze).to_machine());
    std::vector<std::string> rates;
    for (const auto& rate : config.settlement_rates) {
        rates.push_back(fmt::format("{} {}%", rate.from, static_cast<double>(rate.rate_millionths) / 10'000.0));
    }
    add("settlement.rate", quoted_list(rates));
    return result;
}

std::string_view template_text()
{
    for (const auto& file : embedded_files()) {
        if (file.path == "examples/toro.toml") {
            return file.content;
        }
    }
    return {};
}

}  // namespace toro::config
