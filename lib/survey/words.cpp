#include "survey/words.hpp"

#include "core/words.hpp"

#include <map>

namespace toro::survey {
namespace {

constexpr Word words[] = {
    {"instruments", "Narzędzia badawcze", "Instruments"},
    {"instrument", "narzędzie", "instrument"},
    {"code", "kod", "code"},
    {"kind", "rodzaj", "kind"},
    {"title", "tytuł", "title"},
    {"areas", "obszary", "areas"},
    {"items", "pytania", "items"},
    {"responses", "odpowiedzi", "responses"},
    {"scale", "skala", "scale"},
    {"groups", "grupy", "groups"},
    {"area", "obszar", "area"},
    {"name", "nazwa", "name"},
    {"item", "pytanie", "item"},
    {"type", "typ", "type"},
    {"criterion", "kryterium", "criterion"},
    {"text", "treść", "text"},
    {"options", "odpowiedzi do wyboru", "options"},
    {"gaps_title", "Luki kompetencyjne", "Competency gaps"},
    {"gaps_by_area", "Luki według obszarów", "Gaps by area"},
    {"gaps_by_item", "Luki według pytań", "Gaps by item"},
    {"compare_title", "Porównanie grup", "Groups compared"},
    {"n", "n", "n"},
    {"mean_current", "poziom obecny", "current level"},
    {"mean_required", "poziom wymagany", "required level"},
    {"mean_gap", "luka", "gap"},
    {"mwds", "MWDS", "MWDS"},
    {"rank", "miejsce", "rank"},
    {"alpha", "α Cronbacha", "Cronbach's α"},
    {"group_a", "grupa A", "group A"},
    {"group_b", "grupa B", "group B"},
    {"n_a", "n A", "n A"},
    {"n_b", "n B", "n B"},
    {"mean_a", "luka A", "gap A"},
    {"mean_b", "luka B", "gap B"},
    {"difference", "różnica", "difference"},
    {"u", "U", "U"},
    {"p", "p", "p"},
    {"levels_chart", "Poziom obecny i wymagany według obszarów", "Current and required level by area"},
    {"importance_gap_chart", "Ważność a luka według pytań", "Importance against gap by item"},
    {"means", "średnie", "means"},
    {"plan_title", "Plan szkoleń", "Training plan"},
    {"plan_areas", "Obszary do szkoleń", "Areas to train"},
    {"plan_modules", "Moduły szkoleniowe", "Training modules"},
    {"need", "osoby z luką ≥ progu", "respondents at or above the threshold"},
    {"modules", "moduły", "modules"},
    {"module", "moduł", "module"},
    {"hours", "godziny", "hours"},
    {"threshold", "próg luki", "gap threshold"},
    {"study_title", "Wyniki badania ewaluacyjnego", "Evaluation study results"},
    {"study_criteria", "Oceny według kryteriów i grup", "Scores by criterion and group"},
    {"study_alpha", "Rzetelność skal (α Cronbacha)", "Scale reliability (Cronbach's α)"},
    {"study_kruskal", "Różnice między grupami (Kruskal–Wallis)", "Differences between groups (Kruskal–Wallis)"},
    {"study_pairwise", "Porównania par grup (Mann–Whitney, poprawka Holma)",
     "Pairs of groups (Mann–Whitney, Holm-adjusted)"},
    {"study_nps", "Wskaźnik rekomendacji (NPS)", "Net promoter score"},
    {"study_choices", "Odpowiedzi na pytania wyboru", "Answers to choice questions"},
    {"study_texts", "Odpowiedzi otwarte", "Open answers"},
    {"means_chart", "Średnie ocen z 95% przedziałem ufności", "Mean scores with 95% confidence intervals"},
    {"criterion", "kryterium", "criterion"},
    {"group", "grupa", "group"},
    {"mean", "średnia", "mean"},
    {"sd", "odch. std.", "sd"},
    {"ci_low", "95% PU od", "95% CI low"},
    {"ci_high", "95% PU do", "95% CI high"},
    {"median", "mediana", "median"},
    {"k", "pytania", "items"},
    {"h", "H", "H"},
    {"df", "df", "df"},
    {"p_holm", "p (Holm)", "p (Holm)"},
    {"promoters", "promotorzy", "promoters"},
    {"passives", "neutralni", "passives"},
    {"detractors", "krytycy", "detractors"},
    {"nps", "NPS", "NPS"},
    {"answer", "odpowiedź", "answer"},
    {"count", "liczba", "count"},
};

// Values in cells that people read as words: criteria and the evaluation groups.
constexpr Word value_words[] = {
    {"relevance", "trafność", "relevance"},
    {"coherence", "spójność", "coherence"},
    {"effectiveness", "skuteczność", "effectiveness"},
    {"efficiency", "efektywność", "efficiency"},
    {"impact", "oddziaływanie", "impact"},
    {"sustainability", "trwałość", "sustainability"},
    {"utility", "użyteczność", "utility"},
    {"satisfaction", "satysfakcja", "satisfaction"},
    {"users", "użytkownicy", "users"},
    {"would_be_users", "potencjalni użytkownicy", "would-be users"},
    {"officials", "urzędnicy", "officials"},
};

} // namespace

std::string word(Lang lang, std::string_view key)
{
    const Word* found = find_word({words, value_words}, key);
    return std::string(found == nullptr ? key : found->in(lang));
}

std::map<std::string, std::string> terms(Lang lang)
{
    std::map<std::string, std::string> result;
    add_terms(result, value_words, lang);
    return result;
}

} // namespace toro::survey
