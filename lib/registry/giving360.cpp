#include "registry/giving360.hpp"

#include "core/date.hpp"
#include "core/error.hpp"
#include "core/money.hpp"
#include "registry/register.hpp"

#include "store/database.hpp"
#include <fmt/format.h>

#include <cctype>
#include <map>
#include <set>
#include <string_view>

namespace toro::registry {
namespace {

using Json = nlohmann::ordered_json;

// A stored text (or integer) value of `field`, nullopt when empty.
std::optional<std::string> text_of(const EntitySpec& entity, const Record& record, std::string_view field)
{
    const auto& value = record[entity.index(field)];
    if (const auto* text = std::get_if<std::string>(&value)) {
        if (!text->empty()) {
            return *text;
        }
        return std::nullopt;
    }
    if (const auto* whole = std::get_if<std::int64_t>(&value)) {
        return std::to_string(*whole);
    }
    return std::nullopt;
}

std::string required_text(const EntitySpec& entity, const Record& record, std::string_view field)
{
    return text_of(entity, record, field).value_or(std::string());
}

// "360G-<prefix>": the publisher prefix. A configured prefix that already starts with "360G-"
// is taken as it is.
std::string publisher_prefix(const std::string& grant_id_prefix)
{
    if (grant_id_prefix.size() > 5) {
        std::string head = grant_id_prefix.substr(0, 5);
        for (char& c : head) {
            c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        }
        if (head == "360G-") {
            return "360G-" + grant_id_prefix.substr(5);
        }
    }
    return "360G-" + grant_id_prefix;
}

// An RFC 3339 date-time as the audit log writes it: YYYY-MM-DDTHH:MM:SSZ.
bool is_audit_time(const std::string& text)
{
    static constexpr std::string_view shape = "dddd-dd-ddTdd:dd:ddZ";
    if (text.size() != shape.size()) {
        return false;
    }
    for (std::size_t i = 0; i < shape.size(); ++i) {
        const bool digit = std::isdigit(static_cast<unsigned char>(text[i])) != 0;
        if (shape[i] == 'd' ? !digit : text[i] != shape[i]) {
            return false;
        }
    }
    try {
        (void)Date::parse(std::string_view(text).substr(0, 10));
    } catch (const InvalidValue&) {
        return false;
    }
    return text.compare(11, 2, "24") < 0 && text.compare(14, 2, "60") < 0 && text.compare(17, 2, "60") < 0;
}

// code -> name_pl of a reference table (sphere, legal_form).
std::map<std::string, std::string> reference_names(store::Store& store, const char* table)
{
    std::map<std::string, std::string> names;
    try {
        store::Statement query(store.db(), fmt::format("SELECT code, name_pl FROM \"{}\"", table));
        while (query.step()) {
            names[query.column(0).get_string()] = query.column(1).get_string();
        }
    } catch (const std::exception& error) {
        store::rethrow_sqlite(error, store.path(), "store.doing.read_reference");
    }
    return names;
}

// venture code -> when its row last changed (the newest audit row), where that is a valid time.
std::map<std::string, std::string> last_changes(store::Store& store)
{
    std::map<std::string, std::string> times;
    try {
        store::Statement query(store.db(), "SELECT key, max(at) FROM audit WHERE entity = 'venture' GROUP BY key");
        while (query.step()) {
            auto at = query.column(1).get_string();
            if (is_audit_time(at)) {
                times[query.column(0).get_string()] = std::move(at);
            }
        }
    } catch (const std::exception& error) {
        store::rethrow_sqlite(error, store.path(), "store.doing.read_audit");
    }
    return times;
}

Json recipient(const EntitySpec& org, const Record& record, const std::string& grant_id_prefix,
               const std::map<std::string, std::string>& legal_forms)
{
    const auto code = required_text(org, record, "code");
    Json object = Json::object();
    object["id"] = giving360_org_id(text_of(org, record, "krs"), text_of(org, record, "nip"),
                                    text_of(org, record, "regon"), code, grant_id_prefix);
    object["name"] = required_text(org, record, "name");
    if (auto short_name = text_of(org, record, "short_name")) {
        object["alternateName"] = *short_name;
    }
    if (auto address = text_of(org, record, "address")) {
        object["streetAddress"] = *address;
    }
    if (auto city = text_of(org, record, "city")) {
        object["addressLocality"] = *city;
    }
    if (auto postal_code = text_of(org, record, "postal_code")) {
        object["postalCode"] = *postal_code;
    }
    object["addressCountry"] = "PL";
    if (auto form = text_of(org, record, "legal_form")) {
        const auto found = legal_forms.find(*form);
        object["organisationType"] = found != legal_forms.end() ? found->second : *form;
    }
    return object;
}

}  // namespace

std::string giving360_org_id(const std::optional<std::string>& krs, const std::optional<std::string>& nip,
                             const std::optional<std::string>& regon, const std::string& code,
                             const std::string& grant_id_prefix)
{
    if (krs && !krs->empty()) {
        return "PL-KRS-" + *krs;
    }
    if (nip && !nip->empty()) {
        return "PL-NIP-" + *nip;
    }
    if (regon && !regon->empty()) {
        return "PL-REGON-" + *regon;
    }
    return publisher_prefix(grant_id_prefix) + "-" + code;
}

// Long, as it names the 360Giving standard's fields of a grant one after another.
Giving360Package giving360_package(store::Store& store, const config::Config& config)
{
    const auto& org = *find_entity("org");
    const auto& program = *find_entity("program");
    const auto& venture = *find_entity("venture");

    Register reg(store, config);
    const auto ventures = reg.list(venture, {});
    if (ventures.empty()) {
        throw Error(Exit::data, "register export venture", Message("giving360.no_ventures"));
    }
    std::map<std::string, Record> orgs;
    for (auto& record : reg.list(org, {})) {
        auto code = required_text(org, record, "code");
        orgs.emplace(std::move(code), std::move(record));
    }
    std::map<std::string, Record> programs;
    for (auto& record : reg.list(program, {})) {
        auto code = required_text(program, record, "code");
        programs.emplace(std::move(code), std::move(record));
    }
    const auto spheres = reference_names(store, "sphere");
    const auto legal_forms = reference_names(store, "legal_form");
    const auto changed = last_changes(store);
    const auto prefix = publisher_prefix(config.grant_id_prefix);

    Json funder = Json::object();
    funder["id"] = prefix;
    funder["name"] = config.city_name;

    Giving360Package package;
    std::set<std::string> noted;
    Json grants = Json::array();
    for (const auto& record : ventures) {
        const auto code = required_text(venture, record, "code");
        const auto title = required_text(venture, record, "title");
        const auto org_code = required_text(venture, record, "org");
        const auto program_code = required_text(venture, record, "program");
        const auto starts = Period::parse(required_text(venture, record, "starts"));
        const auto ends = Period::parse(required_text(venture, record, "ends"));
        const auto* grant_value = std::get_if<std::int64_t>(&record[venture.index("grant")]);
        const auto grant = Money::from_grosze(grant_value != nullptr ? *grant_value : 0);

        const auto org_found = orgs.find(org_code);
        const auto program_found = programs.find(program_code);
        if (org_found == orgs.end() || program_found == programs.end()) {
            throw Error(Exit::internal, code, Message("giving360.missing_parent"));
        }
        const auto program_name = required_text(program, program_found->second, "name");

        Json item = Json::object();
        item["id"] = fmt::format("{}-{}", prefix, code);
        item["title"] = title;
        item["description"] = fmt::format("{} ({})", title, program_name);
        item["currency"] = "PLN";
        item["amountAwarded"] = grant.to_zloty();
        // The register keeps no decision date: the award was made by the time the venture
        // started, so the first day of `starts` stands for it.
        item["awardDate"] = starts.first_day().to_string();

        Json planned = Json::object();
        planned["startDate"] = starts.first_day().to_string();
        planned["endDate"] = ends.last_day().to_string();
        planned["duration"] = months_between(starts, ends) + 1;
        item["plannedDates"] = Json::array({planned});

        auto organization = recipient(org, org_found->second, config.grant_id_prefix, legal_forms);
        if (organization["id"].get<std::string>().starts_with("360G-") && noted.insert(org_code).second) {
            package.notes.push_back(Message("giving360.no_registry_number",
                                            {{"org", org_code}, {"id", organization["id"].get<std::string>()}}));
        }
        item["recipientOrganization"] = Json::array({std::move(organization)});
        item["fundingOrganization"] = Json::array({funder});

        const auto districts = to_json(venture.fields[venture.index("districts")], record[venture.index("districts")]);
        if (!districts.empty()) {
            Json locations = Json::array();
            for (const auto& district : districts) {
                Json location = Json::object();
                location["name"] = district.get<std::string>();
                location["countryCode"] = "PL";
                locations.push_back(std::move(location));
            }
            item["beneficiaryLocation"] = std::move(locations);
        }

        Json programme = Json::object();
        programme["code"] = program_code;
        programme["title"] = program_name;
        item["grantProgramme"] = Json::array({programme});

        const auto mode = required_text(program, program_found->second, "mode");
        if (mode == "open_call") {
            item["fromOpenCall"] = "Yes";
        } else if (mode == "small_grant") {  // art. 19a: awarded without an open call
            item["fromOpenCall"] = "No";
        }

        if (auto sphere = text_of(venture, record, "sphere")) {
            Json classification = Json::object();
            classification["vocabulary"] = "PL-DPPW-art4-1";
            classification["code"] = *sphere;
            const auto found = spheres.find(*sphere);
            if (found != spheres.end()) {
                classification["title"] = found->second;
            }
            item["classifications"] = Json::array({classification});
        }

        if (const auto found = changed.find(code); found != changed.end()) {
            item["dateModified"] = found->second;
        }
        grants.push_back(std::move(item));
    }
    package.json = Json::object();
    package.json["grants"] = std::move(grants);
    return package;
}

}  // namespace toro::registry
