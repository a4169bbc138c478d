#include "evaluation/words.hpp"

#include "core/words.hpp"
#include "reporting/words.hpp"

#include <array>

namespace toro::evaluation {
namespace {

constexpr std::array<Word, 26> words{{
    {"ventures_title", "Ocena przedsięwzięć", "Evaluation of ventures"},
    {"training_title", "Ocena szkolenia", "Training evaluation"},
    {"year", "rok", "year"},
    {"weights", "Wagi oceny łącznej", "Weights of the score"},
    {"rank", "miejsce", "rank"},
    {"score", "ocena łączna", "score"},
    {"from", "od", "from"},
    {"grant", "dotacja", "grant"},
    {"mean_achievement", "realizacja celów (średnia)", "mean achievement"},
    {"main_result", "główny rezultat", "main result"},
    {"cost_per_unit", "koszt jednostkowy", "cost per unit"},
    {"budget", "budżet", "budget"},
    {"indicators", "Wskaźniki", "Indicators"},
    {"score_chart", "Ocena łączna przedsięwzięć", "Composite score of the ventures"},
    {"training", "szkolenie", "training"},
    {"max_score", "maksymalny wynik", "maximum score"},
    {"n", "uczestnicy z oboma wynikami", "participants with both scores"},
    {"mean_pre", "średni wynik przed", "mean score before"},
    {"mean_post", "średni wynik po", "mean score after"},
    {"mean_gain", "średni przyrost", "mean gain"},
    {"normalized_gain", "przyrost znormalizowany", "normalised gain"},
    {"t", "t (test t dla par)", "t (paired t test)"},
    {"df", "stopnie swobody", "degrees of freedom"},
    {"p_t", "p (test t)", "p (t test)"},
    {"p_wilcoxon", "p (test Wilcoxona)", "p (Wilcoxon test)"},
    {"mean_satisfaction", "średnia ocena zadowolenia", "mean satisfaction"},
}};

}  // namespace

std::string word(Lang lang, std::string_view key)
{
    const Word* found = find_word(words, key);
    return found == nullptr ? reporting::word(lang, key) : std::string(found->in(lang));
}

std::map<std::string, std::string> terms(Lang lang)
{
    auto result = reporting::terms(lang);
    result.emplace("output", lang == Lang::pl ? "produkt" : "output");
    result.emplace("result", lang == Lang::pl ? "rezultat" : "result");
    return result;
}

}  // namespace toro::evaluation
