// The files of a run besides the figures (fit.csv, summary.json), and how a run's files
// reach --out: all are written into a fresh staging directory beside it and moved in by
// commit_run only when the whole run succeeded, so a failed run changes nothing in --out.
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "experiment.hpp"
#include "figures.hpp"
#include "kudzu/blas.hpp"
#include "options.hpp"

namespace kudzu::approximate {

// fit.csv: x, target, fit, inside (1 on the training range, else 0), output_bias, then
// unit_1 ... unit_N, each unit's contribution; the units and the bias add up to fit.
std::string fit_csv(const FigureData& data);

struct Timings {
  double train_seconds = 0;  // the main network's training
  double total_seconds = 0;  // the whole run, sweep and files included
};

// summary.json: the configuration, the errors inside and outside (max and mean), the final
// loss, the Taylor polynomial's errors (for sin), the sweep, the CPU and BLAS, the seconds.
nlohmann::ordered_json summary_json(const Options& options, const FigureData& data,
                                    const BlasInfo& blas, const Timings& timings);

// A fresh, empty directory beside `out` (in its parent: .<out's name>.staging-XXXXXX),
// removed with whatever is still in it when this object goes. Throws kudzu::Error naming
// `out` when it is not a directory, or its parent cannot be written.
class StagingDirectory {
 public:
  explicit StagingDirectory(const std::filesystem::path& out);
  ~StagingDirectory();
  StagingDirectory(const StagingDirectory&) = delete;
  StagingDirectory& operator=(const StagingDirectory&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// Moves every file of `staging` into `out` (creating it), each by one atomic rename that
// replaces a file of that name, then removes the files named in `outputs` that this run did
// not write (an earlier run's sweep.png), so that no result of another run is left beside
// this one's. Returns the names moved, in alphabetical order. This is the one place a run's
// files reach --out.
std::vector<std::string> commit_run(const std::filesystem::path& staging,
                                    const std::filesystem::path& out,
                                    const std::vector<std::string>& outputs);

}  // namespace kudzu::approximate
