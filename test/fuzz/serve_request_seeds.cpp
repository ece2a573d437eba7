// Writes the kudzu-serve request fuzzer's seed corpus into the directory given: bodies of
// both forms (a PNG data URL as the page sends, grey pixels) with and without "model".
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "base64.hpp"
#include "image_files.hpp"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: serve_request_seeds DIR\n";
    return 2;
  }
  using namespace kudzu::testing;
  const std::filesystem::path dir = argv[1];
  std::filesystem::create_directories(dir);
  auto write = [&](const std::string& name, const std::string& body) {
    std::ofstream(dir / name, std::ios::binary) << body;
  };
  Picture pad(14, 14, 4, 0);  // transparent, as the page's pad
  pad.fill(6, 2, 9, 12, 20, 255);
  const std::string url = "data:image/png;base64," + base64(encode(pad, Format::png));
  write("image.json", nlohmann::json{{"image", url}}.dump());
  write("image-lr.json", nlohmann::json{{"image", url}, {"model", "lr"}}.dump());
  std::vector<int> pixels(6 * 5, 255);
  for (int row = 1; row < 5; ++row) pixels[row * 6 + 2] = 0;
  write("pixels.json", nlohmann::json{{"width", 6}, {"height", 5}, {"pixels", pixels}}.dump());
  write("pixels-nn.json",
        nlohmann::json{{"width", 6}, {"height", 5}, {"pixels", pixels}, {"model", "nn"}}.dump());
  return 0;
}
