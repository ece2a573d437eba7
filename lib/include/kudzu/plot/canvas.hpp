// An RGBA pixel buffer with anti-aliased, alpha-blended drawing primitives and PNG output.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "kudzu/plot/color.hpp"
#include "kudzu/plot/geometry.hpp"

namespace kudzu::plot {

// How a line is drawn. dashes: lengths in pixels of alternating on and off runs
// ({6, 4} is a dashed line); empty means solid.
struct Stroke {
  Color color = colors::dark_gray;
  double width = 1;
  std::vector<double> dashes = {};
};

class Canvas {
 public:
  Canvas(int width, int height, Color background = colors::white);

  int width() const { return width_; }
  int height() const { return height_; }

  // The colour of pixel (x, y); throws kudzu::UsageError outside the canvas.
  Color pixel(int x, int y) const;
  // Row-major, 4 bytes a pixel (R, G, B, A), top row first.
  const std::vector<std::uint8_t>& rgba() const { return rgba_; }

  // Drawing is limited to the clip rectangle (the whole canvas by default).
  void set_clip(Rect clip);
  void reset_clip();

  // Blends colour into pixel (x, y) with the given coverage in [0, 1].
  void blend(int x, int y, Color color, double coverage);
  void fill_rect(Rect rect, Color color);
  void fill_convex_polygon(std::span<const Point> corners, Color color);
  void fill_circle(Point center, double radius, Color color);
  // A polyline with round joins and caps; overlapping parts are not blended twice.
  void stroke(std::span<const Point> polyline, const Stroke& stroke);
  // The outline of rect, its corners joined round.
  void stroke_rect(Rect rect, const Stroke& stroke);

  // Writes a PNG (RGB when every pixel is opaque, else RGBA) through a temporary file in the
  // same directory that is then renamed into place. Throws kudzu::Error naming the path and
  // the reason; leaves no temporary behind.
  void save_png(const std::string& path) const;

 private:
  int width_;
  int height_;
  std::vector<std::uint8_t> rgba_;
  int clip_left_, clip_top_, clip_right_, clip_bottom_;  // pixel bounds, right/bottom exclusive

  friend class CoverageMask;
};

}  // namespace kudzu::plot
