#include "staged_output.hpp"

#include <fcntl.h>
#include <stdio.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <string_view>
#include <system_error>

#include "kudzu/error.hpp"

namespace kudzu::compare {
namespace fs = std::filesystem;

namespace {

constexpr std::string_view staging_prefix = ".staging-";

// A run killed by a signal (Ctrl-C, SIGTERM, SIGPIPE from `| head`) cannot clean up after
// itself, and a signal handler may not safely remove files; so each run removes the staging
// directories that no run holds any more. A live run holds an exclusive flock on its own
// for as long as it lives (the kernel drops it however the process ends), which works
// across PID namespaces too, where a process id says nothing (containers sharing a volume).
void remove_stale_staging(const fs::path& out) {
  std::error_code error;
  for (const fs::directory_entry& entry : fs::directory_iterator(out, error)) {
    if (!entry.path().filename().string().starts_with(staging_prefix)) continue;
    const int fd = open(entry.path().c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd == -1) continue;  // not a directory, or gone already
    if (flock(fd, LOCK_EX | LOCK_NB) == 0) {
      std::error_code ignored;  // another run may be removing it at the same moment
      fs::remove_all(entry.path(), ignored);
    }
    close(fd);
  }
}

// Creates a staging directory inside `out` and locks it; it gets its .staging- name only
// once locked, so that no other run's cleanup can take it for a stale one in between.
// Returns its path, and the locked descriptor in `fd`.
fs::path create_locked_staging(const fs::path& out, int& fd) {
  const auto fail = [&](int error) {
    throw Error("cannot write into output directory " + out.string() + ": " +
                std::generic_category().message(error));
  };
  for (;;) {
    std::string unlocked = (out / ".new-staging-XXXXXX").string();
    if (mkdtemp(unlocked.data()) == nullptr) fail(errno);
    fd = open(unlocked.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd == -1 || flock(fd, LOCK_EX) == -1) {
      const int error = errno;
      if (fd != -1) close(fd);
      rmdir(unlocked.c_str());
      fail(error);
    }
    const std::string suffix = unlocked.substr(unlocked.size() - 6);
    const fs::path staging =
        out / (std::string(staging_prefix) + std::to_string(getpid()) + "-" + suffix);
    if (renameat2(AT_FDCWD, unlocked.c_str(), AT_FDCWD, staging.c_str(), RENAME_NOREPLACE) == 0)
      return staging;
    const int error = errno;
    close(fd);
    rmdir(unlocked.c_str());
    if (error != EEXIST) fail(error);  // else another run's name: draw another
  }
}

}  // namespace

StagedOutput::StagedOutput(fs::path out) : out_(std::move(out)) {
  std::error_code error;
  created_out_ = !fs::exists(out_, error);
  fs::create_directories(out_, error);
  if (error || !fs::is_directory(out_))
    throw Error("cannot use output directory " + out_.string() + ": " +
                (error ? error.message() : "it is not a directory"));
  remove_stale_staging(out_);
  staging_ = create_locked_staging(out_, lock_fd_);
}

StagedOutput::~StagedOutput() {
  std::error_code ignored;  // nothing useful to report from a destructor
  fs::remove_all(staging_, ignored);
  close(lock_fd_);  // only now may another run take it for a stale one
  if (created_out_ && !committed_) fs::remove(out_, ignored);  // only removes it when empty
}

std::vector<std::string> StagedOutput::commit(const std::vector<std::string>& outputs) {
  committed_ = true;
  std::vector<std::string> names;
  for (const fs::directory_entry& entry : fs::directory_iterator(staging_))
    names.push_back(entry.path().filename().string());
  std::sort(names.begin(), names.end());
  for (const std::string& name : names) {
    std::error_code error;
    fs::rename(staging_ / name, out_ / name, error);
    if (error)
      throw Error("cannot move " + name + " into " + out_.string() + ": " + error.message());
  }
  for (const std::string& stale : outputs)
    if (std::find(names.begin(), names.end(), stale) == names.end()) fs::remove(out_ / stale);
  return names;
}

}  // namespace kudzu::compare
