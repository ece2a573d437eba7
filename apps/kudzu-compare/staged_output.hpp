// An output directory that a failed run leaves as it was: files are written into a
// staging directory inside it and moved into place only when the whole run succeeded.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace kudzu::compare {

class StagedOutput {
 public:
  // Creates `out` if needed and a staging directory inside it (.staging-<process id>-<6
  // random characters>), locked with flock for this object's lifetime, first removing those
  // that killed runs left behind (no run holds their lock); throws kudzu::Error naming the
  // directory when it cannot be written, before any work is done.
  explicit StagedOutput(std::filesystem::path out);
  // Removes the staging directory and whatever is still in it, and `out` itself when this
  // object created it and nothing was committed.
  ~StagedOutput();
  StagedOutput(const StagedOutput&) = delete;
  StagedOutput& operator=(const StagedOutput&) = delete;

  // Where to write: a file staged as staging() / name lands at out / name.
  const std::filesystem::path& staging() const { return staging_; }
  const std::filesystem::path& out() const { return out_; }
  // Renames every staged file into `out`, replacing files of the same name (one atomic
  // rename each); then removes the files named in `outputs` that this run did not write, so
  // that no result of an earlier, different run is left beside the new ones. Returns the
  // names written, in alphabetical order.
  std::vector<std::string> commit(const std::vector<std::string>& outputs);

 private:
  std::filesystem::path out_;
  std::filesystem::path staging_;
  bool created_out_ = false;
  bool committed_ = false;
  int lock_fd_ = -1;  // an open descriptor of staging_, holding its flock
};

}  // namespace kudzu::compare
