// Reading and writing whole files safely. A reader opens only regular files and reads no more
// than they hold; a writer never lets anyone see half a file: the bytes go to a temporary file
// in the same directory, which is then renamed over the target (atomic on POSIX).
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace kudzu {

// The whole content of the regular file `path`, at most `max_bytes` of it. DataError
// "<path>: <problem>" when it cannot be opened, is not a regular file (a FIFO, a device or a
// directory is refused at once, without waiting for a writer), is larger than max_bytes, or
// changes size while being read.
std::string read_regular_file(const std::filesystem::path& path,
                              std::uintmax_t max_bytes = std::uintmax_t{1} << 32);

// Replaces `path` with `bytes`. On failure throws kudzu::Error naming the path and the
// reason, removes the temporary file, and leaves any existing file at `path` as it was.
void write_file_atomically(const std::filesystem::path& path, std::string_view bytes);

}  // namespace kudzu
