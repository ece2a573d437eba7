#include "kudzu/files.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <random>

#include "kudzu/error.hpp"
#include "regular_file.hpp"

namespace kudzu {

std::string read_regular_file(const std::filesystem::path& path, std::uintmax_t max_bytes) {
  return detail::read_regular_file_at(AT_FDCWD, path, path.string(), max_bytes);
}

namespace detail {

std::string read_regular_file_at(int directory, const std::filesystem::path& path,
                                 const std::string& shown_name, std::uintmax_t max_bytes,
                                 int flags) {
  auto fail = [&](const std::string& problem) -> std::string {
    throw DataError(shown_name + ": " + problem);
  };
  // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer forever.
  const int descriptor =
      ::openat(directory, path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | flags);
  if (descriptor < 0) return fail(std::string("cannot open it: ") + std::strerror(errno));
  struct Closer {
    int descriptor;
    ~Closer() { ::close(descriptor); }
  } closer{descriptor};
  struct stat status {};
  if (::fstat(descriptor, &status) != 0)
    return fail(std::string("cannot read it: ") + std::strerror(errno));
  if (!S_ISREG(status.st_mode))
    return fail(S_ISDIR(status.st_mode)    ? "is a directory, not a file"
                : S_ISFIFO(status.st_mode) ? "is a FIFO (named pipe), not a regular file"
                                           : "is not a regular file (a device or a socket)");
  const auto size = static_cast<std::uintmax_t>(status.st_size);
  if (size > max_bytes)
    return fail("is " + std::to_string(size) + " bytes, more than the " +
                std::to_string(max_bytes) + " a file of this kind may have");
  std::string bytes(size, '\0');
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t count = ::read(descriptor, bytes.data() + done, bytes.size() - done);
    if (count < 0 && errno == EINTR) continue;
    if (count < 0) return fail(std::string("reading failed: ") + std::strerror(errno));
    if (count == 0) break;
    done += static_cast<std::size_t>(count);
  }
  char extra;
  if (done != bytes.size() || ::read(descriptor, &extra, 1) != 0)
    return fail("it changed size while being read");
  return bytes;
}

}  // namespace detail

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
