// libFuzzer target for the model-file loader: any bytes, read as they are and again with the
// size field and checksum made to fit, so that mutations also reach the layer records and
// values behind the envelope. A FormatError is the loader doing its job; any other exception,
// a crash or a sanitizer report is a bug, and so is a model that loads but does not encode
// back to the very bytes it came from.
#include <zlib.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "kudzu/error.hpp"
#include "kudzu/model_file.hpp"

namespace {

constexpr std::size_t size_field = 12, smallest_file = 28;

void load_and_compare(std::span<const std::uint8_t> bytes) {
  try {
    const std::string again = kudzu::encode_model(kudzu::decode_model(bytes, "input"));
    if (again.size() != bytes.size() ||
        !std::equal(bytes.begin(), bytes.end(), again.begin(),
                    [](std::uint8_t a, char b) { return a == static_cast<std::uint8_t>(b); }))
      __builtin_trap();
  } catch (const kudzu::FormatError&) {
  }
}

void put_little_endian(std::vector<std::uint8_t>& bytes, std::size_t at, std::uint64_t value,
                       int count) {
  for (int i = 0; i < count; ++i) bytes[at + i] = static_cast<std::uint8_t>(value >> (8 * i));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  load_and_compare({data, size});
  if (size < smallest_file) return 0;
  std::vector<std::uint8_t> fitted(data, data + size);
  put_little_endian(fitted, size_field, size, 8);
  const uLong crc = crc32(crc32(0L, Z_NULL, 0), fitted.data(), static_cast<uInt>(size - 4));
  put_little_endian(fitted, size - 4, crc, 4);
  load_and_compare(fitted);
  return 0;
}
