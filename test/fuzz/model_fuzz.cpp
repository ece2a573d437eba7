// libFuzzer target for the model-file loader: any bytes, read as they are and again with the
// size field and checksum made to fit, so that mutations also reach the layer records and
// values behind the envelope. A FormatError is the loader doing its job; any other exception,
// a crash or a sanitizer report is a bug, and so is a model that loads but does not encode
// back to the very bytes it came from (a version-1 file: to version-2 bytes that load back to
// the same model and metadata).
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

bool same_bytes(std::span<const std::uint8_t> bytes, const std::string& text) {
  return text.size() == bytes.size() &&
         std::equal(bytes.begin(), bytes.end(), text.begin(),
                    [](std::uint8_t a, char b) { return a == static_cast<std::uint8_t>(b); });
}

void load_and_compare(std::span<const std::uint8_t> bytes) {
  try {
    const kudzu::ModelFile file = kudzu::decode_model_file(bytes, "input");
    const std::string again = kudzu::encode_model(file.model, file.metadata);
    if (bytes[8] == 2 && !same_bytes(bytes, again)) __builtin_trap();
    // A version-1 file is written back as version 2: that must read back to itself.
    const std::span<const std::uint8_t> written(reinterpret_cast<const std::uint8_t*>(again.data()),
                                                again.size());
    const kudzu::ModelFile reread = kudzu::decode_model_file(written, "again");
    if (!(reread.metadata == file.metadata) ||
        !same_bytes(written, kudzu::encode_model(reread.model, reread.metadata)))
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
