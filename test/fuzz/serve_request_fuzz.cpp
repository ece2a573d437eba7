// libFuzzer target for kudzu-serve's POST /api/predict bodies: parse_predict_request (JSON, a
// data URL's base64, the image decoder with its 1024-pixel limit, grey pixel arrays), then
// the drawing prepared as the server prepares it. Any bytes. A RequestError (the server's
// 400) or a NoDigitError (its 422) is the code doing its job; any other exception, a crash or
// a sanitizer report is a bug, and so is an accepted drawing with a side over the limit.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "kudzu/digit_image.hpp"
#include "predict_request.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace kudzu;
  try {
    const serve::PredictRequest request =
        serve::parse_predict_request({reinterpret_cast<const char*>(data), size});
    const GreyImage& image = request.image.luminance;
    if (image.rows > serve::max_drawing_side || image.columns > serve::max_drawing_side)
      std::abort();
    prepare_digit(request.image, "the drawing");
  } catch (const serve::RequestError&) {
  } catch (const NoDigitError&) {
  }
  return 0;
}
