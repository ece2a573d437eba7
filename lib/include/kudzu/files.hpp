// Writing files so that a reader never sees half of one: the bytes go to a temporary file
// in the same directory, which is then renamed over the target (atomic on POSIX).
#pragma once

#include <filesystem>
#include <string_view>

namespace kudzu {

// Replaces `path` with `bytes`. On failure throws kudzu::Error naming the path and the
// reason, removes the temporary file, and leaves any existing file at `path` as it was.
void write_file_atomically(const std::filesystem::path& path, std::string_view bytes);

}  // namespace kudzu
