#include "outputs.hpp"

#include <stdlib.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <system_error>

#include "kudzu/error.hpp"

namespace kudzu::approximate {
namespace fs = std::filesystem;

std::string fit_csv(const FigureData& data) {
  std::string text = "x,target,fit,inside,output_bias";
  for (std::size_t i = 0; i < data.pieces.units.size(); ++i)
    text += ",unit_" + std::to_string(i + 1);
  text += "\n";
  char cell[40];
  auto add = [&](double value) {
    std::snprintf(cell, sizeof cell, ",%.9g", value);
    text += cell;
  };
  for (std::size_t k = 0; k < data.xs.size(); ++k) {
    std::snprintf(cell, sizeof cell, "%.9g", data.xs[k]);
    text += cell;
    add(data.target[k]);
    add(data.fit[k]);
    text += data.xs[k] >= data.low && data.xs[k] <= data.high ? ",1" : ",0";
    add(data.pieces.output_bias);
    for (const std::vector<double>& unit : data.pieces.units) add(unit[k]);
    text += "\n";
  }
  return text;
}

namespace {

nlohmann::ordered_json stats_json(const ErrorStats& stats) {
  return {{"max_abs_error", stats.max}, {"mean_abs_error", stats.mean}, {"points", stats.points}};
}

nlohmann::ordered_json errors_json(const FitErrors& errors, double low, double high) {
  const double width = high - low;
  return {{"inside", stats_json(errors.inside)}, {"outside", stats_json(errors.outside)},
          {"left", stats_json(errors.left)},     {"right", stats_json(errors.right)},
          {"inside_range", {low, high}},         {"left_range", {low - width, low}},
          {"right_range", {high, high + width}}};
}

}  // namespace

nlohmann::ordered_json summary_json(const Options& options, const FigureData& data,
                                    const BlasInfo& blas, const Timings& timings) {
  nlohmann::ordered_json summary;
  summary["config"] = {{"function", options.function},
                       {"formula", data.formula},
                       {"range", {options.range_low, options.range_high}},
                       {"units", options.units},
                       {"activation", options.activation},
                       {"samples", options.samples},
                       {"steps", options.steps},
                       {"optimizer", options.optimizer},
                       {"learning_rate", options.learning_rate},
                       {"seed", options.seed},
                       {"sweep", options.sweep}};
  summary["errors"] = errors_json(data.errors, data.low, data.high);
  summary["final_loss"] = data.losses.empty() ? 0.0 : data.losses.back();
  summary["output_bias"] = data.pieces.output_bias;
  if (data.taylor)
    summary["taylor"] = {{"label", data.taylor->label},
                         {"errors", errors_json(data.taylor->errors, data.low, data.high)}};
  nlohmann::ordered_json sweep = nlohmann::ordered_json::array();
  for (const SweepPoint& point : data.sweep)
    sweep.push_back({{"units", point.units},
                     {"inside_max_abs_error", point.errors.inside.max},
                     {"outside_max_abs_error", point.errors.outside.max},
                     {"inside_mean_abs_error", point.errors.inside.mean},
                     {"outside_mean_abs_error", point.errors.outside.mean}});
  summary["sweep"] = sweep;
  summary["cpu"] = blas.cpu;
  summary["blas"] = {{"core", blas.core}, {"threads", blas.threads}};
  summary["train_seconds"] = timings.train_seconds;
  summary["total_seconds"] = timings.total_seconds;
  return summary;
}

}  // namespace kudzu::approximate
