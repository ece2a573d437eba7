// The differentiable ops. Each is recorded on the tape when recording is on and any input
// requires a gradient; its derivative is defined next to its value in lib/src/ops/.
//
// Shapes: binary elementwise ops broadcast as NumPy does (shapes are aligned on the right;
// a dimension of 1 stretches), and the gradient is summed back over the stretched axes.
// Axes may be negative (-1 is the last). A mismatch throws ShapeError naming the op and
// every shape. Ops of your own are recorded the same way through kudzu/custom_op.hpp.
#pragma once

#include <type_traits>

#include "kudzu/tensor.hpp"

namespace kudzu {

template <class T>
using Scalar = std::type_identity_t<T>;  // a plain number beside a tensor, e.g. x * 2

// Elementwise arithmetic, with broadcasting.
template <class T> BasicTensor<T> add(const BasicTensor<T>& a, const BasicTensor<T>& b);
template <class T> BasicTensor<T> sub(const BasicTensor<T>& a, const BasicTensor<T>& b);
template <class T> BasicTensor<T> mul(const BasicTensor<T>& a, const BasicTensor<T>& b);
template <class T> BasicTensor<T> div(const BasicTensor<T>& a, const BasicTensor<T>& b);
template <class T> BasicTensor<T> neg(const BasicTensor<T>& x);
template <class T> BasicTensor<T> add(const BasicTensor<T>& x, Scalar<T> s);  // x + s
template <class T> BasicTensor<T> mul(const BasicTensor<T>& x, Scalar<T> s);  // x * s

// Linear algebra and layout.
// matmul: {m,k} x {k,n} -> {m,n}, through cblas gemm.
template <class T> BasicTensor<T> matmul(const BasicTensor<T>& a, const BasicTensor<T>& b);
template <class T> BasicTensor<T> transpose(const BasicTensor<T>& x);  // 2-D: {m,n} -> {n,m}
// The same values under another shape of the same size; shares storage with x.
template <class T> BasicTensor<T> reshape(const BasicTensor<T>& x, const Shape& shape);
// Rows [first, first + count) of x along its first axis, x[first:first+count] in NumPy:
// {N,...} -> {count,...}, sharing storage with x. ShapeError for a rank-0 x or rows past N.
template <class T> BasicTensor<T> slice_rows(const BasicTensor<T>& x, std::size_t first, std::size_t count);
// Row i's element in column columns[i]: x {N,C}, columns {N} of whole numbers in [0, C)
// (stored as T; anything else is a UsageError) -> {N}. The columns get no gradient.
template <class T> BasicTensor<T> gather_columns(const BasicTensor<T>& x, const BasicTensor<T>& columns);

// Reductions: over every element (a rank-0 result), or along one axis.
template <class T> BasicTensor<T> sum(const BasicTensor<T>& x);
template <class T> BasicTensor<T> sum(const BasicTensor<T>& x, int axis, bool keepdims = false);
template <class T> BasicTensor<T> mean(const BasicTensor<T>& x);
template <class T> BasicTensor<T> mean(const BasicTensor<T>& x, int axis, bool keepdims = false);
// The gradient goes to the first maximal element of each slice.
template <class T> BasicTensor<T> max(const BasicTensor<T>& x);
template <class T> BasicTensor<T> max(const BasicTensor<T>& x, int axis, bool keepdims = false);

// Elementwise functions.
template <class T> BasicTensor<T> exp(const BasicTensor<T>& x);
template <class T> BasicTensor<T> log(const BasicTensor<T>& x);
template <class T> BasicTensor<T> sqrt(const BasicTensor<T>& x);
template <class T> BasicTensor<T> pow(const BasicTensor<T>& x, Scalar<T> p);
template <class T> BasicTensor<T> abs(const BasicTensor<T>& x);  // d/dx at 0 is 0
// Limits each element to [low, high]; the gradient passes where low <= x <= high.
template <class T> BasicTensor<T> clamp(const BasicTensor<T>& x, Scalar<T> low, Scalar<T> high);

// Activations. sigmoid does not overflow for any finite x.
template <class T> BasicTensor<T> relu(const BasicTensor<T>& x);  // d/dx at 0 is 0
template <class T> BasicTensor<T> sigmoid(const BasicTensor<T>& x);
template <class T> BasicTensor<T> tanh(const BasicTensor<T>& x);
// Along one axis, stable for any finite logits (the maximum is subtracted first).
template <class T> BasicTensor<T> softmax(const BasicTensor<T>& x, int axis = -1);
template <class T> BasicTensor<T> log_softmax(const BasicTensor<T>& x, int axis = -1);

// Convolutions and pooling over {N,C,H,W} images (NCHW, as PyTorch), with int stride and
// padding that apply to both axes.
// conv2d: x {N,C,H,W}, filters w {F,C,K,K}, bias b {F} -> {N,F,H',W'}, H' = (H + 2 padding -
// K) / stride + 1 and likewise W'. Cross-correlation over zero padding (not flipped), the
// numbers of PyTorch's F.conv2d: y[n,f,i,j] = b[f] + sum over c, u, v of
// w[f,c,u,v] x[n,c, i stride - padding + u, j stride - padding + v]. Through cblas gemm on
// the image's columns (im2col) in buffers from the pool; the backward gives dx, dw and db.
// ShapeError for wrong ranks, a channel or bias mismatch, or a kernel larger than the padded
// image; UsageError for stride < 1 or padding < 0.
template <class T>
BasicTensor<T> conv2d(const BasicTensor<T>& x, const BasicTensor<T>& w, const BasicTensor<T>& b,
                      int stride = 1, int padding = 0);
// max_pool2d: x {N,C,H,W} -> {N,C,H',W'}, H' = (H - kernel) / stride + 1 and likewise W'
// (rows and columns that no whole window reaches are left out, as in PyTorch): the maximum
// of each kernel x kernel window. The gradient goes to the first maximal element of each
// window, row by row, as max's does. ShapeError for a rank other than 4 or a window larger
// than the image; UsageError for kernel or stride < 1.
template <class T> BasicTensor<T> max_pool2d(const BasicTensor<T>& x, int kernel, int stride);

// Losses: each returns a rank-0 tensor, the mean over the elements (or over the batch).
// binary_cross_entropy: probabilities p and targets y of the same shape. Logs are clamped
// at -100 as PyTorch does, so p of exactly 0 or 1 gives a finite loss (a term saturates
// at 100). With logits z at hand, binary_cross_entropy_with_logits(z, y) is exact where
// sigmoid(z) rounds to 0 or 1; the BCE loss of a Model ending in Sigmoid uses it.
template <class T>
BasicTensor<T> binary_cross_entropy(const BasicTensor<T>& p, const BasicTensor<T>& y);
template <class T>
BasicTensor<T> binary_cross_entropy_with_logits(const BasicTensor<T>& z, const BasicTensor<T>& y);
template <class T> BasicTensor<T> mse_loss(const BasicTensor<T>& prediction, const BasicTensor<T>& target);
// logits {N,C}; labels {N} holding class indices 0..C-1 (stored as T; any other value is a
// UsageError).
template <class T>
BasicTensor<T> cross_entropy(const BasicTensor<T>& logits, const BasicTensor<T>& labels);

// Operators: tensors with tensors, and tensors with plain numbers on either side.
template <class T> BasicTensor<T> operator+(const BasicTensor<T>& a, const BasicTensor<T>& b) { return add(a, b); }
template <class T> BasicTensor<T> operator-(const BasicTensor<T>& a, const BasicTensor<T>& b) { return sub(a, b); }
template <class T> BasicTensor<T> operator*(const BasicTensor<T>& a, const BasicTensor<T>& b) { return mul(a, b); }
template <class T> BasicTensor<T> operator/(const BasicTensor<T>& a, const BasicTensor<T>& b) { return div(a, b); }
template <class T> BasicTensor<T> operator-(const BasicTensor<T>& x) { return neg(x); }
template <class T> BasicTensor<T> operator+(const BasicTensor<T>& x, Scalar<T> s) { return add(x, s); }
template <class T> BasicTensor<T> operator+(Scalar<T> s, const BasicTensor<T>& x) { return add(x, s); }
template <class T> BasicTensor<T> operator-(const BasicTensor<T>& x, Scalar<T> s) { return add(x, -s); }
template <class T> BasicTensor<T> operator-(Scalar<T> s, const BasicTensor<T>& x) { return add(neg(x), s); }
template <class T> BasicTensor<T> operator*(const BasicTensor<T>& x, Scalar<T> s) { return mul(x, s); }
template <class T> BasicTensor<T> operator*(Scalar<T> s, const BasicTensor<T>& x) { return mul(x, s); }
template <class T> BasicTensor<T> operator/(const BasicTensor<T>& x, Scalar<T> s) { return mul(x, Scalar<T>(1) / s); }
template <class T> BasicTensor<T> operator/(Scalar<T> s, const BasicTensor<T>& x) { return mul(pow(x, Scalar<T>(-1)), s); }

}  // namespace kudzu
