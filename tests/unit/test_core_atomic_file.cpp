#include "core/atomic_file.hpp"
#include "core/error.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <sys/stat.h>
#include <unistd.h>

using namespace toro;
namespace fs = std::filesystem;

namespace {

// A fresh folder, removed at the end.
struct Folder {
    Folder()
    {
        std::string pattern = (fs::temp_directory_path() / "toro-atomic-XXXXXX").string();
        path = ::mkdtemp(pattern.data());
    }
    ~Folder()
    {
        std::error_code ignored;
        fs::remove_all(path, ignored);
    }
    fs::path path;
};

std::string content(const fs::path& path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

unsigned mode_of(const fs::path& path)
{
    struct stat status {};
    ::stat(path.c_str(), &status);
    return status.st_mode & 07777;
}

std::size_t entries(const fs::path& folder)
{
    return static_cast<std::size_t>(std::distance(fs::directory_iterator(folder), fs::directory_iterator()));
}

Exit refusal(const fs::path& target, const std::vector<ProtectedFile>& protect, std::string& message)
{
    try {
        check_target(target, protect);
    } catch (const Error& error) {
        message = error.message();
        return error.code();
    }
    return Exit::ok;
}

}  // namespace

TEST_CASE("core::AtomicFile")
{
    Folder folder;
    const auto target = folder.path / "out.csv";
    const mode_t old_umask = ::umask(0);

    SUBCASE("written whole, 0600 whatever the umask, nothing else left")
    {
        {
            AtomicFile file(target, private_file_mode);
            CHECK(file.temporary_path().parent_path() == folder.path);
            CHECK(file.temporary_path().filename().string().starts_with("out.csv.tmp-"));
            CHECK(file.temporary_path().filename().string().size() == std::string("out.csv.tmp-").size() + 12);
            CHECK(mode_of(file.temporary_path()) == 0600);
            file.stream() << "a,b\r\n";
            CHECK_FALSE(fs::exists(target));
            file.commit();
        }
        CHECK(content(target) == "a,b\r\n");
        CHECK(mode_of(target) == 0600);
        CHECK(entries(folder.path) == 1);
    }

    SUBCASE("a mode given; an existing file's mode kept when asked")
    {
        {
            AtomicFile file(target, 0640);
            file.stream() << "x";
            file.commit();
        }
        CHECK(mode_of(target) == 0640);
        ::chmod(target.c_str(), 0604);
        {
            AtomicFile file(target, 0600, true);
            file.stream() << "y";
            file.commit();
        }
        CHECK(mode_of(target) == 0604);
        CHECK(content(target) == "y");
    }

    SUBCASE("not committed: the temporary file is removed and the target untouched")
    {
        std::ofstream(target) << "before";
        {
            AtomicFile file(target, private_file_mode);
            file.stream() << "after";
        }
        CHECK(content(target) == "before");
        CHECK(entries(folder.path) == 1);
    }

    SUBCASE("two at once get different names")
    {
        AtomicFile first(target, private_file_mode);
        AtomicFile second(target, private_file_mode);
        CHECK(first.temporary_path() != second.temporary_path());
    }

    SUBCASE("a folder that does not exist is exit 73")
    {
        try {
            AtomicFile file(folder.path / "missing" / "out.csv", private_file_mode);
            FAIL("no error");
        } catch (const Error& error) {
            CHECK(error.code() == Exit::cant_create);
        }
    }
    ::umask(old_umask);
}

TEST_CASE("core::check_target")
{
    Folder folder;
    const auto store = folder.path / "toro.db";
    std::ofstream(store) << "store";
    const std::vector<ProtectedFile> protect{{store, Message("file.what.store")},
                                             {fs::path(store.string() + "-wal"), Message("file.what.wal")}};
    std::string message;

    CHECK(refusal(folder.path / "other.csv", protect, message) == Exit::ok);
    CHECK(refusal(store, protect, message) == Exit::cant_create);
    CHECK(message == "this is the store (" + store.string() + "); toro never writes over it: choose another file");
    CHECK(refusal(folder.path / "." / "toro.db", protect, message) == Exit::cant_create);
    fs::create_hard_link(store, folder.path / "hard.db");
    CHECK(refusal(folder.path / "hard.db", protect, message) == Exit::cant_create);
    fs::create_symlink(store, folder.path / "soft.db");
    CHECK(refusal(folder.path / "soft.db", protect, message) == Exit::cant_create);
    // A companion that does not exist yet is caught by its path.
    CHECK(refusal(fs::path(store.string() + "-wal"), protect, message) == Exit::cant_create);
    CHECK(message.starts_with("this is the store's write-ahead log"));
    // Not regular files.
    CHECK(refusal(folder.path, {}, message) == Exit::cant_create);
    CHECK(message.starts_with("this is a folder"));
    if (fs::exists("/dev/null")) {
        CHECK(refusal("/dev/null", {}, message) == Exit::cant_create);
        CHECK(message.starts_with("this is a device"));
    }
    const auto fifo = folder.path / "pipe";
    REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    CHECK(refusal(fifo, {}, message) == Exit::cant_create);
    CHECK(message.starts_with("this is a pipe"));
}

TEST_CASE("core::parse_file_mode")
{
    CHECK(parse_file_mode("0600") == 0600);
    CHECK(parse_file_mode("640") == 0640);
    CHECK(parse_file_mode("0666") == 0666);
    for (const char* text :
         {"", "0777", "0700", "0400", "0200", "1666", "4600", "0680", "06400", "rw", "0x1a0", " 0600"}) {
        CAPTURE(text);
        CHECK_THROWS_AS(parse_file_mode(text), InvalidValue);
    }
}
