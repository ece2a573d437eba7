#include "kudzu/shape.hpp"

#include <algorithm>
#include <ostream>

#include "kudzu/error.hpp"

namespace kudzu {

void Shape::set(std::span<const long long> dims) {
  if (dims.size() > static_cast<std::size_t>(max_rank))
    throw ShapeError("Shape: rank " + std::to_string(dims.size()) + " is above the maximum of " +
                     std::to_string(max_rank));
  rank_ = static_cast<int>(dims.size());
  size_ = 1;
  bool above_max_size = false;
  for (int axis = 0; axis < rank_; ++axis) {
    if (dims[axis] < 0)
      throw ShapeError("Shape: dimension " + std::to_string(axis) + " is negative (" +
                       std::to_string(dims[axis]) + ")");
    dims_[axis] = static_cast<std::size_t>(dims[axis]);
    if (dims_[axis] && size_ > max_size / dims_[axis])
      above_max_size = true;
    else
      size_ *= dims_[axis];
  }
  // A zero dimension after the overflow still makes an empty shape, and size_ 0.
  if (above_max_size && size_ != 0)
    throw ShapeError("Shape: " + str() + " has more than 2^48 elements");
}

Shape::Shape(std::span<const std::size_t> dims) {
  // One element more than allowed is enough for set() to report the rank.
  std::array<long long, max_rank + 1> signed_dims{};
  const std::size_t rank = std::min(dims.size(), signed_dims.size());
  for (std::size_t i = 0; i < rank; ++i) signed_dims[i] = static_cast<long long>(dims[i]);
  set(std::span<const long long>(signed_dims.data(), dims.size() > max_rank ? max_rank + 1 : rank));
}

int Shape::normalize_axis(int axis, const char* op) const {
  const int normalized = axis < 0 ? axis + rank_ : axis;
  if (normalized < 0 || normalized >= rank_)
    throw ShapeError(std::string(op) + ": axis " + std::to_string(axis) + " is out of range for " +
                     str());
  return normalized;
}

Shape Shape::without_axis(int axis, bool keep_as_one) const {
  std::array<long long, max_rank> dims{};
  std::size_t rank = 0;
  for (int i = 0; i < rank_; ++i) {
    if (i != axis)
      dims[rank++] = static_cast<long long>(dims_[i]);
    else if (keep_as_one)
      dims[rank++] = 1;
  }
  // Through set(): without a zero dimension, {0, 2^40, 2^40} leaves too many elements.
  Shape result;
  result.set(std::span<const long long>(dims.data(), rank));
  return result;
}

std::string Shape::str() const {
  std::string text = "{";
  for (int axis = 0; axis < rank_; ++axis) {
    if (axis) text += ',';
    text += std::to_string(dims_[axis]);
  }
  return text + '}';
}

std::ostream& operator<<(std::ostream& out, const Shape& shape) { return out << shape.str(); }

}  // namespace kudzu
