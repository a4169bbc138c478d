#include "core/collation.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

using namespace toro;

TEST_CASE("core::polish_less: Polish alphabetical order")
{
    std::vector<std::string> districts{
        "Żoliborz", "Włochy", "Śródmieście", "Wola",    "Bielany", "Białołęka", "cała Warszawa (ogólnomiejskie)",
        "Bemowo",   "Ursus",  "Ursynów",     "Targówek"};
    std::sort(districts.begin(), districts.end(), polish_less);
    CHECK(districts == std::vector<std::string>{"Bemowo", "Białołęka", "Bielany", "cała Warszawa (ogólnomiejskie)",
                                                "Śródmieście", "Targówek", "Ursus", "Ursynów", "Włochy", "Wola",
                                                "Żoliborz"});
    // The letters of the Polish alphabet, each after its plain letter: a ą b c ć … z ź ż.
    CHECK(polish_less("a", "ą"));
    CHECK(polish_less("ą", "b"));
    CHECK(polish_less("lz", "ła"));
    CHECK(polish_less("sz", "śa"));
    CHECK(polish_less("z", "ź"));
    CHECK(polish_less("ź", "ż"));
    CHECK(polish_less("Zakopane", "Żory"));
    // Case is weighed after the letters; texts that collate equal fall back to their bytes.
    CHECK(polish_less("mokotów", "Mokotów") != polish_less("Mokotów", "mokotów"));
    CHECK(polish_compare("Wola", "Wola") == 0);
    CHECK_FALSE(polish_less("Wola", "Wola"));
}
