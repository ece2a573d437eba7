// libFuzzer target for the IDX reader: any bytes, raw or gzip, read as an images file and as
// a labels file. A DataError is the reader doing its job; any other exception, a crash or a
// sanitizer report is a bug.
#include <cstddef>
#include <cstdint>
#include <span>

#include "kudzu/error.hpp"
#include "kudzu/idx.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::span<const std::uint8_t> bytes(data, size);
  try {
    const kudzu::IdxImages images = kudzu::parse_idx_images(bytes, "input");
    if (images.pixels.size() != images.count * images.rows * images.cols) __builtin_trap();
  } catch (const kudzu::DataError&) {
  }
  try {
    kudzu::parse_idx_labels(bytes, "input");
  } catch (const kudzu::DataError&) {
  }
  return 0;
}
