#include "kudzu/plot/font.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "face.hpp"
#include "kudzu/error.hpp"

namespace kudzu::plot {

namespace {

// UTF-8 to code points; a malformed byte becomes U+FFFD.
std::u32string decode_utf8(std::string_view text) {
  std::u32string decoded;
  for (std::size_t i = 0; i < text.size();) {
    const auto lead = static_cast<unsigned char>(text[i]);
    const int length = lead < 0x80         ? 1
                       : (lead >> 5) == 6  ? 2
                       : (lead >> 4) == 14 ? 3
                       : (lead >> 3) == 30 ? 4
                                           : 0;
    if (length == 0 || i + length > text.size()) {
      decoded.push_back(U'\uFFFD');
      ++i;
      continue;
    }
    char32_t code = length == 1 ? lead : lead & (0x7f >> length);
    for (int k = 1; k < length; ++k)
      code = (code << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3f);
    decoded.push_back(code);
    i += length;
  }
  return decoded;
}

// Bilinear sample of the bitmap; zero outside.
float sample(const TextBitmap& bitmap, double u, double v) {
  const double fu = u - 0.5, fv = v - 0.5;
  const int u0 = static_cast<int>(std::floor(fu)), v0 = static_cast<int>(std::floor(fv));
  const double wu = fu - u0, wv = fv - v0;
  const auto at = [&](int x, int y) -> double {
    if (x < 0 || y < 0 || x >= bitmap.width || y >= bitmap.height) return 0;
    return bitmap.coverage[static_cast<std::size_t>(y) * bitmap.width + x];
  };
  return static_cast<float>((at(u0, v0) * (1 - wu) + at(u0 + 1, v0) * wu) * (1 - wv) +
                            (at(u0, v0 + 1) * (1 - wu) + at(u0 + 1, v0 + 1) * wu) * wv);
}

}  // namespace

std::shared_ptr<const Font> Font::load(const std::string& path) {
  return std::make_shared<const Font>(load_truetype_face(path));
}

std::shared_ptr<const Font> Font::builtin() {
  return std::make_shared<const Font>(make_builtin_face());
}

std::shared_ptr<const Font> Font::load_or_builtin(const std::string& path) {
  try {
    return load(path);
  } catch (const Error&) {
    return builtin();
  }
}

Font::Font(std::unique_ptr<const Face> face) : face_(std::move(face)) {}
Font::~Font() = default;

bool Font::is_builtin() const { return face_->is_builtin(); }

TextSize Font::measure(std::string_view text, double size) const {
  const LineMetrics line = face_->metrics(size);
  return {face_->advance(decode_utf8(text), size), line.ascent + line.descent};
}

Rect Font::draw(Canvas& canvas, std::string_view text, Point anchor, const TextStyle& style) const {
  const std::u32string decoded = decode_utf8(text);
  const TextBitmap bitmap = face_->rasterize(decoded, style.size);
  const LineMetrics line = face_->metrics(style.size);
  const double width = face_->advance(decoded, style.size), height = line.ascent + line.descent;
  // The box's top-left corner relative to the anchor, in the text's own (unrotated) frame.
  const double box_x = style.horizontal == HorizontalAlign::left     ? 0
                       : style.horizontal == HorizontalAlign::center ? -width / 2
                                                                     : -width;
  const double box_y = style.vertical == VerticalAlign::top        ? 0
                       : style.vertical == VerticalAlign::middle   ? -height / 2
                       : style.vertical == VerticalAlign::baseline ? -line.ascent
                                                                   : -height;
  // Bitmap pixel (u, v) sits at text-frame offset (u - origin_x + box_x, v - top + box_y).
  const double bitmap_x = box_x - bitmap.origin_x;
  const double bitmap_y = box_y - (bitmap.baseline - line.ascent);
  const Rect box = {anchor.x + box_x, anchor.y + box_y, width, height};

  const double angle = style.angle_degrees * std::numbers::pi / 180;
  if (std::abs(angle) < 1e-9) {
    // Unrotated text lands on whole pixels so that it stays crisp.
    const int left = static_cast<int>(std::lround(anchor.x + bitmap_x));
    const int top = static_cast<int>(std::lround(anchor.y + bitmap_y));
    for (int v = 0; v < bitmap.height; ++v) {
      for (int u = 0; u < bitmap.width; ++u) {
        canvas.blend(left + u, top + v, style.color,
                     bitmap.coverage[static_cast<std::size_t>(v) * bitmap.width + u]);
      }
    }
    return box;
  }
  // Rotated: for each canvas pixel near the text, sample the bitmap at the inverse-rotated
  // position. Screen y points down, so counter-clockwise is (cos, -sin; sin, cos).
  const double c = std::cos(angle), s = std::sin(angle);
  const Point origin = {std::round(anchor.x), std::round(anchor.y)};
  const double reach =
      std::hypot(bitmap.width + std::abs(bitmap_x), bitmap.height + std::abs(bitmap_y));
  for (int y = static_cast<int>(origin.y - reach); y <= origin.y + reach; ++y) {
    for (int x = static_cast<int>(origin.x - reach); x <= origin.x + reach; ++x) {
      const double dx = x + 0.5 - origin.x, dy = y + 0.5 - origin.y;
      const double text_x = c * dx - s * dy, text_y = s * dx + c * dy;
      const float coverage = sample(bitmap, text_x - bitmap_x, text_y - bitmap_y);
      if (coverage > 0) canvas.blend(x, y, style.color, coverage);
    }
  }
  return box;
}

}  // namespace kudzu::plot
