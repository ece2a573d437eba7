// The files of a run besides the figures: fit.csv and summary.json. (They reach --out
// through a kudzu::RunWriter, as every result of the run does.)
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

}  // namespace kudzu::approximate
