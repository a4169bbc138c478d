#!/usr/bin/env python3
"""Writes the corpus files whose bytes are awkward to keep by hand: Windows-1250 text, CRLF
line endings, no-break spaces and JSON nested too deep. The other files are plain UTF-8 text
edited directly. Run from anywhere: python3 tests/corpus/register/generate.py"""

from pathlib import Path

HERE = Path(__file__).resolve().parent


def write_bytes(name: str, data: bytes) -> None:
    (HERE / name).write_bytes(data)


# A Windows-1250 file imported without --encoding (detected, read as cp1250): the record on
# lines 2-3 is plain ASCII (a quoted address spans both lines), the one on line 4 holds
# Polish letters.
write_bytes(
    "csv_cp1250_without_encoding.csv",
    "\n".join(
        [
            "code,name,legal_form,nip,district,address",
            'ORG-C,Fundacja Gamma,FUND,1234563218,Ochota,"ul. Grojecka 1\nlok. 2"',
            "ORG-D,Fundacja Żółta Łódź,FUND,9512345675,Śródmieście,ul. Wilcza 46",
            "",
        ]
    ).encode("cp1250"),
)

# A UTF-8 file as Excel saves "CSV UTF-8" without the mark (`;`, CRLF), its Polish letters
# first on line 3: declared cp1250 (an old recipe) it is refused, naming that line.
write_bytes(
    "csv_utf8_declared_cp1250.csv",
    "\r\n".join(
        [
            "code;name;legal_form;city",
            "ORG-C;Fundacja Gamma;FUND;Warszawa",
            "ORG-D;Stowarzyszenie Ślązaków;STOW;Warszawa",
            "",
        ]
    ).encode("utf-8"),
)

# One row with a mistyped NIP, and also an unknown legal form, district and sphere, and a NIP
# already registered on another row: one run lists every problem of the row, those that need
# the store too, even though the NIP field did not parse.
write_bytes(
    "org_every_problem_at_once.csv",
    "\r\n".join(
        [
            "code;name;legal_form;nip;district;spheres",
            "ORG-C;Fundacja Ćma;fundacjaa;526-104-08-29;Pcim;99",
            "ORG-D;Fundacja Łoś;FUND;1234563218;Wola;1",
            "ORG-E;Fundacja Żubr;FUND;1234563218;Wawer;2",
            "",
        ]
    ).encode("cp1250"),
)

# The same mistake in JSON: the second element's name is Windows-1250 (line 3, column 39).
write_bytes(
    "json_cp1250_without_encoding.json",
    (
        "[\n"
        '  {"code": "ORG-C", "name": "Fundacja Gamma", "legal_form": "FUND"},\n'
        '  {"code": "ORG-D", "name": "Fundacja Żółta Łódź", "legal_form": "FUND"}\n'
        "]\n"
    ).encode("cp1250"),
)

# What an office exports from Polish Excel: `;`, Windows-1250, CRLF, header names in any case,
# quoted fields with line breaks, quotes and semicolons, NIPs with dashes or spaces, dates
# DD.MM.YYYY. Imported with --encoding cp1250 it must go in as it is.
office_orgs = [
    "Code;Name;Short_Name;Legal_Form;KRS;NIP;REGON;OPP;OPP_Since;District;Address;Postal_Code;City;Email;Phone;Spheres;Founded_On;Status",
    'ORG-W1;"Fundacja ""Żółta Łódź""";Żółta Łódź;FUND;123456;123-456-32-18;246801353;TAK;31.12.2012;Śródmieście;'
    '"ul. Marszałkowska 10/12; II piętro\r\nlok. 5";00-950;Warszawa;biuro@zolta-lodz.example.org;+48 22 123 45 67;1|2|15;01.02.2010;active',
    'ORG-W2;"Spółdzielnia Socjalna ""Gęśle"" w Warszawie";Gęśle;spoldz_soc;0000654321;951 234 56 75;135792462;nie;;Żoliborz;'
    '"al. Wojska Polskiego 1;\r\nwejście od podwórza";01-524;Warszawa;gesle@example.org;;2|8;15.09.2016;active',
    "ORG-W3;Stowarzyszenie Ćma i Świerszcz;Ćma;STOW;;PL1132456789;140798305;false;;Wola;ul. Żelazna 3;01-100;Warszawa;cma@example.org;;16;28.02.2019;suspended",
    "",
]
write_bytes("office_orgs_cp1250.csv", "\r\n".join(office_orgs).encode("cp1250"))

# The same office's programmes: amounts with a space or a no-break space between thousands,
# a decimal comma and "zł"; dates DD.MM.YYYY.
office_programs = [
    "code;name;year;mode;form;spheres;budget;opens_on;closes_on",
    'MG-2026;"Małe granty 2026; dzielnice";2026;small_grant;supporting;13|15;1 234,56;31.12.2025;31.01.2026',
    'OK-2026;"Otwarty konkurs ofert 2026:\r\n""Aktywni seniorzy"", ""Rodzina"";";2026;open_call;entrusting;10|31;'
    "1\u00a0500\u00a0000,00 zł;02.01.2026;30.01.2026",
    "",
]
write_bytes("office_programs_cp1250.csv", "\r\n".join(office_programs).encode("cp1250"))

# JSON nested 65 levels deep inside one element (an object holding 64 nested arrays).
deep = '[\n  {"code": "ORG-C", "name": "Fundacja Gamma", "legal_form": "FUND", "spheres": ' + "[" * 64 + "]" * 64 + "}\n]\n"
write_bytes("json_nesting_too_deep.json", deep.encode("utf-8"))
