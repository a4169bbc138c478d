#include "core/words.hpp"

#include <doctest/doctest.h>

using namespace toro;

TEST_CASE("count_en: one, or many")
{
    CHECK(count_en(1, "report", "reports") == "1 report");
    CHECK(count_en(0, "report", "reports") == "0 reports");
    CHECK(count_en(5, "report", "reports") == "5 reports");
    CHECK(count_en(21, "day", "days") == "21 days");
}

TEST_CASE("count_pl: the three Polish forms")
{
    const auto reports = [](std::int64_t n) { return count_pl(n, "raport", "raporty", "raportów"); };
    CHECK(reports(1) == "1 raport");
    CHECK(reports(2) == "2 raporty");
    CHECK(reports(4) == "4 raporty");
    CHECK(reports(5) == "5 raportów");
    CHECK(reports(0) == "0 raportów");
    // 12–14 take the many form though they end in 2–4; 22–24 and 102 the few form.
    CHECK(reports(12) == "12 raportów");
    CHECK(reports(14) == "14 raportów");
    CHECK(reports(21) == "21 raportów");
    CHECK(reports(22) == "22 raporty");
    CHECK(reports(102) == "102 raporty");
    CHECK(reports(112) == "112 raportów");
    CHECK(count_pl(1, "dzień", "dni", "dni") == "1 dzień");
    CHECK(count_pl(3, "dzień", "dni", "dni") == "3 dni");
    // A verb agrees the same way.
    CHECK(plural_pl(1, "wpłynął", "wpłynęły", "wpłynęło") == "wpłynął");
    CHECK(plural_pl(3, "wpłynął", "wpłynęły", "wpłynęło") == "wpłynęły");
    CHECK(plural_pl(11, "wpłynął", "wpłynęły", "wpłynęło") == "wpłynęło");
}
