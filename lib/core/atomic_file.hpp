#pragma once
// Files written whole or not at all. Every file toro writes (an output, a rejects file, a
// backup, init's configuration, the generated reference files) goes through AtomicFile: a
// temporary file created with O_CREAT|O_EXCL under an unpredictable name in the target's own
// folder, mode 0600 while it is written, fsync'ed, given its final mode, renamed over the
// target and the folder fsync'ed. The temporary file is removed on every failure and when the
// program is stopped by SIGINT, SIGTERM or SIGHUP.

#include "core/catalogue.hpp"

#include <sys/types.h>

#include <filesystem>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

namespace toro {

// The mode of every file toro creates unless a setting allows more (outputs only).
inline constexpr mode_t private_file_mode = 0600;

// A file toro must never write over, and what it is ("the store", "an input of this command").
struct ProtectedFile {
    std::filesystem::path path;
    Message what;  // "the store", "the configuration file", ...
};

// Refuses a target before anything is written: Error(Exit::cant_create) when it exists and is
// not a regular file (a device, a FIFO, a folder), or when it is one of `protect` — the same
// file by device and inode (other spellings, symbolic and hard links) or, for a file that does
// not exist yet, the same path. The message names the target and what it is.
void check_target(const std::filesystem::path& target, const std::vector<ProtectedFile>& protect);

class AtomicFile {
public:
    // Creates the temporary file beside `target`. Its final mode is `mode`, or the mode of the
    // regular file it replaces when `keep_existing_mode`. Throws Error(Exit::cant_create).
    AtomicFile(std::filesystem::path target, mode_t mode, bool keep_existing_mode = false);
    // Removes the temporary file unless commit() succeeded.
    ~AtomicFile();
    AtomicFile(const AtomicFile&) = delete;
    AtomicFile& operator=(const AtomicFile&) = delete;

    // The stream writing the temporary file.
    std::ostream& stream();
    // The temporary file, for writers that open files by name (SQLite's backup). They must
    // have closed it before commit().
    const std::filesystem::path& temporary_path() const { return m_temporary; }
    const std::filesystem::path& target() const { return m_target; }

    // Flushes and fsyncs the file, gives it its mode and renames it over the target, then
    // fsyncs the folder. Throws Error(Exit::io) when the data could not be written (a full
    // disk) and Error(Exit::cant_create) when the rename fails; the temporary file is gone.
    void commit();

private:
    class Buffer;

    void discard() noexcept;

    std::filesystem::path m_target;
    std::filesystem::path m_temporary;
    mode_t m_mode;
    int m_fd = -1;
    int m_slot = -1;  // in the registry of temporary files removed on a signal
    std::unique_ptr<Buffer> m_buffer;
    std::unique_ptr<std::ostream> m_stream;
    bool m_committed = false;
};

// Parses a file mode written as octal text ("0640", "640"). Throws InvalidValue unless it is
// octal, no more than 0666, and gives its owner read and write.
mode_t parse_file_mode(const std::string& text);

}  // namespace toro
