#include "staged_output.hpp"

#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <string_view>

#include "kudzu/error.hpp"

namespace kudzu::compare {
namespace fs = std::filesystem;

namespace {

constexpr std::string_view staging_prefix = ".staging-";

// The process id a staging directory's name carries, or 0 when it is not one of ours.
pid_t staging_owner(const std::string& name) {
  if (!name.starts_with(staging_prefix)) return 0;
  const std::string digits = name.substr(staging_prefix.size());
  if (digits.empty() || digits.size() > 9 ||
      digits.find_first_not_of("0123456789") != std::string::npos)
    return 0;
  return static_cast<pid_t>(std::stol(digits));
}

// A run killed by a signal (Ctrl-C, SIGTERM, SIGPIPE from `| head`) cannot clean up after
// itself, and a signal handler may not safely remove files; so each run removes the staging
// directories of processes that no longer exist. A live process's (a run writing into the
// same --out right now) is left alone.
void remove_stale_staging(const fs::path& out) {
  std::error_code error;
  for (const fs::directory_entry& entry : fs::directory_iterator(out, error)) {
    const pid_t owner = staging_owner(entry.path().filename().string());
    if (owner <= 0 || owner == getpid() || !entry.is_directory(error)) continue;
    if (kill(owner, 0) == -1 && errno == ESRCH) {
      std::error_code ignored;  // another run may be removing it at the same moment
      fs::remove_all(entry.path(), ignored);
    }
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
  staging_ = out_ / (std::string(staging_prefix) + std::to_string(getpid()));
  fs::remove_all(staging_, error);  // a leftover of a killed run with the same process id
  if (!fs::create_directory(staging_, error) || error)
    throw Error("cannot write into output directory " + out_.string() + ": " + error.message());
}

StagedOutput::~StagedOutput() {
  std::error_code ignored;  // nothing useful to report from a destructor
  fs::remove_all(staging_, ignored);
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
