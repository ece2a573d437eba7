// max_pool2d: the maximum of each kernel x kernel window of {N,C,H,W} images, with its
// backward beside it.
#include <string>
#include <type_traits>

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

// The geometry of a pooling, and its image planes {C} of all images in groups
// (BatchGroups), a part each: no two planes share an element.
struct Pooling {
  Pooling(const Shape& s, const Window& window)
      : height(s[2]),
        width(s[3]),
        out_height(detail::window_positions(height, window)),
        out_width(detail::window_positions(width, window)),
        kernel(std::size_t(window.kernel)),
        stride(std::size_t(window.stride)),
        planes(s[0] * s[1]) {}

  // Calls f(plane) for every plane, over the ParallelOps pool.
  template <class F>
  void for_each_plane(const F& f) const {
    const detail::BatchGroups groups(planes);
    detail::for_each_part(groups.count, [&](std::size_t group) {
      for (std::size_t plane = groups.begin(group); plane < groups.end(group); ++plane) f(plane);
    });
  }

  std::size_t in_plane() const { return height * width; }
  std::size_t out_plane() const { return out_height * out_width; }

  std::size_t height, width, out_height, out_width, kernel, stride, planes;
};

// The window sizes a plane is pooled with: Kernel and Stride when they are not 0 (known to the
// compiler, which then unrolls the window and vectorizes the strided reads: LeNet's 2x2
// windows at stride 2 took twice as long with the sizes read at run time), else the
// pooling's own.
template <std::size_t Kernel, std::size_t Stride>
struct WindowSizes {
  explicit WindowSizes(const Pooling& p)
      : kernel(Kernel ? Kernel : p.kernel), stride(Stride ? Stride : p.stride) {}
  std::size_t kernel, stride;
};

// The maximum of the Kernel x Kernel window at `corner` in a plane `width` wide, by
// pool_plane's rule: a strict `>` row by row.
template <std::size_t Kernel, class T>
T window_maximum(const T* corner, std::size_t width) {
  T best = corner[0];
  for (std::size_t ky = 0; ky < Kernel; ++ky)
    for (std::size_t kx = ky ? 0 : 1; kx < Kernel; ++kx) {
      const T value = corner[ky * width + kx];
      best = value > best ? value : best;
    }
  return best;
}

// One plane: each output the maximum of its window, taken over the window's elements row by
// row with a strict `>`, so the first maximal element wins (NaN only where it comes first).
// The loop over the output columns is innermost: its selects are independent of one another,
// where a running maximum per window would be a chain (measured: half the time). A window
// the compiler knows is unrolled inside that loop instead, which then vectorizes: one pass
// over the row of outputs rather than one per window element.
template <std::size_t Kernel, std::size_t Stride, class T>
void pool_plane(const Pooling& p, const T* image, T* result) {
  const WindowSizes<Kernel, Stride> window(p);
  for (std::size_t oy = 0; oy < p.out_height; ++oy) {
    const T* top = image + oy * window.stride * p.width;
    T* row = result + oy * p.out_width;
    if constexpr (Kernel != 0) {
      for (std::size_t ox = 0; ox < p.out_width; ++ox)
        row[ox] = window_maximum<Kernel>(top + ox * window.stride, p.width);
    } else {
      for (std::size_t ox = 0; ox < p.out_width; ++ox) row[ox] = top[ox * window.stride];
      for (std::size_t ky = 0; ky < window.kernel; ++ky)
        for (std::size_t kx = ky ? 0 : 1; kx < window.kernel; ++kx) {
          const T* line = top + ky * p.width + kx;
          for (std::size_t ox = 0; ox < p.out_width; ++ox) {
            const T value = line[ox * window.stride];
            row[ox] = value > row[ox] ? value : row[ox];
          }
        }
    }
  }
}

// The offset, within an image plane `width` wide, of the element pool_plane takes the
// maximum of the window whose top left corner is `corner` from: the first maximal one.
template <std::size_t Kernel, std::size_t Stride, class T>
std::size_t argmax_in_window(const T* plane, std::size_t width, std::size_t corner,
                             const WindowSizes<Kernel, Stride>& window) {
  // The best value is kept beside its offset and both are chosen without a branch: whether a
  // pixel beats the window's maximum so far is data, and a branch on it mispredicts often
  // (measured: max_pool2d took 15% of a LeNet epoch with `if (plane[at] > plane[best])`).
  // The offset is chosen through a mask, as `greater ? at : best` in an unrolled window
  // compiles to such a branch.
  std::size_t best = corner;
  T best_value = plane[corner];
  for (std::size_t ky = 0; ky < window.kernel; ++ky)
    for (std::size_t kx = 0; kx < window.kernel; ++kx) {
      const std::size_t at = corner + ky * width + kx;
      const T value = plane[at];
      const std::size_t take = std::size_t(0) - std::size_t(value > best_value);
      best = (at & take) | (best & ~take);
      best_value = value > best_value ? value : best_value;
    }
  return best;
}

// One plane of the backward: each output's gradient to the element its maximum came from.
// The windows are visited in order, so overlapping ones add into an element in a fixed order.
template <std::size_t Kernel, std::size_t Stride, class T>
void unpool_plane(const Pooling& p, const T* image, const T* result_grad, T* image_grad) {
  const WindowSizes<Kernel, Stride> window(p);
  for (std::size_t oy = 0, o = 0; oy < p.out_height; ++oy)
    for (std::size_t ox = 0; ox < p.out_width; ++ox, ++o) {
      const std::size_t corner = oy * window.stride * p.width + ox * window.stride;
      image_grad[argmax_in_window(image, p.width, corner, window)] += result_grad[o];
    }
}

// Calls f with 2, 2 when the pooling's windows are 2x2 at stride 2 (the common pooling),
// else with 0, 0 (sizes read at run time), as std::integral_constant arguments.
template <class F>
void with_window_sizes(const Pooling& p, const F& f) {
  using Two = std::integral_constant<std::size_t, 2>;
  using Any = std::integral_constant<std::size_t, 0>;
  if (p.kernel == 2 && p.stride == 2)
    f(Two{}, Two{});
  else
    f(Any{}, Any{});
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
  const Pooling p(s, params.window);
  with_window_sizes(p, [&](auto kernel, auto stride) {
    p.for_each_plane([&](std::size_t plane) {
      pool_plane<kernel, stride>(p, in->data + plane * p.in_plane(),
                                 out->data + plane * p.out_plane());
    });
  });
  if (detail::needs_grad<T>({in})) {
    // Where each maximum came from is found again rather than stored, as max's is: the node
    // then holds no extra buffer.
    auto backward = [](const Node<T>& node) {
      TensorImpl<T>* in = node.in[0];
      const Pooling p(in->shape, node.params.window);
      T* gx = detail::grad_buffer(in);
      with_window_sizes(p, [&](auto kernel, auto stride) {
        p.for_each_plane([&](std::size_t plane) {
          const std::size_t i = plane * p.in_plane();
          unpool_plane<kernel, stride>(p, in->data + i, node.out->grad + plane * p.out_plane(),
                                       gx + i);
        });
      });
    };
    detail::record<T>("max_pool2d", backward, out, {in, nullptr}, params);
  }
  return detail::adopt(out);
}

template BasicTensor<float> max_pool2d(const BasicTensor<float>&, int, int);
template BasicTensor<double> max_pool2d(const BasicTensor<double>&, int, int);

}  // namespace kudzu
