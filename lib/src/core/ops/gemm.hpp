// The one way the ops call BLAS for a matrix product: row-major, transposes through the
// cblas flags so that no transposed copy is ever made (matmul, conv2d).
#pragma once

#include <cblas.h>

#include <cstddef>

namespace kudzu::detail {

// C{m,n} = op(A) op(B) + beta * C, row-major and contiguous, where op(A) is {m,k} and op(B)
// {k,n}: A is stored {k,m} when trans_a, B {n,k} when trans_b.
inline void gemm(bool trans_a, bool trans_b, std::size_t m, std::size_t n, std::size_t k,
                 const float* a, const float* b, float beta, float* c) {
  cblas_sgemm(CblasRowMajor, trans_a ? CblasTrans : CblasNoTrans,
              trans_b ? CblasTrans : CblasNoTrans, int(m), int(n), int(k), 1.0f, a,
              int(trans_a ? m : k), b, int(trans_b ? k : n), beta, c, int(n));
}

inline void gemm(bool trans_a, bool trans_b, std::size_t m, std::size_t n, std::size_t k,
                 const double* a, const double* b, double beta, double* c) {
  cblas_dgemm(CblasRowMajor, trans_a ? CblasTrans : CblasNoTrans,
              trans_b ? CblasTrans : CblasNoTrans, int(m), int(n), int(k), 1.0, a,
              int(trans_a ? m : k), b, int(trans_b ? k : n), beta, c, int(n));
}

}  // namespace kudzu::detail
