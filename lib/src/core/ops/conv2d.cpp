// conv2d: {N,C,H,W} images cross-correlated with {F,C,K,K} filters, through im2col and cblas
// gemm, with its backward beside it.
#include <algorithm>
#include <array>
#include <cstring>
#include <optional>
#include <string>
#include <type_traits>

#include "gemm.hpp"
#include "kudzu/ops.hpp"
#include "op_helpers.hpp"

namespace kudzu {
namespace {

using detail::gemm;
using detail::Node;
using detail::ScratchBuffer;
using detail::TensorImpl;
using detail::Window;

// The sizes of one convolution. Per image, the product is
//   y{F, H'W'} = w{F, CKK} cols{CKK, H'W'} (+ b along the rows),
// where cols (im2col) holds in row (c, ky, kx) the input element under that kernel tap for
// each output position.
struct ConvGeometry {
  std::size_t channels, height, width;  // of an input image
  std::size_t filters, kernel, out_height, out_width;
  std::size_t stride, padding;

  std::size_t patch() const { return channels * kernel * kernel; }  // rows of cols
  std::size_t positions() const { return out_height * out_width; }  // columns of cols
  std::size_t image_size() const { return channels * height * width; }
};

ConvGeometry geometry(const Shape& x, const Shape& w, const Window& window) {
  return ConvGeometry{x[1],
                      x[2],
                      x[3],
                      w[0],
                      std::size_t(window.kernel),
                      detail::window_positions(x[2], window),
                      detail::window_positions(x[3], window),
                      std::size_t(window.stride),
                      std::size_t(window.padding)};
}

// Throws, before any work, unless the operands and the window make a convolution.
Window checked_window(const Shape& x, const Shape& w, const Shape& b, int stride, int padding) {
  // Built only for an error: a training step must not touch the heap.
  const auto message = [&](const std::string& why) {
    return "conv2d: x " + x.str() + ", w " + w.str() + ", b " + b.str() + ", stride " +
           std::to_string(stride) + ", padding " + std::to_string(padding) + ": " + why;
  };
  const auto by = [](std::size_t height, std::size_t width) {
    return std::to_string(height) + "x" + std::to_string(width);
  };
  if (x.rank() != 4 || w.rank() != 4 || b.rank() != 1)
    throw ShapeError(message("expected x {N,C,H,W}, w {F,C,K,K} and b {F}"));
  if (w[2] != w[3])
    throw ShapeError(message("the kernel must be square, w's is " + by(w[2], w[3])));
  if (w[2] == 0) throw ShapeError(message("the kernel must be at least 1x1"));
  if (x[1] != w[1])
    throw ShapeError(message("x has " + std::to_string(x[1]) + " channels but w expects " +
                             std::to_string(w[1])));
  if (b[0] != w[0])
    throw ShapeError(message("b has " + std::to_string(b[0]) + " values but w has " +
                             std::to_string(w[0]) + " filters"));
  if (stride < 1) throw UsageError(message("the stride must be at least 1"));
  if (padding < 0) throw UsageError(message("the padding must not be negative"));
  const std::size_t padded_height = x[2] + 2 * std::size_t(padding);
  const std::size_t padded_width = x[3] + 2 * std::size_t(padding);
  if (w[2] > padded_height || w[2] > padded_width)
    throw ShapeError(message("the " + by(w[2], w[2]) + " kernel is larger than the padded image (" +
                             by(padded_height, padded_width) + ")"));
  return Window{int(w[2]), stride, padding};
}

// to[0, count) = from[0, count), for the short runs of im2col (a 28-pixel row, often
// less): in fixed blocks that compile to a few vector moves, the last one overlapping the
// one before, where std::copy is a call to memmove for each run (measured: 4% of a LeNet
// epoch) and an element-wise tail a loop of its own.
template <class T>
void copy_short(const T* from, std::size_t count, T* to) {
  constexpr std::size_t block = 32 / sizeof(T);
  if (count < block) {
    for (std::size_t i = 0; i < count; ++i) to[i] = from[i];
    return;
  }
  for (std::size_t i = 0; i + block < count; i += block)
    std::memcpy(to + i, from + i, block * sizeof(T));
  std::memcpy(to + count - block, from + count - block, block * sizeof(T));
}

// The output positions [first, last) along one axis whose input position, position *
// stride + tap - padding, lies on an axis `size` long.
struct OnImage {
  std::size_t first, last;
};

OnImage on_image(std::size_t size, std::size_t positions, std::size_t tap, std::size_t stride,
                 std::size_t padding) {
  const std::size_t last =
      std::min(positions, size + padding > tap ? (size + padding - tap + stride - 1) / stride : 0);
  return {std::min(last, padding > tap ? (padding - tap + stride - 1) / stride : 0), last};
}

// Moves values between one image {C,H,W} and its column matrix cols{CKK, H'W'}: im2col
// (ToColumns: cols = the image under each tap, 0 in the padding) or its adjoint col2im
// (image += each column entry, at the element it was read from). The rows and columns of
// each tap that fall on the padding are found first, so the loop over the rest has no test.
template <bool ToColumns, class T>
void transfer(const ConvGeometry& g, std::conditional_t<ToColumns, const T*, T*> image,
              std::conditional_t<ToColumns, T*, const T*> cols) {
  const std::size_t k = g.kernel, s = g.stride, p = g.padding, w_in = g.width, w_out = g.out_width;
  for (std::size_t c = 0; c < g.channels; ++c)
    for (std::size_t ky = 0; ky < k; ++ky) {
      const OnImage rows = on_image(g.height, g.out_height, ky, s, p);
      for (std::size_t kx = 0; kx < k; ++kx) {
        const OnImage columns = on_image(w_in, w_out, kx, s, p);
        auto row = cols + ((c * k + ky) * k + kx) * g.positions();
        if constexpr (ToColumns) {
          std::fill_n(row, rows.first * w_out, T(0));
          std::fill(row + rows.last * w_out, row + g.positions(), T(0));
        }
        if (rows.first == rows.last || columns.first == columns.last) {
          if constexpr (ToColumns) std::fill(row, row + g.positions(), T(0));
          continue;
        }
        // The input element under output (oy, columns.first): on the image.
        auto input = image + c * g.height * w_in + (rows.first * s + ky - p) * w_in +
                     (columns.first * s + kx - p);
        const std::size_t count = columns.last - columns.first;
        if constexpr (ToColumns) {
          if (s == 1 && w_out == w_in) {
            // Output rows as wide as the input's (stride 1, "same" padding, as LeNet's first
            // layer): the tap's rows on the image are one run of it, shifted. Copied at once,
            // then the columns on the padding, which the run filled from the next row, zeroed.
            const std::size_t begin = rows.first * w_out + columns.first;
            const std::size_t end = (rows.last - 1) * w_out + columns.last;
            std::copy(input, input + (end - begin), row + begin);
            for (std::size_t oy = rows.first; oy < rows.last; ++oy) {
              std::fill_n(row + oy * w_out, columns.first, T(0));
              std::fill(row + oy * w_out + columns.last, row + (oy + 1) * w_out, T(0));
            }
            continue;
          }
          if (s == 1 && count == w_out) {
            // Whole output rows on the image (LeNet's second layer): a loop with nothing but
            // the copies in it.
            for (std::size_t oy = rows.first; oy < rows.last; ++oy, input += w_in)
              copy_short(input, count, row + oy * w_out);
            continue;
          }
        }
        for (std::size_t oy = rows.first; oy < rows.last; ++oy, input += s * w_in) {
          auto segment = row + oy * w_out;
          if constexpr (ToColumns) {
            std::fill(segment, segment + columns.first, T(0));
            // Stride 1 (most convolutions) reads the input contiguously.
            if (s == 1)
              copy_short(input, count, segment + columns.first);
            else
              for (std::size_t i = 0; i < count; ++i) segment[columns.first + i] = input[i * s];
            std::fill(segment + columns.last, segment + w_out, T(0));
          } else if (s == 1) {
            for (std::size_t i = 0; i < count; ++i) input[i] += segment[columns.first + i];
          } else {
            for (std::size_t i = 0; i < count; ++i) input[i * s] += segment[columns.first + i];
          }
        }
      }
    }
}

// The sum of values[0, n) in double, as sum's, in eight interleaved partial sums added in
// a fixed order at the end: they vectorize, where one running total is a chain of
// dependent additions (measured: db took 2% of a LeNet epoch that way).
template <class T>
double sum_in_lanes(const T* values, std::size_t n) {
  constexpr std::size_t lanes = 8;
  std::array<double, lanes> partial{};
  std::size_t i = 0;
  for (; i + lanes <= n; i += lanes)
    for (std::size_t lane = 0; lane < lanes; ++lane) partial[lane] += values[i + lane];
  double total = 0;
  for (; i < n; ++i) total += values[i];
  for (const double sum : partial) total += sum;
  return total;
}

}  // namespace

template <class T>
BasicTensor<T> conv2d(const BasicTensor<T>& x, const BasicTensor<T>& w, const BasicTensor<T>& b,
                      int stride, int padding) {
  TensorImpl<T>* ix = detail::checked_impl(x, "conv2d");
  TensorImpl<T>* iw = detail::checked_impl(w, "conv2d");
  TensorImpl<T>* ib = detail::checked_impl(b, "conv2d");
  detail::OpParams<T> params;
  params.window = checked_window(ix->shape, iw->shape, ib->shape, stride, padding);
  const ConvGeometry g = geometry(ix->shape, iw->shape, params.window);
  const std::size_t images = ix->shape[0], f = g.filters, n = g.positions(), k = g.patch();
  TensorImpl<T>* out = detail::new_impl<T>(Shape{images, f, g.out_height, g.out_width});
  const bool records = detail::needs_grad<T>({ix, iw, ib});
  // When w needs a gradient, every image's column matrix is kept on the node for dw, rather
  // than made again in the backward pass: im2col was about a quarter of a LeNet training
  // step, half of it the second time. Otherwise (evaluation) one matrix serves each image.
  TensorImpl<T>* saved = records && iw->requires_grad && images && f && n && k
                             ? detail::new_impl<T>(Shape{images, k, n})
                             : nullptr;
  // The images in groups (BatchGroups), a part each: one column matrix per group serves
  // its images unless they are saved.
  const detail::BatchGroups groups(images);
  {
    std::optional<ScratchBuffer<T>> scratch;
    if (!saved) scratch.emplace(groups.count * k * n);
    detail::for_each_part(groups.count, [&](std::size_t group) {
      for (std::size_t image = groups.begin(group); image < groups.end(group); ++image) {
        T* y = out->data + image * f * n;
        for (std::size_t filter = 0; filter < f; ++filter)
          std::fill_n(y + filter * n, n, ib->data[filter]);
        if (!f || !n || !k) continue;
        T* cols = saved ? saved->data + image * k * n : scratch->data() + group * k * n;
        transfer<true, T>(g, ix->data + image * g.image_size(), cols);
        gemm(false, false, f, n, k, iw->data, cols, T(1), y);  // y += w cols
      }
    });
  }
  if (records) {
    // Per image, y{F,H'W'} = w{F,CKK} cols{CKK,H'W'} + b:
    //   dw{F,CKK} += dy cols^T = (cols dy^T)^T,  dcols{CKK,H'W'} = w^T dy then dx += col2im(dcols),
    //   db{F} += the sum of each row of dy.
    // cols of each image is the forward pass's, saved on the node.
    auto backward = [](const Node<T>& node) {
      TensorImpl<T>* x = node.in[0];
      TensorImpl<T>* w = node.in[1];
      TensorImpl<T>* b = node.in[2];
      const ConvGeometry g = geometry(x->shape, w->shape, node.params.window);
      const std::size_t images = x->shape[0], f = g.filters, n = g.positions(), k = g.patch();
      const T* gy = node.out->grad;
      if (b->requires_grad) {
        T* gb = detail::grad_buffer(b);
        detail::for_each_part(f, [&](std::size_t filter) {  // a part per filter
          double total = 0;
          for (std::size_t image = 0; image < images; ++image)
            total += sum_in_lanes(gy + (image * f + filter) * n, n);
          gb[filter] += static_cast<T>(total);
        });
      }
      if (!images || !f || !n || !k) return;
      // A part per group of images. dw sums over all images: each group into a partial sum
      // of its own, then the partials into dw in group order, the same bits at any number of
      // threads. A partial is dw transposed, cols dy^T {CKK,F}: that product has the long
      // side first, which OpenBLAS computes faster than dy cols^T (measured: 10-20% on
      // LeNet's two shapes).
      const detail::BatchGroups groups(images);
      if (w->requires_grad) {
        ScratchBuffer<T> partials(groups.count * k * f);
        detail::for_each_part(groups.count, [&](std::size_t group) {
          T* partial = partials.data() + group * k * f;
          for (std::size_t image = groups.begin(group); image < groups.end(group); ++image)
            gemm(false, true, k, f, n, node.saved->data + image * k * n, gy + image * f * n,
                 T(image == groups.begin(group) ? 0 : 1), partial);
        });
        T* gw = detail::grad_buffer(w);
        for (std::size_t group = 0; group < groups.count; ++group) {
          const T* partial = partials.data() + group * k * f;
          for (std::size_t filter = 0; filter < f; ++filter)
            for (std::size_t i = 0; i < k; ++i) gw[filter * k + i] += partial[i * f + filter];
        }
      }
      if (x->requires_grad) {
        ScratchBuffer<T> dcols(groups.count * k * n);
        T* gx = detail::grad_buffer(x);
        detail::for_each_part(groups.count, [&](std::size_t group) {
          T* cols = dcols.data() + group * k * n;
          for (std::size_t image = groups.begin(group); image < groups.end(group); ++image) {
            gemm(true, false, k, n, f, w->data, gy + image * f * n, T(0), cols);
            transfer<false, T>(g, gx + image * g.image_size(), cols);
          }
        });
      }
    };
    detail::record<T>("conv2d", backward, out, {ix, iw, ib}, params, saved);
  }
  return detail::adopt(out);
}

#define KUDZU_CONV2D(T)                                                        \
  template BasicTensor<T> conv2d(const BasicTensor<T>&, const BasicTensor<T>&, \
                                 const BasicTensor<T>&, int, int);
KUDZU_CONV2D(float)
KUDZU_CONV2D(double)

}  // namespace kudzu
