// read_regular_file relative to an open directory, for readers that must see one directory
// whole even if its name is given to another one meanwhile (RunDirectory).
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

namespace kudzu::detail {

// As read_regular_file, opening `path` with openat(directory, ...) and extra open `flags`
// (O_NOFOLLOW, say); errors name the file `shown_name`.
std::string read_regular_file_at(int directory, const std::filesystem::path& path,
                                 const std::string& shown_name, std::uintmax_t max_bytes,
                                 int flags = 0);

}  // namespace kudzu::detail
