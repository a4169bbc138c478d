#!/usr/bin/env python3
"""Generated survey data for bench_survey_gaps.sh (fixed seed; standard library only).

    gen_survey.py instrument ITEMS              # the TOML instrument BENCH, ITEMS items in 10 areas
    gen_survey.py responses ITEMS RESPONDENTS   # CSV, groups a and b, ~3 % answers missing
"""

import random
import sys


def instrument(items: int) -> None:
    print('code = "BENCH"\ntitle = "Benchmark"\nkind = "competency"\ngroups = ["a", "b"]')
    print("scale = { min = 1, max = 5 }")
    for area in range(10):
        print(f'[[area]]\ncode = "area{area}"\nname = "Area {area}"')
    for item in range(items):
        print(f'[[item]]\ncode = "q{item}"\narea = "area{item % 10}"\ntext = "Item {item}"')


def responses(items: int, count: int) -> None:
    rng = random.Random(11)
    header = ["respondent", "group"] + [f"q{i}.{r}" for i in range(items) for r in ("current", "required")]
    out = [",".join(header)]
    for number in range(count):
        row = [f"P{number:06d}", "a" if number % 2 else "b"]
        for _ in range(items):
            for _ in range(2):
                row.append("" if rng.random() < 0.03 else str(rng.randint(1, 5)))
        out.append(",".join(row))
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    if sys.argv[1] == "instrument":
        instrument(int(sys.argv[2]))
    else:
        responses(int(sys.argv[2]), int(sys.argv[3]))
