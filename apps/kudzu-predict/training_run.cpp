#include "training_run.hpp"

#include "figure_data.hpp"
#include "kudzu/error.hpp"
#include "kudzu/mnist.hpp"

namespace kudzu::predict {
namespace fs = std::filesystem;

ModelSource read_model(const fs::path& model) {
  const fs::path dir = model.parent_path().empty() ? fs::path(".") : model.parent_path();
  const std::string name = model.filename().string();
  std::error_code error;
  if (!fs::exists(dir / run_manifest_name, error)) {
    ModelSource alone{load_model_file(model), std::nullopt, {}};
    if (fs::exists(dir / "summary.json", error))
      alone.note = dir.string() + " has a summary.json but no " + std::string(run_manifest_name) +
                   " (a run made before runs had one): its digits and test set are not used; "
                   "run scripts/compare.sh again for them";
    return alone;
  }
  RunDirectory directory = RunDirectory::open(dir);
  if (!directory.has(name))
    throw DataError(model.string() + " is not one of the results of the run in " + dir.string() +
                    " (its " + std::string(run_manifest_name) + " does not list it)");
  const std::string_view bytes = directory.bytes(name);
  ModelFile file = decode_model_file(
      {reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()}, model.string());
  compare::RunSummary summary = compare::read_summary(directory);
  return {std::move(file), TrainingRun{std::move(directory), std::move(summary)}, {}};
}

compare::FigureData test_set_embedding(const TrainingRun& run, const Model& network,
                                       const std::optional<fs::path>& data_dir) {
  const compare::RunSummary& summary = run.summary;
  const DigitPair data =
      compare::load_run_data(data_dir.value_or(summary.data_dir), summary.digits);
  return compare::collect_figure_data(data, summary.digits, network, std::nullopt, {}, {});
}

}  // namespace kudzu::predict
