#include "predict_request.hpp"

#include <array>
#include <nlohmann/json.hpp>

namespace kudzu::serve {
namespace {

using nlohmann::json;

// The value of each base64 character, or -1.
constexpr std::array<int, 256> base64_values = [] {
  std::array<int, 256> values{};
  values.fill(-1);
  constexpr std::string_view alphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  for (std::size_t i = 0; i < alphabet.size(); ++i)
    values[static_cast<unsigned char>(alphabet[i])] = static_cast<int>(i);
  return values;
}();

// RFC 4648 base64, padded or not; RequestError at the first character that does not belong.
std::vector<std::uint8_t> base64_decode(std::string_view text) {
  while (!text.empty() && text.back() == '=') text.remove_suffix(1);
  std::vector<std::uint8_t> bytes;
  bytes.reserve(text.size() / 4 * 3 + 3);
  std::uint32_t bits = 0;
  int count = 0;
  for (const char c : text) {
    const int value = base64_values[static_cast<unsigned char>(c)];
    if (value < 0)
      throw RequestError("the data URL's base64 has a character that does not belong in it");
    bits = (bits << 6) | static_cast<std::uint32_t>(value);
    count += 6;
    if (count >= 8) {
      count -= 8;
      bytes.push_back(static_cast<std::uint8_t>(bits >> count));
    }
  }
  if (count >= 6) throw RequestError("the data URL's base64 is cut off in the middle of a byte");
  return bytes;
}

std::size_t side(const json& request, const char* name) {
  const auto found = request.find(name);
  if (found == request.end() || !found->is_number_integer())
    throw RequestError(std::string("\"") + name + "\" must be a whole number of pixels");
  const auto value = found->get<std::int64_t>();
  if (value < 1 || value > static_cast<std::int64_t>(max_drawing_side))
    throw RequestError(std::string("\"") + name + "\" is " + std::to_string(value) +
                       "; a side must be 1 to " + std::to_string(max_drawing_side) + " pixels");
  return static_cast<std::size_t>(value);
}

DecodedImage grey_image(const json& request) {
  const std::size_t width = side(request, "width"), height = side(request, "height");
  const json& pixels = request.at("pixels");
  if (!pixels.is_array() || pixels.size() != width * height)
    throw RequestError("\"pixels\" must be an array of width x height = " +
                       std::to_string(width * height) + " grey values");
  DecodedImage image;
  image.channels = 1;
  image.luminance = GreyImage(height, width);
  for (std::size_t i = 0; i < pixels.size(); ++i) {
    const json& value = pixels[i];
    if (!value.is_number() || !(value.get<double>() >= 0 && value.get<double>() <= 255))
      throw RequestError("\"pixels\"[" + std::to_string(i) + "] is not a grey value 0 to 255");
    image.luminance.values[i] = static_cast<float>(value.get<double>() / 255);
  }
  return image;
}

}  // namespace

std::vector<std::uint8_t> data_url_bytes(std::string_view url) {
  constexpr std::string_view scheme = "data:", image_type = "image/", encoding = ";base64,";
  if (url.substr(0, scheme.size()) != scheme)
    throw RequestError("\"image\" must be a data URL (data:image/png;base64,...)");
  const std::size_t comma = url.find(encoding);
  if (comma == std::string_view::npos)
    throw RequestError("\"image\" must be a base64 data URL (data:image/png;base64,...)");
  const std::string_view type = url.substr(scheme.size(), comma - scheme.size());
  if (type.substr(0, image_type.size()) != image_type)
    throw RequestError("\"image\" is a data URL of '" + std::string(type.substr(0, 40)) +
                       "', not of an image");
  return base64_decode(url.substr(comma + encoding.size()));
}

PredictRequest parse_predict_request(std::string_view body) {
  const json request = json::parse(body, nullptr, false);
  if (request.is_discarded()) throw RequestError("the body is not JSON");
  if (!request.is_object())
    throw RequestError(
        "the body must be a JSON object: {\"image\": \"data:image/png;base64,...\"}"
        " or {\"width\", \"height\", \"pixels\"}");
  PredictRequest parsed;
  if (const auto model = request.find("model"); model != request.end()) {
    if (!model->is_string()) throw RequestError("\"model\" must be a string: \"nn\" or \"lr\"");
    parsed.model = model->get<std::string>();
  }
  if (const auto image = request.find("image"); image != request.end()) {
    if (!image->is_string()) throw RequestError("\"image\" must be a data URL string");
    const std::vector<std::uint8_t> bytes = data_url_bytes(image->get_ref<const std::string&>());
    try {
      parsed.image = decode_image(bytes, "the image", max_drawing_side);
    } catch (const DataError& error) {  // not an image, damaged, or too large
      throw RequestError(error.what());
    }
  } else if (request.contains("pixels")) {
    parsed.image = grey_image(request);
  } else {
    throw RequestError("the body has neither \"image\" (a data URL) nor \"pixels\"");
  }
  return parsed;
}

}  // namespace kudzu::serve
