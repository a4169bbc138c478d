#include "core/error.hpp"
#include "reporting/mail.hpp"

#include <doctest/doctest.h>

#include <sstream>
#include <string>
#include <vector>

// Messages as RFC 5322 with MIME, and their hand-over to a sendmail-like program.

using namespace toro;
using namespace toro::reporting;

namespace {

std::vector<std::string> lines_of(const std::string& text)
{
    std::vector<std::string> lines;
    std::size_t start = 0;
    while (start < text.size()) {
        const auto end = text.find("\r\n", start);
        REQUIRE(end != std::string::npos);  // every line ends in CRLF
        lines.push_back(text.substr(start, end - start));
        start = end + 2;
    }
    return lines;
}

Mail sample()
{
    Mail message;
    message.from = "Biuro Dialogu Społecznego <dialog@um.example.pl>";
    message.to = "Fundacja \"Łąka\" <laka@example.org>";
    message.reply_to = "raporty@um.example.pl";
    message.subject = "Przypomnienie: sprawozdania za październik 2026 — Fundacja Łąka, która działa na Woli od lat";
    message.body = "Szanowni Państwo,\n\nzadanie V-1 — termin 2026-11-10, 1 dzień po terminie\nkoniec = 100% \n";
    message.message_id = "<toro.1.abc@um.example.pl>";
    message.date = "Wed, 11 Nov 2026 09:30:00 +0100";
    return message;
}

}  // namespace

TEST_CASE("reporting::render_message: headers, encodings and attachments")
{
    auto message = sample();
    SUBCASE("text only")
    {
        const auto text = render_message(message);
        const auto lines = lines_of(text);
        for (const auto& line : lines) {
            CHECK(line.size() <= 78);
            for (const char c : line) {
                CHECK(static_cast<unsigned char>(c) < 0x80);  // 7-bit on the wire
            }
        }
        // Headers unfolded: a line that starts with a space continues the one before.
        std::vector<std::string> headers;
        for (const auto& line : lines) {
            if (line.empty()) {
                break;
            }
            if (line.front() == ' ') {
                headers.back() += line;
            } else {
                headers.push_back(line);
            }
        }
        CHECK(headers[0] == "From: =?UTF-8?B?Qml1cm8gRGlhbG9ndSBTcG/FgmVjem5lZ28=?= <dialog@um.example.pl>");
        CHECK(headers[1] == "To: =?UTF-8?B?RnVuZGFjamEgIsWBxIVrYSI=?= <laka@example.org>");
        CHECK(headers[2] == "Reply-To: raporty@um.example.pl");
        CHECK(headers[3].starts_with("Subject: =?UTF-8?B?UHJ6eXBvbW5pZW5pZTog"));  // "Przypomnienie: "
        CHECK(headers[3].find("?= =?UTF-8?B?") != std::string::npos);              // a long subject in several words
        CHECK(headers[4] == "Date: Wed, 11 Nov 2026 09:30:00 +0100");
        CHECK(headers[5] == "Message-ID: <toro.1.abc@um.example.pl>");
        CHECK(text.find("Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: quoted-printable") !=
              std::string::npos);
        CHECK(text.find("Szanowni Pa=C5=84stwo,\r\n\r\nzadanie V-1 =E2=80=94") != std::string::npos);
        CHECK(text.find("koniec =3D 100%=20\r\n") != std::string::npos);  // '=' and a space before a line end
    }
    SUBCASE("ASCII names are quoted, addresses alone left as they are")
    {
        message.from = "Biuro \"Dialog\" <dialog@um.example.pl>";
        message.to = "laka@example.org";
        message.subject = "Reminder";
        const auto lines = lines_of(render_message(message));
        CHECK(lines[0] == "From: \"Biuro \\\"Dialog\\\"\" <dialog@um.example.pl>");
        CHECK(lines[1] == "To: laka@example.org");
        CHECK(lines[3] == "Subject: Reminder");
    }
    SUBCASE("attachments in base64 lines of 76 characters, in a multipart/mixed body")
    {
        message.attachments.push_back({"V-1_2026-10.xlsx",
                                       "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                                       std::string(200, '\xff') + "PK"});
        const auto text = render_message(message);
        const auto boundary_at = text.find("boundary=\"");
        REQUIRE(boundary_at != std::string::npos);
        const auto boundary = text.substr(boundary_at + 10, text.find('"', boundary_at + 10) - boundary_at - 10);
        CHECK(text.find("\r\n--" + boundary + "\r\nContent-Type: text/plain") != std::string::npos);
        CHECK(text.find("Content-Disposition: attachment; filename=\"V-1_2026-10.xlsx\"") != std::string::npos);
        CHECK(text.ends_with("\r\n--" + boundary + "--\r\n"));
        const auto body = text.substr(text.find("filename=\"V-1_2026-10.xlsx\"\r\n\r\n") + 31);
        const auto lines = lines_of(body);
        CHECK(lines[0] == std::string(76, '/'));  // 0xFF 0xFF 0xFF is "////"
        CHECK(lines[1].size() == 76);
        CHECK(lines[3] == std::string(38, '/') + "9QSw==");  // 200 bytes of 0xFF, then "PK"
    }
}

TEST_CASE("reporting::address_of and new_message_id")
{
    CHECK(address_of("Biuro <dialog@um.example.pl>") == "dialog@um.example.pl");
    CHECK(address_of(" dialog@um.example.pl ") == "dialog@um.example.pl");
    const auto id = new_message_id("Biuro <dialog@um.example.pl>");
    CHECK(id.starts_with("<toro."));
    CHECK(id.ends_with("@um.example.pl>"));
    CHECK(id != new_message_id("Biuro <dialog@um.example.pl>"));
    CHECK(message_date(0).size() == std::string("Thu, 01 Jan 1970 00:00:00 +0000").size());
}

TEST_CASE("reporting::send_message: the program's exit status decides")
{
    CHECK_NOTHROW(send_message("sh -c cat>/dev/null", "Subject: x\r\n\r\nbody\r\n"));
    CHECK_THROWS_WITH_AS(send_message("false", "x"), "it exited with status 1: the message was not sent", Error);
    CHECK_THROWS_WITH_AS(send_message("/nonexistent/sendmail -t", "x"),
                         "cannot run it (not found or not executable; [mail] sendmail names it)", Error);
    CHECK_THROWS_AS(send_message("   ", "x"), Error);
}

TEST_CASE("a reminder run: messages, skipped and failed ones apart for machines, one table for people")
{
    reporting::ReminderRun run{Period::from_ym(2026, 10), Date::from_ymd(2026, 11, 11), {}};
    run.outcomes.push_back({"ORG-001",
                            "Fundacja A",
                            "a@example.org",
                            {"V-1"},
                            "written",
                            Message::verbatim("out/ORG-001_2026-10.eml"),
                            "<id@x>",
                            "out/ORG-001_2026-10.eml",
                            "",
                            std::nullopt});
    run.outcomes.push_back({"ORG-002",
                            "Stowarzyszenie B",
                            std::nullopt,
                            {"V-2", "V-3"},
                            "skipped",
                            Message("mail.no_address"),
                            std::nullopt,
                            std::nullopt,
                            "no e-mail address",
                            std::nullopt});
    CHECK(run.count("skipped") == 1);
    CHECK(run.count("failed") == 0);
    const auto json = render::json_value(run);
    CHECK(json["period"] == "2026-10");
    REQUIRE(json["messages"].size() == 1);
    CHECK(json["messages"][0]["file"] == "out/ORG-001_2026-10.eml");
    CHECK(json["messages"][0]["status"] == "written");
    REQUIRE(json["skipped"].size() == 1);
    CHECK(json["skipped"][0]["ventures"] == nlohmann::ordered_json({"V-2", "V-3"}));
    CHECK(json["skipped"][0]["reason"] == "no e-mail address");
    CHECK(json["failed"].empty());
    const auto document = reporting::reminders_document(run, Lang::pl);
    REQUIRE(document.tables.size() == 1);
    CHECK(document.tables[0].rows.size() == 2);
    CHECK(document.tables[0].columns[0].label == say(Lang::pl, "column.org"));
    const auto& org = std::get<render::TermRef>(document.tables[0].rows[1][0]);
    CHECK(org->code == "ORG-002");
    CHECK(org->words.text(Lang::pl).find("Stowarzyszenie B") != std::string::npos);
}
