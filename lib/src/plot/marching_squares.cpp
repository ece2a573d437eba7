#include "marching_squares.hpp"

#include <array>
#include <deque>
#include <unordered_map>

namespace kudzu::plot {

namespace {

// Cell edges, named by the side of the cell they lie on.
enum Side { bottom, right, top, left };

// For each case (bit 0: bottom-left corner at or above the level, bit 1: bottom-right,
// bit 2: top-right, bit 3: top-left), the pairs of sides its segments join. The saddles 5
// and 10 list the pairing for a centre below the level; a centre above swaps it.
constexpr std::array<std::array<int, 4>, 16> segments_by_case = {{
    {-1, -1, -1, -1},
    {left, bottom, -1, -1},
    {bottom, right, -1, -1},
    {left, right, -1, -1},
    {right, top, -1, -1},
    {left, bottom, right, top},
    {bottom, top, -1, -1},
    {left, top, -1, -1},
    {top, left, -1, -1},
    {bottom, top, -1, -1},
    {bottom, right, top, left},
    {right, top, -1, -1},
    {left, right, -1, -1},
    {bottom, right, -1, -1},
    {left, bottom, -1, -1},
    {-1, -1, -1, -1},
}};

struct Crossing {
  long long id;  // the grid edge, shared by the two cells beside it
  Point point;
};

class Tracer {
 public:
  Tracer(const Field& field, double level) : field_(field), level_(level) {}

  // A grid edge's id and the point on it where the field crosses the level.
  Crossing crossing(int column, int row, Side side) const {
    // Horizontal edges start at (c, r) going right; vertical ones start at (c, r) going up.
    const int c = side == right ? column + 1 : column;
    const int r = side == top ? row + 1 : row;
    const bool horizontal = side == bottom || side == top;
    const double a = field_.at(c, r), b = horizontal ? field_.at(c + 1, r) : field_.at(c, r + 1);
    const double t = a == b ? 0.5 : (level_ - a) / (b - a);
    const double x = field_.x_at(c), y = field_.y_at(r);
    const Point point = horizontal ? Point{x + t * (field_.x_at(c + 1) - x), y}
                                   : Point{x, y + t * (field_.y_at(r + 1) - y)};
    return {(static_cast<long long>(r) * field_.columns + c) * 2 + (horizontal ? 0 : 1), point};
  }

  int case_of(int column, int row) const {
    const auto above = [&](int c, int r) { return field_.at(c, r) >= level_ ? 1 : 0; };
    return above(column, row) | above(column + 1, row) << 1 | above(column + 1, row + 1) << 2 |
           above(column, row + 1) << 3;
  }

  bool center_above(int column, int row) const {
    const double mean = (field_.at(column, row) + field_.at(column + 1, row) +
                         field_.at(column + 1, row + 1) + field_.at(column, row + 1)) /
                        4;
    return mean >= level_;
  }

 private:
  const Field& field_;
  double level_;
};

}  // namespace

std::vector<std::vector<Point>> contour_lines(const Field& field, double level) {
  const Tracer tracer(field, level);
  std::vector<std::array<Crossing, 2>> segments;
  for (int row = 0; row + 1 < field.rows; ++row) {
    for (int column = 0; column + 1 < field.columns; ++column) {
      const int index = tracer.case_of(column, row);
      auto sides = segments_by_case[index];
      if ((index == 5 || index == 10) && tracer.center_above(column, row)) {
        sides = segments_by_case[index == 5 ? 10 : 5];
      }
      for (int k = 0; k < 4 && sides[k] >= 0; k += 2) {
        segments.push_back({tracer.crossing(column, row, static_cast<Side>(sides[k])),
                            tracer.crossing(column, row, static_cast<Side>(sides[k + 1]))});
      }
    }
  }

  // Join segments through the grid edges they share: every edge has at most two.
  std::unordered_multimap<long long, std::size_t> by_edge;
  for (std::size_t i = 0; i < segments.size(); ++i) {
    by_edge.emplace(segments[i][0].id, i);
    by_edge.emplace(segments[i][1].id, i);
  }
  std::vector<bool> used(segments.size(), false);
  const auto next_segment = [&](long long edge) -> std::ptrdiff_t {
    const auto [begin, end] = by_edge.equal_range(edge);
    for (auto it = begin; it != end; ++it) {
      if (!used[it->second]) return static_cast<std::ptrdiff_t>(it->second);
    }
    return -1;
  };
  std::vector<std::vector<Point>> lines;
  for (std::size_t start = 0; start < segments.size(); ++start) {
    if (used[start]) continue;
    used[start] = true;
    std::deque<Crossing> chain(segments[start].begin(), segments[start].end());
    // Grow at the back, then at the front.
    for (bool at_back : {true, false}) {
      for (;;) {
        const Crossing& end = at_back ? chain.back() : chain.front();
        const std::ptrdiff_t next = next_segment(end.id);
        if (next < 0) break;
        used[next] = true;
        const auto& pair = segments[next];
        const Crossing& far = pair[0].id == end.id ? pair[1] : pair[0];
        at_back ? chain.push_back(far) : chain.push_front(far);
      }
    }
    std::vector<Point> line;
    for (const Crossing& c : chain) line.push_back(c.point);
    lines.push_back(std::move(line));
  }
  return lines;
}

}  // namespace kudzu::plot
