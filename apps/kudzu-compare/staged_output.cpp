#include "staged_output.hpp"

#include <unistd.h>

#include <algorithm>

#include "kudzu/error.hpp"

namespace kudzu::compare {
namespace fs = std::filesystem;

StagedOutput::StagedOutput(fs::path out) : out_(std::move(out)) {
  std::error_code error;
  created_out_ = !fs::exists(out_, error);
  fs::create_directories(out_, error);
  if (error || !fs::is_directory(out_))
    throw Error("cannot use output directory " + out_.string() + ": " +
                (error ? error.message() : "it is not a directory"));
  staging_ = out_ / (".staging-" + std::to_string(getpid()));
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
