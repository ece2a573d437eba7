#include "kudzu/files.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <random>

#include "kudzu/error.hpp"

namespace kudzu {

void write_file_atomically(const std::filesystem::path& path, std::string_view bytes) {
  // A name of our own beside the target: same file system, so the rename is atomic.
  std::string name = ".";
  name.append(path.filename().string()).append(".tmp-").append(std::to_string(getpid()));
  name.append("-").append(std::to_string(std::random_device{}()));
  const std::filesystem::path temporary = path.parent_path() / name;
  auto fail = [&](const std::string& what, int error) {
    std::error_code ignored;  // the error to report is the one that got us here
    std::filesystem::remove(temporary, ignored);
    throw Error("cannot write " + path.string() + ": " + what + ": " + std::strerror(error));
  };
  std::FILE* file = std::fopen(temporary.c_str(), "wb");
  if (!file) fail("cannot create a temporary file there", errno);
  const bool written = std::fwrite(bytes.data(), 1, bytes.size(), file) == bytes.size();
  const int write_error = errno;
  if (std::fclose(file) != 0 || !written) fail("writing failed", written ? errno : write_error);
  if (std::rename(temporary.c_str(), path.c_str()) != 0) fail("renaming into place failed", errno);
}

}  // namespace kudzu
