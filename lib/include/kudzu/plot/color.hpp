// Colours: RGBA with components in [0, 1], matplotlib's tab10 palette for classes, and
// colormaps (viridis for sequential values, blue-white-red for signed ones, grays for images,
// or any made from anchor colours).
#pragma once

#include <cstdint>
#include <vector>

namespace kudzu::plot {

struct Color {
  float r = 0;
  float g = 0;
  float b = 0;
  float a = 1;  // opacity

  // Color::hex(0x1f77b4) is matplotlib's first tab10 blue.
  static constexpr Color hex(std::uint32_t rgb, float alpha = 1) {
    return {((rgb >> 16) & 0xff) / 255.0f, ((rgb >> 8) & 0xff) / 255.0f, (rgb & 0xff) / 255.0f,
            alpha};
  }
  constexpr Color with_alpha(float alpha) const { return {r, g, b, alpha}; }
};

namespace colors {
inline constexpr Color white = Color::hex(0xffffff);
inline constexpr Color black = Color::hex(0x000000);
inline constexpr Color dark_gray = Color::hex(0x262626);  // text and axes
inline constexpr Color red = Color::hex(0xd62728);
}  // namespace colors

// The index-th colour of matplotlib's tab10 (blue, orange, green, red, purple, ...); wraps.
Color tab10(int index);

// A continuous map from [0, 1] to colours, interpolated linearly between anchor colours.
class Colormap {
 public:
  // Anchors evenly spaced over [0, 1], the first at 0 and the last at 1; throws
  // kudzu::UsageError for fewer than two.
  static Colormap from_colors(std::vector<Color> anchors);

  static Colormap viridis();
  static Colormap blue_white_red();  // diverging: 0 blue, 0.5 white, 1 red (ColorBrewer RdBu)
  // Diverging in pastel tones (ColorBrewer Blues and Reds up to their middle shades): a
  // background under saturated points, which stays clearly blue or red when translucent.
  static Colormap light_blue_white_red();
  static Colormap gray();           // 0 black, 1 white
  static Colormap gray_reversed();  // 0 white, 1 black: dark ink on white paper

  // The colour at t; t is clamped to [0, 1].
  Color at(double t) const;

 private:
  explicit Colormap(std::vector<Color> anchors) : anchors_(std::move(anchors)) {}
  std::vector<Color> anchors_;
};

}  // namespace kudzu::plot
