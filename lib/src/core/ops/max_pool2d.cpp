// max_pool2d: the maximum of each kernel x kernel window of {N,C,H,W} images, with its
// backward beside it.
#include <string>

#include "kudzu/ops.hpp"
#include "op_helpers.hpp"

namespace kudzu {
namespace {

using detail::Node;
using detail::TensorImpl;
using detail::Window;

// Throws, before any work, unless x and the window make a pooling.
Window checked_window(const Shape& x, int kernel, int stride) {
  // Built only for an error: a training step must not touch the heap.
  const auto message = [&](const std::string& why) {
    return "max_pool2d: x " + x.str() + ", kernel " + std::to_string(kernel) + ", stride " +
           std::to_string(stride) + ": " + why;
  };
  if (x.rank() != 4) throw ShapeError(message("expected x {N,C,H,W}"));
  if (kernel < 1) throw UsageError(message("the kernel must be at least 1"));
  if (stride < 1) throw UsageError(message("the stride must be at least 1"));
  if (std::size_t(kernel) > x[2] || std::size_t(kernel) > x[3])
    throw ShapeError(message("the window is larger than the " + std::to_string(x[2]) + "x" +
                             std::to_string(x[3]) + " image"));
  return Window{kernel, stride, 0};
}

// The offset, within an image plane `width` wide, of the first maximal element (row by
// row) of the window whose top left corner is `corner`.
template <class T>
std::size_t argmax_in_window(const T* plane, std::size_t width, std::size_t corner,
                             std::size_t kernel) {
  // The best value is kept beside its offset and both are chosen without a branch: whether a
  // pixel beats the window's maximum so far is data, and a branch on it mispredicts often
  // (measured: max_pool2d took 15% of a LeNet epoch with `if (plane[at] > plane[best])`).
  std::size_t best = corner;
  T best_value = plane[corner];
  for (std::size_t ky = 0; ky < kernel; ++ky)
    for (std::size_t kx = 0; kx < kernel; ++kx) {
      const std::size_t at = corner + ky * width + kx;
      const T value = plane[at];
      const bool greater = value > best_value;
      best = greater ? at : best;
      best_value = greater ? value : best_value;
    }
  return best;
}

// Calls f(input_offset, output_offset) for each output element, with the offset of its
// window's first maximal element in x, both counted from the start of the tensors: the
// planes {C} of the images in groups (BatchGroups), a part each, as no two share an element.
template <class T, class F>
void for_each_window_max(const TensorImpl<T>* x, const Window& window, const F& f) {
  const Shape& s = x->shape;
  const std::size_t height = s[2], width = s[3];
  const std::size_t out_height = detail::window_positions(height, window);
  const std::size_t out_width = detail::window_positions(width, window);
  const std::size_t stride = std::size_t(window.stride), kernel = std::size_t(window.kernel);
  const detail::BatchGroups groups(s[0] * s[1]);
  detail::for_each_part(groups.count, [&](std::size_t group) {
    std::size_t o = groups.begin(group) * out_height * out_width;
    for (std::size_t plane = groups.begin(group); plane < groups.end(group); ++plane) {
      const T* values = x->data + plane * height * width;
      for (std::size_t oy = 0; oy < out_height; ++oy)
        for (std::size_t ox = 0; ox < out_width; ++ox, ++o) {
          const std::size_t corner = oy * stride * width + ox * stride;
          f(plane * height * width + argmax_in_window(values, width, corner, kernel), o);
        }
    }
  });
}

}  // namespace

template <class T>
BasicTensor<T> max_pool2d(const BasicTensor<T>& x, int kernel, int stride) {
  TensorImpl<T>* in = detail::checked_impl(x, "max_pool2d");
  detail::OpParams<T> params;
  params.window = checked_window(in->shape, kernel, stride);
  const Shape& s = in->shape;
  TensorImpl<T>* out =
      detail::new_impl<T>(Shape{s[0], s[1], detail::window_positions(s[2], params.window),
                                detail::window_positions(s[3], params.window)});
  for_each_window_max(in, params.window,
                      [&](std::size_t i, std::size_t o) { out->data[o] = in->data[i]; });
  if (detail::needs_grad<T>({in})) {
    // The maxima are found again rather than stored, as max's are: the node then holds no
    // extra buffer.
    auto backward = [](const Node<T>& node) {
      TensorImpl<T>* in = node.in[0];
      T* gx = detail::grad_buffer(in);
      const T* gy = node.out->grad;
      for_each_window_max(in, node.params.window,
                          [&](std::size_t i, std::size_t o) { gx[i] += gy[o]; });
    };
    detail::record<T>("max_pool2d", backward, out, {in, nullptr}, params);
  }
  return detail::adopt(out);
}

template BasicTensor<float> max_pool2d(const BasicTensor<float>&, int, int);
template BasicTensor<double> max_pool2d(const BasicTensor<double>&, int, int);

}  // namespace kudzu
