// matmul through cblas gemm, transpose, reshape, and gather_columns (picking one element per row).
#include <cmath>
#include <cstdio>
#include <string>

#include "gemm.hpp"
#include "kudzu/ops.hpp"
#include "op_helpers.hpp"

namespace kudzu {
namespace {

using detail::gemm;
using detail::Node;
using detail::TensorImpl;

// Products at least this large (in multiply-adds) are worth sharing out over the ParallelOps
// pool: at batch 50, the write-up network's first two layers (3.9 and 0.5 million) and a
// LeNet's 400x120 and 120x84 layers (2.4 and 0.5 million); measured on 20 epochs of the
// comparison, cutting the 0.5-million ones too saved 4% more.
constexpr std::size_t worth_splitting = std::size_t(1) << 18;

// Where gemm_in_parts cuts the m rows of C in two, or 0 when it does not: at a multiple of
// 24 near the middle. OpenBLAS sums an element of C by other code at the edge of the tiles
// and chunks it works in than inside them; at a multiple of 24 (its Haswell, Zen, SkylakeX,
// Cooperlake and Sandybridge kernels, measured) each part's chunks are those of the whole
// product, so every element is the same sum as in one call. Cut at row 25 of 50, the
// default run's bits changed; ops_test checks the cut on the machine it runs on.
std::size_t cut_point(std::size_t m) {
  constexpr std::size_t chunk = 24;
  return m < 2 * chunk ? 0 : m / 2 / chunk * chunk;
}

// gemm over the ParallelOps pool in two parts, the top and the bottom rows of C, when the
// product is worth splitting; the same bits as one call (cut_point). Part 0, which the caller
// takes first, is the bottom, the larger part (26 of 50 rows): a pool thread joins later.
template <class T>
void gemm_in_parts(bool trans_a, bool trans_b, std::size_t m, std::size_t n, std::size_t k,
                   const T* a, const T* b, T beta, T* c) {
  const std::size_t cut = cut_point(m);
  if (!cut || m * n * k < worth_splitting || !ParallelOps::pool())
    return gemm(trans_a, trans_b, m, n, k, a, b, beta, c);
  const std::size_t lda = trans_a ? m : k, ldb = trans_b ? k : n;
  detail::for_each_part(2, [&](std::size_t part) {
    const std::size_t first = part ? 0 : cut, rows = part ? cut : m - cut;
    // Row `first` of op(A) is column `first` of A when A is stored transposed.
    detail::strided_gemm(trans_a, trans_b, rows, n, k, a + (trans_a ? first : first * lda), lda, b,
                         ldb, beta, c + first * n, n);
  });
}

}  // namespace

template <class T>
BasicTensor<T> matmul(const BasicTensor<T>& a, const BasicTensor<T>& b) {
  TensorImpl<T>* ia = detail::checked_impl(a, "matmul");
  TensorImpl<T>* ib = detail::checked_impl(b, "matmul");
  const Shape& sa = ia->shape;
  const Shape& sb = ib->shape;
  if (sa.rank() != 2 || sb.rank() != 2)
    throw ShapeError("matmul: " + sa.str() + " x " + sb.str() + ": both operands must be 2-D");
  if (sa[1] != sb[0])
    throw ShapeError("matmul: " + sa.str() + " x " + sb.str() + ": inner dimensions " +
                     std::to_string(sa[1]) + " and " + std::to_string(sb[0]) + " differ");
  const std::size_t m = sa[0], k = sa[1], n = sb[1];
  TensorImpl<T>* out = detail::new_impl<T>(Shape{m, n});
  if (k == 0)
    std::fill_n(out->data, m * n, T(0));
  else if (m && n)
    gemm_in_parts(false, false, m, n, k, ia->data, ib->data, T(0), out->data);
  if (detail::needs_grad<T>({ia, ib})) {
    // C{m,n} = A{m,k} B{k,n}:  dA{m,k} += dC{m,n} B^T,  dB{k,n} += A^T dC{m,n}
    // When both are needed, the two independent products are the two parts over the pool;
    // one alone is cut in two (gemm_in_parts).
    auto backward = [](const Node<T>& node) {
      TensorImpl<T>* a = node.in[0];
      TensorImpl<T>* b = node.in[1];
      const std::size_t m = a->shape[0], k = a->shape[1], n = b->shape[1];
      if (!m || !n || !k) return;
      T* ga = a->requires_grad ? detail::grad_buffer(a) : nullptr;
      T* gb = b->requires_grad ? detail::grad_buffer(b) : nullptr;
      if (ga && gb && m * n * k >= worth_splitting) {
        detail::for_each_part(2, [&](std::size_t which) {
          if (which == 0)
            gemm(false, true, m, k, n, node.out->grad, b->data, T(1), ga);
          else
            gemm(true, false, k, n, m, a->data, node.out->grad, T(1), gb);
        });
        return;
      }
      if (ga) gemm_in_parts(false, true, m, k, n, node.out->grad, b->data, T(1), ga);
      if (gb) gemm_in_parts(true, false, k, n, m, a->data, node.out->grad, T(1), gb);
    };
    detail::record<T>("matmul", backward, out, {ia, ib});
  }
  return detail::adopt(out);
}

template <class T>
BasicTensor<T> transpose(const BasicTensor<T>& x) {
  TensorImpl<T>* in = detail::checked_impl(x, "transpose");
  if (in->shape.rank() != 2) throw ShapeError("transpose: " + in->shape.str() + " is not 2-D");
  const std::size_t rows = in->shape[0], cols = in->shape[1];
  TensorImpl<T>* out = detail::new_impl<T>(Shape{cols, rows});
  for (std::size_t i = 0; i < rows; ++i)
    for (std::size_t j = 0; j < cols; ++j) out->data[j * rows + i] = in->data[i * cols + j];
  if (detail::needs_grad<T>({in})) {
    auto backward = [](const Node<T>& node) {
      TensorImpl<T>* in = node.in[0];
      const std::size_t rows = in->shape[0], cols = in->shape[1];
      T* gx = detail::grad_buffer(in);
      const T* gy = node.out->grad;
      for (std::size_t i = 0; i < rows; ++i)
        for (std::size_t j = 0; j < cols; ++j) gx[i * cols + j] += gy[j * rows + i];
    };
    detail::record<T>("transpose", backward, out, {in, nullptr});
  }
  return detail::adopt(out);
}

template <class T>
BasicTensor<T> reshape(const BasicTensor<T>& x, const Shape& shape) {
  TensorImpl<T>* in = detail::checked_impl(x, "reshape");
  if (shape.size() != in->shape.size())
    throw ShapeError("reshape: " + in->shape.str() + " (" + std::to_string(in->shape.size()) +
                     " elements) cannot become " + shape.str() + " (" +
                     std::to_string(shape.size()) + " elements)");
  TensorImpl<T>* out = detail::new_view(in, shape);
  if (detail::needs_grad<T>({in})) {
    // Same flat layout, so the gradient passes through element by element.
    auto backward = [](const Node<T>& node) {
      TensorImpl<T>* in = node.in[0];
      T* gx = detail::grad_buffer(in);
      const T* gy = node.out->grad;
      for (std::size_t i = 0; i < in->shape.size(); ++i) gx[i] += gy[i];
    };
    detail::record<T>("reshape", backward, out, {in, nullptr});
  }
  return detail::adopt(out);
}

template <class T>
BasicTensor<T> slice_rows(const BasicTensor<T>& x, std::size_t first, std::size_t count) {
  TensorImpl<T>* in = detail::checked_impl(x, "slice_rows");
  const Shape& shape = in->shape;
  if (shape.rank() == 0 || first > shape[0] || count > shape[0] - first)
    throw ShapeError("slice_rows: rows " + std::to_string(first) + " to " +
                     std::to_string(first + count) + " of " + shape.str() +
                     (shape.rank() == 0 ? ", which has no rows" : ""));
  const std::size_t row_size = shape[0] ? shape.size() / shape[0] : 0;
  std::size_t dims[Shape::max_rank];
  std::copy(shape.begin(), shape.end(), dims);
  dims[0] = count;
  TensorImpl<T>* out =
      detail::new_view(in, Shape(std::span<const std::size_t>(dims, shape.rank())));
  out->data += first * row_size;
  if (detail::needs_grad<T>({in})) {
    // The rows' gradient goes back to where they sit in x; the other rows get none.
    auto backward = [](const Node<T>& node) {
      TensorImpl<T>* in = node.in[0];
      const std::size_t offset = static_cast<std::size_t>(node.out->data - in->data);
      T* gx = detail::grad_buffer(in) + offset;
      const T* gy = node.out->grad;
      for (std::size_t i = 0; i < node.out->shape.size(); ++i) gx[i] += gy[i];
    };
    detail::record<T>("slice_rows", backward, out, {in, nullptr});
  }
  return detail::adopt(out);
}

template <class T>
BasicTensor<T> gather_columns(const BasicTensor<T>& x, const BasicTensor<T>& columns) {
  TensorImpl<T>* in = detail::checked_impl(x, "gather_columns");
  TensorImpl<T>* index = detail::checked_impl(columns, "gather_columns");
  detail::check_row_indices({"gather_columns", "x", "columns", "column", "column index"}, in->shape,
                            index);
  const std::size_t rows = in->shape[0], cols = in->shape[1];
  TensorImpl<T>* out = detail::new_impl<T>(Shape{rows});
  for (std::size_t i = 0; i < rows; ++i)
    out->data[i] = in->data[i * cols + static_cast<std::size_t>(index->data[i])];
  if (detail::needs_grad<T>({in})) {
    // The columns ride along as the second input: the tape keeps them alive and unchanged
    // until the backward reads them. They get no gradient.
    auto backward = [](const Node<T>& node) {
      TensorImpl<T>* in = node.in[0];
      const T* column = node.in[1]->data;
      const std::size_t rows = in->shape[0], cols = in->shape[1];
      T* gx = detail::grad_buffer(in);
      const T* gy = node.out->grad;
      for (std::size_t i = 0; i < rows; ++i)
        gx[i * cols + static_cast<std::size_t>(column[i])] += gy[i];
    };
    detail::record<T>("gather_columns", backward, out, {in, index});
  }
  return detail::adopt(out);
}

namespace detail {

template <class T>
void check_row_indices(const RowIndexNames& names, const Shape& x, const TensorImpl<T>* indices) {
  const Shape& shape = indices->shape;
  // Built only for an error: a training step's loss must not touch the heap.
  const auto operands = [&] {
    return std::string(names.op) + ": " + names.x + " " + x.str() + " and " + names.indices + " " +
           shape.str();
  };
  if (x.rank() != 2 || shape.rank() != 1 || shape[0] != x[0])
    throw ShapeError(operands() + ": expected " + names.x + " {N,C} and " + names.indices + " {N}");
  for (std::size_t row = 0; row < shape[0]; ++row) {
    const T c = indices->data[row];
    if (c >= 0 && c < static_cast<T>(x[1]) && c == std::floor(c)) continue;
    char value[32];  // "4" or "1.5", not std::to_string's "4.000000"
    std::snprintf(value, sizeof value, "%g", static_cast<double>(c));
    throw UsageError(operands() + ": " + names.index + " " + value + " of row " +
                     std::to_string(row) + " is not a " + names.kind + " in [0, " +
                     std::to_string(x[1]) + ")");
  }
}

}  // namespace detail

#define KUDZU_LINALG(T)                                                                 \
  template BasicTensor<T> matmul(const BasicTensor<T>&, const BasicTensor<T>&);         \
  template BasicTensor<T> transpose(const BasicTensor<T>&);                             \
  template BasicTensor<T> reshape(const BasicTensor<T>&, const Shape&);                 \
  template BasicTensor<T> slice_rows(const BasicTensor<T>&, std::size_t, std::size_t);  \
  template BasicTensor<T> gather_columns(const BasicTensor<T>&, const BasicTensor<T>&); \
  template void detail::check_row_indices(const detail::RowIndexNames&, const Shape&,   \
                                          const detail::TensorImpl<T>*);
KUDZU_LINALG(float)
KUDZU_LINALG(double)

}  // namespace kudzu
