// A rasterizer of text: TrueType through stb_truetype, or the built-in bitmap font.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace kudzu::plot {

// Coverage of a rasterized string. The text box starts at column origin_x; its baseline is
// row `baseline` (counted from the top, so `baseline` is also the ascent in pixels).
struct TextBitmap {
  int width = 0;
  int height = 0;
  double origin_x = 0;
  double baseline = 0;
  std::vector<float> coverage;  // coverage[row * width + column], in [0, 1]
};

struct LineMetrics {
  double ascent = 0;   // above the baseline, positive
  double descent = 0;  // below the baseline, positive
};

class Face {
 public:
  virtual ~Face() = default;
  virtual bool is_builtin() const = 0;
  virtual LineMetrics metrics(double size) const = 0;
  virtual double advance(std::u32string_view text, double size) const = 0;
  virtual TextBitmap rasterize(std::u32string_view text, double size) const = 0;
};

// Throws kudzu::Error when the file is unreadable or not a TrueType font.
std::unique_ptr<const Face> load_truetype_face(const std::string& path);
std::unique_ptr<const Face> make_builtin_face();

}  // namespace kudzu::plot
