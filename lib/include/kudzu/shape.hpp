// The dimensions of a tensor: rank 0 (a scalar) to 4, held inline so that a shape never
// touches the heap.
#pragma once

#include <array>
#include <concepts>
#include <cstddef>
#include <iosfwd>
#include <span>
#include <string>

namespace kudzu {

class Shape {
 public:
  static constexpr int max_rank = 4;
  // Element counts stay far from overflowing a byte count, even of doubles.
  static constexpr std::size_t max_size = std::size_t{1} << 48;

  Shape() = default;  // rank 0: one element
  // Shape{50, 784}; every dimension must be non-negative, at most max_rank given, and the
  // element count at most max_size (else a ShapeError).
  template <std::integral... Dims>
    requires(sizeof...(Dims) >= 1)
  Shape(Dims... dims) : Shape(std::array<long long, sizeof...(Dims)>{static_cast<long long>(dims)...}) {}
  explicit Shape(std::span<const std::size_t> dims);

  int rank() const { return rank_; }
  std::size_t operator[](int axis) const { return dims_[axis]; }
  std::size_t size() const { return size_; }  // number of elements
  const std::size_t* begin() const { return dims_.data(); }
  const std::size_t* end() const { return dims_.data() + rank_; }

  // Axis in [-rank, rank) mapped to [0, rank); anything else is a ShapeError naming op.
  int normalize_axis(int axis, const char* op) const;
  Shape without_axis(int axis, bool keep_as_one) const;

  std::string str() const;  // "{50,784}"
  bool operator==(const Shape&) const = default;

 private:
  template <std::size_t N>
  explicit Shape(const std::array<long long, N>& dims);
  void set(std::span<const long long> dims);

  std::array<std::size_t, max_rank> dims_{};
  int rank_ = 0;
  std::size_t size_ = 1;
};

template <std::size_t N>
Shape::Shape(const std::array<long long, N>& dims) {
  set(dims);
}

std::ostream& operator<<(std::ostream& out, const Shape& shape);

}  // namespace kudzu
