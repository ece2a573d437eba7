// The body of POST /api/predict, read and checked: a drawing as an image file in a data URL,
// {"image": "data:image/png;base64,..."}, or as grey values, {"width": W, "height": H,
// "pixels": [0-255, row-major]}; either with "model": "nn" or "lr" (default: the first
// model the run has).
#pragma once

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "kudzu/digit_image.hpp"

namespace kudzu::serve {

// A side longer than this is refused (a phone's canvas is some hundreds of pixels).
constexpr std::size_t max_drawing_side = 1024;

// Why a request cannot be answered: its message goes back with 400.
struct RequestError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct PredictRequest {
  DecodedImage image;
  std::string model;  // empty: the run's first model
};

// RequestError for anything but the forms above: not JSON, a bad data URL, bytes that are
// not an image or sides above max_drawing_side, pixels that do not match width x height or
// are not numbers 0 to 255, a "model" that is not a string.
PredictRequest parse_predict_request(std::string_view body);

// The bytes of a base64 data URL of an image type ("data:image/png;base64,..."); RequestError
// naming the problem otherwise.
std::vector<std::uint8_t> data_url_bytes(std::string_view url);

}  // namespace kudzu::serve
