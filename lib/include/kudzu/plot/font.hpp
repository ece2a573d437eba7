// Text: DejaVu Sans through stb_truetype, or a built-in 5x7 bitmap font when the TrueType
// file cannot be read. Strings are UTF-8; sizes are the em size in pixels.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "kudzu/plot/canvas.hpp"

namespace kudzu::plot {

enum class HorizontalAlign { left, center, right };
enum class VerticalAlign { top, middle, baseline, bottom };

struct TextStyle {
  double size = 13;
  Color color = colors::dark_gray;
  HorizontalAlign horizontal = HorizontalAlign::left;
  VerticalAlign vertical = VerticalAlign::baseline;
  double angle_degrees = 0;  // counter-clockwise; 90 reads bottom to top
};

// The unrotated box of a text: its advance width and its line height (ascent + descent).
struct TextSize {
  double width = 0;
  double height = 0;
};

class Face;  // a rasterizer, in lib/src/plot/face.hpp

class Font {
 public:
  static constexpr const char* dejavu_sans_path = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";

  // Throws kudzu::Error when the file cannot be read or is no TrueType font.
  static std::shared_ptr<const Font> load(const std::string& path);
  static std::shared_ptr<const Font> builtin();
  // load(path), or builtin() if that fails: a figure is produced even without the font file.
  static std::shared_ptr<const Font> load_or_builtin(const std::string& path = dejavu_sans_path);

  explicit Font(std::unique_ptr<const Face> face);
  ~Font();

  bool is_builtin() const;
  TextSize measure(std::string_view text, double size) const;
  // Draws text with its box placed at anchor as the style's alignment says, rotated about
  // the anchor. Returns the unrotated box.
  Rect draw(Canvas& canvas, std::string_view text, Point anchor, const TextStyle& style) const;

 private:
  std::unique_ptr<const Face> face_;
};

}  // namespace kudzu::plot
