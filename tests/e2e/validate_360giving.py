#!/usr/bin/env python3
"""Checks a 360Giving data package against the 360Giving 1.4.3 JSON schemas, offline.

Usage: validate_360giving.py FILE [SCHEMA_DIR]

SCHEMA_DIR holds 360-giving-package-schema.json and 360-giving-schema.json; by default
$TORO_SHARED_SCHEMAS, else $TORO_SOURCE/../shared/schemas/360giving. The grant schema is
registered locally under its own $id and under the URL the package schema refers to (the
1.4.3 package schema still points at the 1.4.2 path), so nothing is fetched from the network.
`date-time` is checked by a function of this script: jsonschema checks that format only when
optional packages are installed, and without it a plain date matches both branches of
`awardDate`'s oneOf and fails. Grant ids must also be unique (360Giving's rule; the schema's
uniqueItems only catches identical grants).

Exit status: 0 valid, 1 invalid (the problems on stderr), 2 the check could not run.
Works with Debian's python3-jsonschema (4.10, RefResolver) and newer ones (referencing).
"""

import datetime
import json
import os
import re
import sys

PACKAGE_SCHEMA = "360-giving-package-schema.json"
GRANT_SCHEMA = "360-giving-schema.json"
MAX_PROBLEMS = 50

DATE_TIME = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-](\d{2}):(\d{2}))$"
)


def is_date_time(value):
    """RFC 3339 date-time (JSON Schema's `date-time`); other types are not this format's business."""
    if not isinstance(value, str):
        return True
    match = DATE_TIME.match(value)
    if not match:
        return False
    year, month, day, hour, minute, second = (int(match.group(i)) for i in range(1, 7))
    try:
        datetime.datetime(year, month, day, hour, minute, min(second, 59))
    except ValueError:
        return False
    if second > 60:  # 60 is a leap second
        return False
    if match.group(9) is not None and (int(match.group(9)) > 23 or int(match.group(10)) > 59):
        return False
    return True


def schema_dir(arguments):
    if len(arguments) > 2:
        return arguments[2]
    if os.environ.get("TORO_SHARED_SCHEMAS"):
        return os.environ["TORO_SHARED_SCHEMAS"]
    source = os.environ.get("TORO_SOURCE", os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
    return os.path.join(source, "..", "shared", "schemas", "360giving")


def refs(node):
    """Every $ref in a schema."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                yield value
            else:
                yield from refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from refs(value)


def make_validator(package_schema, grant_schema, checker):
    import jsonschema

    urls = {grant_schema["$id"]}
    urls.update(ref.split("#")[0] for ref in refs(package_schema) if ref.split("#")[0].endswith("/" + GRANT_SCHEMA))
    try:
        from referencing import Registry, Resource
        from referencing.jsonschema import DRAFT202012
    except ImportError:
        resolver = jsonschema.RefResolver.from_schema(
            package_schema, store={url: grant_schema for url in urls}
        )
        return jsonschema.Draft202012Validator(package_schema, resolver=resolver, format_checker=checker)
    resource = Resource.from_contents(grant_schema, default_specification=DRAFT202012)
    registry = Registry().with_resources((url, resource) for url in urls)
    return jsonschema.Draft202012Validator(package_schema, registry=registry, format_checker=checker)


def where(error):
    return "/" + "/".join(str(part) for part in error.absolute_path)


def main(arguments):
    if len(arguments) < 2:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    try:
        import jsonschema
    except ImportError:
        print("validate_360giving: python3-jsonschema is not installed (tests/deps.sh installs it)", file=sys.stderr)
        return 2
    directory = schema_dir(arguments)
    try:
        with open(os.path.join(directory, PACKAGE_SCHEMA), encoding="utf-8") as file:
            package_schema = json.load(file)
        with open(os.path.join(directory, GRANT_SCHEMA), encoding="utf-8") as file:
            grant_schema = json.load(file)
    except OSError as error:
        print(f"validate_360giving: cannot read the schemas in {directory}: {error}", file=sys.stderr)
        return 2

    checker = jsonschema.FormatChecker()
    checker.checks("date-time")(is_date_time)
    # The checker must tell a date from a date-time, or awardDate's oneOf cannot pass.
    if checker.conforms("2025-01-01", "date-time") or not checker.conforms("2025-01-01T10:00:00Z", "date-time"):
        print("validate_360giving: the date-time format checker does not work", file=sys.stderr)
        return 2
    validator = make_validator(package_schema, grant_schema, checker)

    path = arguments[1]
    try:
        with open(path, encoding="utf-8") as file:
            package = json.load(file)
    except (OSError, ValueError) as error:
        print(f"{path}: not a readable JSON file: {error}", file=sys.stderr)
        return 1

    problems = [f"{where(error)}: {error.message}" for error in
                sorted(validator.iter_errors(package), key=lambda e: [str(p) for p in e.absolute_path])]
    seen = set()
    for index, grant in enumerate(package.get("grants", []) if isinstance(package, dict) else []):
        grant_id = grant.get("id") if isinstance(grant, dict) else None
        if isinstance(grant_id, str):
            if grant_id in seen:
                problems.append(f"/grants/{index}/id: {grant_id!r} is used by an earlier grant")
            seen.add(grant_id)

    for problem in problems[:MAX_PROBLEMS]:
        print(f"{path}: {problem}", file=sys.stderr)
    if len(problems) > MAX_PROBLEMS:
        print(f"{path}: … and {len(problems) - MAX_PROBLEMS} more problems", file=sys.stderr)
    if problems:
        return 1
    print(f"{path}: valid 360Giving 1.4.3 package ({len(seen)} grants)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
