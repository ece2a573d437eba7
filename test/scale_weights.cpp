// Makes one model of a finished run absurd, as a hostile probe would, but with a valid file:
// loads MODEL from the run folder DIR with the library, multiplies every weight and bias by
// FACTOR (or sets every one to nan or inf), saves it with the library's save(), and commits
// the folder again through RunWriter (same run id, every other file kept as it was), so that
// the run's manifest agrees with the model and a reader meets a consistent run whose model is
// absurd.
//
//   scale_weights DIR MODEL FACTOR|nan|inf      e.g. scale_weights runs/latest nn.kudzu 1e30
#include <cmath>
#include <iostream>
#include <limits>
#include <string>

#include "kudzu/error.hpp"
#include "kudzu/model_file.hpp"
#include "kudzu/run_directory.hpp"

namespace {

// The new value of a weight w: w * factor, or the value itself for nan and inf.
struct Change {
  double factor = 1;
  bool replace = false;
  float value = 0;

  float operator()(float w) const {
    return replace ? value : static_cast<float>(static_cast<double>(w) * factor);
  }
};

Change parse_change(const std::string& text) {
  if (text == "nan") return {1, true, std::numeric_limits<float>::quiet_NaN()};
  if (text == "inf") return {1, true, std::numeric_limits<float>::infinity()};
  std::size_t used = 0;
  const double factor = std::stod(text, &used);
  if (used != text.size() || !std::isfinite(factor))
    throw kudzu::UsageError("FACTOR must be a finite number, nan or inf, not '" + text + "'");
  return {factor, false, 0};
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) {
    std::cerr << "usage: scale_weights DIR MODEL FACTOR|nan|inf\n";
    return 2;
  }
  try {
    const std::filesystem::path dir = argv[1];
    const std::string name = argv[2];
    const Change change = parse_change(argv[3]);
    kudzu::RunWriter writer(dir, {});  // the previous manifest names the run's results
    const kudzu::ModelFile file = kudzu::load_model_file(dir / name);
    for (const kudzu::NamedParameter& parameter : file.model.parameters()) {
      kudzu::Tensor value = parameter.value;  // a handle: shares the model's storage
      float* values = value.data();
      for (std::size_t i = 0; i < value.size(); ++i) values[i] = change(values[i]);
    }
    kudzu::save(file.model, writer.staging() / name, file.metadata);
    writer.commit(kudzu::RunWriter::Previous::kept);
    return 0;
  } catch (const std::exception& error) {
    std::cerr << "scale_weights: " << error.what() << "\n";
    return 1;
  }
}
