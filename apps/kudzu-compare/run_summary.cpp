#include "run_summary.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "kudzu/error.hpp"
#include "kudzu/json.hpp"

namespace kudzu::compare {

RunSummary read_summary(const RunDirectory& run) {
  const std::filesystem::path path = run.dir() / "summary.json";
  const nlohmann::ordered_json json = parse_json(run.bytes("summary.json"), path.string());
  auto bad = [&](const std::string& what) {
    return DataError(path.string() + ": " + what + "; is this a kudzu-compare run directory?");
  };
  const auto* config = json.is_object() && json.contains("config") ? &json["config"] : nullptr;
  if (!config || !config->is_object()) throw bad("no \"config\" object");
  const auto digit = [](const nlohmann::ordered_json& value) {
    return value.is_number_integer() && value.get<long long>() >= 0 && value.get<long long>() <= 9;
  };
  RunSummary summary;
  const auto* digits = config->contains("digits") ? &(*config)["digits"] : nullptr;
  bool valid = digits && digits->is_array() && digits->size() >= 2 && digits->size() <= 10;
  summary.digits.clear();
  for (std::size_t i = 0; valid && i < digits->size(); ++i) {
    valid = digit((*digits)[i]) && std::find(summary.digits.begin(), summary.digits.end(),
                                             (*digits)[i].get<int>()) == summary.digits.end();
    if (valid) summary.digits.push_back((*digits)[i].get<int>());
  }
  if (!valid)
    throw bad("\"config\" has no \"digits\" entry of two or more different digits from 0 to 9");
  if (config->contains("network")) {
    const std::string* network = (*config)["network"].get_ptr<const std::string*>();
    if (!network || (*network != "mlp" && *network != "lenet"))
      throw bad("\"config\" has a \"network\" that is neither \"mlp\" nor \"lenet\"");
    summary.network = *network;
  }
  if (config->contains("embedding")) {
    // A LeNet may have no bottleneck: 0.
    const std::size_t lowest = summary.network == "lenet" ? 0 : 1;
    const auto& width = (*config)["embedding"];
    if (!width.is_number_unsigned() || width.get<std::size_t>() < lowest ||
        width.get<std::size_t>() > 1000)
      throw bad("\"config\" has an \"embedding\" that is not a width from " +
                std::to_string(lowest) + " to 1000");
    summary.embedding = width.get<std::size_t>();
  }
  const auto* keys = config->contains("models") ? &(*config)["models"] : nullptr;
  bool listed = keys && keys->is_array() && !keys->empty();
  if (listed)
    for (const auto& key : *keys) {
      const std::string* name = key.get_ptr<const std::string*>();
      if (!name || (*name != "nn" && *name != "lr") ||
          std::find(summary.models.begin(), summary.models.end(), *name) != summary.models.end())
        listed = false;
      else
        summary.models.push_back(*name);
    }
  if (!listed) throw bad("\"config\" has no \"models\" entry listing nn, lr or both");
  const auto* data = config->contains("data") ? &(*config)["data"] : nullptr;
  if (!data || !data->is_string()) throw bad("\"config\" has no \"data\" folder");
  summary.data_dir = data->get<std::string>();
  return summary;
}

}  // namespace kudzu::compare
