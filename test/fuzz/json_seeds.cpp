// Writes the JSON fuzzer's seed corpus into the directory given: a summary like the one
// kudzu-compare writes, run manifests, and small documents with every kind of value and
// escape.
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: json_seeds DIR\n";
    return 2;
  }
  const std::filesystem::path dir = argv[1];
  std::filesystem::create_directories(dir);
  const nlohmann::ordered_json summary = {
      {"config",
       {{"digits", {3, 8}}, {"learning_rate", 0.001}, {"seed", 42}, {"models", {"nn", "lr"}}}},
      {"models", {{"nn", {{"final_loss", 0.0423}, {"train_accuracy", 0.9881}, {"epochs", 200}}}}},
      {"blas", {{"core", "Cooperlake"}, {"threads", 2}}},
      {"done", true},
      {"note", nullptr}};
  const std::pair<const char*, std::string> seeds[] = {
      {"summary.json", summary.dump(2)},
      {"escapes.json", R"(["a\"b\\c\/d\b\f\n\r\t", "\u00e9\ud83d\ude00", "caf\u00e9"])"},
      {"numbers.json", "[0, -0, 1.5e-3, -2E+10, 18446744073709551615, -9223372036854775808]"},
      {"nested.json", R"({"a": [{"b": [[], {}]}, null, false]})"},
      // Run manifests of the fuzz target's folder, whose one file is a.txt ("a\n").
      {"manifest.json",
       R"({"format": "kudzu run manifest", "version": 1, "run_id": "0123456789abcdef",
  "files": {"a.txt": {"size": 2, "sha256":
  "87428fc522803d31065e7bce3cf03fe475096631e5e07bbd7a0fde60c4cf25c7"}}})"},
      {"manifest-wrong.json",
       R"({"format": "kudzu run manifest", "version": 1, "run_id": "x",
  "files": {"../a.txt": {"size": 3, "sha256":
  "0000000000000000000000000000000000000000000000000000000000000000"}}})"},
  };
  for (const auto& [name, text] : seeds) std::ofstream(dir / name, std::ios::binary) << text;
}
