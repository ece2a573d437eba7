// libFuzzer target for the JSON parser that --replot reads summary.json with: any bytes. A
// DataError is the parser doing its job; any other exception, a crash or a sanitizer report
// is a bug, and so is a document that does not print back to text parsing to the same print.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "kudzu/error.hpp"
#include "kudzu/metrics.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  std::string printed;
  try {
    printed = kudzu::Json::parse(text, "input").dump();
  } catch (const kudzu::DataError&) {
    return 0;
  }
  if (kudzu::Json::parse(printed, "printed").dump() != printed) __builtin_trap();
  return 0;
}
