// libFuzzer target for kudzu::parse_json, which reads summary.json: any bytes. A DataError is
// the reader doing its job; any other exception, a crash or a sanitizer report is a bug, and
// so is a document that does not print back to text parsing to the same print.
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "kudzu/error.hpp"
#include "kudzu/json.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  std::string printed;
  try {
    printed = kudzu::parse_json(text, "input").dump(2);
  } catch (const kudzu::DataError&) {
    return 0;
  }
  if (kudzu::parse_json(printed, "printed").dump(2) != printed) __builtin_trap();
  return 0;
}
