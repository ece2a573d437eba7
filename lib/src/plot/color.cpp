#include "kudzu/plot/color.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <string>

#include "kudzu/error.hpp"

namespace kudzu::plot {

Color tab10(int index) {
  static constexpr std::array<std::uint32_t, 10> palette = {0x1f77b4, 0xff7f0e, 0x2ca02c, 0xd62728,
                                                            0x9467bd, 0x8c564b, 0xe377c2, 0x7f7f7f,
                                                            0xbcbd22, 0x17becf};
  const int wrapped = ((index % 10) + 10) % 10;
  return Color::hex(palette[wrapped]);
}

namespace {
std::vector<Color> from_hex(std::initializer_list<std::uint32_t> codes) {
  std::vector<Color> anchors;
  for (std::uint32_t code : codes) anchors.push_back(Color::hex(code));
  return anchors;
}
}  // namespace

// viridis sampled at 10 evenly spaced points; linear interpolation between them stays
// within a few levels of matplotlib's 256-entry table.
Colormap Colormap::viridis() {
  return Colormap(from_hex({0x440154, 0x482878, 0x3e4989, 0x31688e, 0x26828e, 0x1f9e89, 0x35b779,
                            0x6ece58, 0xb5de2b, 0xfde725}));
}

// ColorBrewer RdBu, reversed so that negative is blue; its centre is near-white.
Colormap Colormap::blue_white_red() {
  return Colormap(from_hex({0x053061, 0x2166ac, 0x4393c3, 0x92c5de, 0xd1e5f0, 0xf7f7f7, 0xfddbc7,
                            0xf4a582, 0xd6604d, 0xb2182b, 0x67001f}));
}

// Blues 6baed6 9ecae1 c6dbef, RdBu's near-white centre, Reds fee0d2 fcbba1 fc9272: the red
// end a ColorBrewer step short of the blue's, so that both ends are about as light (L* 68, 71).
Colormap Colormap::light_blue_white_red() {
  return Colormap(from_hex({0x6baed6, 0x9ecae1, 0xc6dbef, 0xf7f7f7, 0xfee0d2, 0xfcbba1, 0xfc9272}));
}

Colormap Colormap::from_colors(std::vector<Color> anchors) {
  if (anchors.size() < 2) {
    throw UsageError("plot::Colormap::from_colors: needs at least two colours, got " +
                     std::to_string(anchors.size()));
  }
  return Colormap(std::move(anchors));
}

Colormap Colormap::gray() { return Colormap(from_hex({0x000000, 0xffffff})); }
Colormap Colormap::gray_reversed() { return Colormap(from_hex({0xffffff, 0x000000})); }

Color Colormap::at(double t) const {
  if (!(t >= 0)) t = 0;  // also maps NaN to the low end
  t = std::min(t, 1.0);
  const double position = t * (anchors_.size() - 1);
  const std::size_t below = std::min<std::size_t>(position, anchors_.size() - 2);
  const float w = static_cast<float>(position - below);
  const Color& a = anchors_[below];
  const Color& b = anchors_[below + 1];
  return {a.r + (b.r - a.r) * w, a.g + (b.g - a.g) * w, a.b + (b.b - a.b) * w,
          a.a + (b.a - a.a) * w};
}

}  // namespace kudzu::plot
