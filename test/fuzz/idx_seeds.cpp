// Writes the IDX fuzzer's seed corpus into the directory given: small valid images and labels
// files, raw and gzip, for libFuzzer to mutate.
#include <cstdint>
#include <filesystem>
#include <iostream>
#include <numeric>
#include <vector>

#include "idx_files.hpp"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: idx_seeds DIR\n";
    return 2;
  }
  const std::filesystem::path dir = argv[1];
  std::filesystem::create_directories(dir);

  std::vector<std::uint8_t> pixels(2 * 3 * 2);
  std::iota(pixels.begin(), pixels.end(), std::uint8_t{250});  // wraps through 255 to 0
  const auto images = idx_files::images_bytes(2, 3, 2, pixels);
  const auto labels = idx_files::labels_bytes(std::vector<std::uint8_t>{3, 8});
  idx_files::write_file(dir / "images", images);
  idx_files::write_file(dir / "images.gz", idx_files::gzip(images));
  idx_files::write_file(dir / "labels", labels);
  idx_files::write_file(dir / "labels.gz", idx_files::gzip(labels));
}
