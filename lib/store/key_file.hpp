#pragma once
// The pseudonym key file (docs/operations.md "Pseudonyms and the key file"): the secret under
// which people's ids are hashed, kept outside the store (default `toro.key` beside it) so that
// a copy of the store or of a backup alone does not let anyone re-identify the people behind
// the pseudonyms. It holds 32 random bytes from the operating system as 64 hex digits and a
// newline, mode 0600, and is created exclusively: an existing key is never replaced.

#include <filesystem>
#include <string>
#include <string_view>

namespace toro::store {

// The key as the HMAC uses it (its 64 hex digits). Errors: the file is missing, unreadable or
// not a key (78, naming the path).
std::string read_key(const std::filesystem::path& path);

// Creates the key file with a new random key unless a file is already there; true when it was
// created. Errors: it cannot be created or written (73).
bool create_key(const std::filesystem::path& path);

// Writes `key` (64 hex digits) to a new key file; an existing file must hold the same key.
// Errors: a different key is there (78), the file cannot be written (73).
void install_key(const std::filesystem::path& path, std::string_view key);

// True when `text` is 64 lower-case hex digits.
bool is_hex_key(std::string_view text);

}  // namespace toro::store
