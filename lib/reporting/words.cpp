#include "reporting/words.hpp"

#include "core/words.hpp"

#include <array>

namespace toro::reporting {
namespace {

// Keys that are values in cells (statuses, flags, buckets) come first; headings after.
constexpr std::array<Word, 26> value_words{{
    {"achieved", "osiągnięty", "achieved"},
    {"on_track", "zgodnie z planem", "on track"},
    {"at_risk", "zagrożony", "at risk"},
    {"behind", "opóźniony", "behind"},
    {"missing", "brak raportu", "missing"},
    {"late", "spóźniony", "late"},
    {"incomplete", "niekompletny", "incomplete"},
    {"overspent", "przekroczony budżet", "overspent"},
    {"outlier", "wartość odstająca", "outlier"},
    {"loan_overdue", "zaległość w spłacie", "loan overdue"},
    {"submitted", "złożony", "submitted"},
    {"accepted", "przyjęty", "accepted"},
    {"returned", "zwrócony", "returned"},
    {"current", "bieżąca", "current"},
    {"1-30", "1–30 dni", "1–30 days"},
    {"31-60", "31–60 dni", "31–60 days"},
    {"61-90", "61–90 dni", "61–90 days"},
    {"90+", "ponad 90 dni", "over 90 days"},
    {"personnel", "koszty osobowe", "personnel"},
    {"services", "usługi", "services"},
    {"materials", "materiały", "materials"},
    {"rent", "najem", "rent"},
    {"travel", "podróże", "travel"},
    {"equipment", "wyposażenie", "equipment"},
    {"promotion", "promocja", "promotion"},
    {"administration", "koszty administracyjne", "administration"},
}};

constexpr std::array<Word, 47> heading_words{{
    {"monthly_title", "Miesięczny raport z monitoringu", "Monthly monitoring report"},
    {"venture_title", "Karta przedsięwzięcia", "Venture dossier"},
    {"loans_title", "Portfel pożyczek", "Loan portfolio"},
    {"missing_title", "Brakujące raporty", "Missing reports"},
    {"history_title", "Historia raportu", "Report history"},
    {"as_of", "stan na", "as of"},
    {"summary", "Podsumowanie", "Summary"},
    {"by", "Według", "By"},
    {"ventures", "Przedsięwzięcia", "Ventures"},
    {"flags", "Sygnały", "Flags"},
    {"targets", "Cele", "Targets"},
    {"months", "Raporty miesięczne", "Monthly reports"},
    {"spending", "Wydatki według kategorii", "Spending by category"},
    {"portfolio", "Portfel", "Portfolio"},
    {"expected", "oczekiwane", "expected"},
    {"received", "otrzymane", "received"},
    {"on_time", "w terminie", "on time"},
    {"pending", "przed terminem", "pending"},
    {"completeness", "kompletność", "completeness"},
    {"timeliness", "terminowość", "timeliness"},
    {"grant_total", "dotacje razem", "grants"},
    {"spent_total", "wydatki w miesiącu", "spent this month"},
    {"group", "grupa", "group"},
    {"venture", "przedsięwzięcie", "venture"},
    {"title", "tytuł", "title"},
    {"org", "organizacja", "organization"},
    {"email", "e-mail", "email"},
    {"due_on", "termin", "due on"},
    {"days_overdue", "dni po terminie", "days overdue"},
    {"pace", "tempo", "pace"},
    {"budget_execution", "wykonanie budżetu", "budget execution"},
    {"indicator", "wskaźnik", "indicator"},
    {"baseline", "wartość bazowa", "baseline"},
    {"target", "cel", "target"},
    {"actual", "wykonanie", "actual"},
    {"achievement", "realizacja", "achievement"},
    {"status", "status", "status"},
    {"kind", "rodzaj", "kind"},
    {"message", "opis", "message"},
    {"loan", "pożyczka", "loan"},
    {"principal", "kapitał", "principal"},
    {"outstanding", "do spłaty", "outstanding"},
    {"overdue", "zaległe", "overdue"},
    {"days_past_due", "dni opóźnienia", "days past due"},
    {"bucket", "przedział", "bucket"},
    {"category", "kategoria", "category"},
    {"planned", "plan", "planned"},
}};

constexpr std::array<Word, 12> more_words{{
    {"district", "dzielnica", "district"},
    {"sphere", "sfera", "sphere"},
    {"program", "program", "programme"},
    {"spent", "wydano", "spent"},
    {"period", "okres", "period"},
    {"submitted_on", "złożono", "submitted on"},
    {"revision", "wersja", "revision"},
    {"values", "wartości", "values"},
    {"note", "uwagi", "note"},
    {"loans", "pożyczki", "loans"},
    {"completeness_chart", "Kompletność i terminowość raportów", "Completeness and timeliness of reports"},
    {"achievement_chart", "Realizacja celów wobec tempa", "Achievement against pace"},
}};

} // namespace

std::string word(Lang lang, std::string_view key)
{
    const Word* found = find_word({heading_words, value_words, more_words}, key);
    return std::string(found == nullptr ? key : found->in(lang));
}

std::map<std::string, std::string> terms(Lang lang)
{
    std::map<std::string, std::string> result;
    add_terms(result, value_words, lang);
    return result;
}

} // namespace toro::reporting
