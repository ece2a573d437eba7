#include "run_directory.hpp"

#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>

#include "figure_data.hpp"
#include "kudzu/error.hpp"
#include "kudzu/mnist.hpp"

namespace kudzu::predict {
namespace fs = std::filesystem;

std::optional<RunDirectory> read_run_directory(const fs::path& model) {
  RunDirectory run;
  run.dir = model.parent_path().empty() ? fs::path(".") : model.parent_path();
  const fs::path summary = run.dir / "summary.json";
  std::error_code error;
  if (!fs::is_regular_file(summary, error)) return std::nullopt;
  auto bad = [&](const std::string& what) {
    return DataError(summary.string() + ": " + what + "; is this a kudzu-compare run directory?");
  };
  if (fs::file_size(summary, error) > (1u << 20)) throw bad("larger than 1 MiB");
  std::ifstream in(summary, std::ios::binary);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const nlohmann::json json = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded()) throw bad("not valid JSON");
  const nlohmann::json* digits = nullptr;
  if (json.is_object() && json.contains("config") && json["config"].is_object() &&
      json["config"].contains("digits"))
    digits = &json["config"]["digits"];
  auto is_digit = [](const nlohmann::json& d) {
    return d.is_number_integer() && d.get<long long>() >= 0 && d.get<long long>() <= 9;
  };
  if (!digits || !digits->is_array() || digits->size() != 2 || !is_digit((*digits)[0]) ||
      !is_digit((*digits)[1]) || (*digits)[0] == (*digits)[1])
    throw bad("\"config\" has no \"digits\" entry of two different digits from 0 to 9");
  run.first_digit = (*digits)[0].get<int>();
  run.second_digit = (*digits)[1].get<int>();
  const nlohmann::json& data = json["config"].value("data", nlohmann::json("data/mnist"));
  run.data_dir = data.is_string() ? data.get<std::string>() : "data/mnist";
  return run;
}

compare::FigureData test_set_embedding(const RunDirectory& run, const Model& network,
                                       const std::optional<fs::path>& data_dir) {
  const DigitPair data =
      load_digit_pair(data_dir.value_or(run.data_dir), run.first_digit, run.second_digit);
  return compare::collect_figure_data(data, run.first_digit, run.second_digit, network,
                                      std::nullopt, {}, {});
}

}  // namespace kudzu::predict
