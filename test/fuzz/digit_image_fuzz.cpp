// libFuzzer target for a person's digit image: any bytes decoded as an image (stb_image, and
// the PGM/PPM reader) and prepared as MNIST was. A DataError (not an image, truncated, too
// large, no digit found) is the code doing its job; any other exception, a crash or a
// sanitizer report is a bug, and so is a prepared digit that is not 28x28 values from 0 to 1.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <span>

#include "kudzu/digit_image.hpp"
#include "kudzu/error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    const kudzu::DecodedImage image = kudzu::decode_image(std::span(data, size), "input");
    const std::size_t pixels = image.luminance.rows * image.luminance.columns;
    if (pixels == 0 || image.luminance.values.size() != pixels ||
        (!image.alpha.values.empty() && image.alpha.values.size() != pixels))
      __builtin_trap();
    for (kudzu::Ink ink : {kudzu::Ink::automatic, kudzu::Ink::dark, kudzu::Ink::light}) {
      try {
        const kudzu::PreparedDigit digit = kudzu::prepare_digit(image, "input", ink);
        if (digit.seen.rows != 28 || digit.seen.columns != 28 || digit.input.size() != 784)
          __builtin_trap();
        for (float v : digit.seen.values)
          if (!(v >= 0 && v <= 1)) __builtin_trap();
      } catch (const kudzu::NoDigitError&) {
      }
    }
  } catch (const kudzu::DataError&) {
  }
  return 0;
}
