// The one way the ops call BLAS for a matrix product: row-major, transposes through the
// cblas flags so that no transposed copy is ever made (matmul, conv2d).
#pragma once

#include <cblas.h>

#include <cstddef>

namespace kudzu::detail {

// C{m,n} = op(A) op(B) + beta * C, row-major, where op(A) is {m,k} and op(B) {k,n}: A is
// stored {k,m} when trans_a, B {n,k} when trans_b, and each stored row of A, B and C starts
// lda, ldb and ldc elements after the one before (a block of a larger matrix).
inline void strided_gemm(bool trans_a, bool trans_b, std::size_t m, std::size_t n, std::size_t k,
                         const float* a, std::size_t lda, const float* b, std::size_t ldb,
                         float beta, float* c, std::size_t ldc) {
  cblas_sgemm(CblasRowMajor, trans_a ? CblasTrans : CblasNoTrans,
              trans_b ? CblasTrans : CblasNoTrans, int(m), int(n), int(k), 1.0f, a, int(lda), b,
              int(ldb), beta, c, int(ldc));
}

inline void strided_gemm(bool trans_a, bool trans_b, std::size_t m, std::size_t n, std::size_t k,
                         const double* a, std::size_t lda, const double* b, std::size_t ldb,
                         double beta, double* c, std::size_t ldc) {
  cblas_dgemm(CblasRowMajor, trans_a ? CblasTrans : CblasNoTrans,
              trans_b ? CblasTrans : CblasNoTrans, int(m), int(n), int(k), 1.0, a, int(lda), b,
              int(ldb), beta, c, int(ldc));
}

// The same with A, B and C contiguous.
template <class T>
void gemm(bool trans_a, bool trans_b, std::size_t m, std::size_t n, std::size_t k, const T* a,
          const T* b, T beta, T* c) {
  strided_gemm(trans_a, trans_b, m, n, k, a, trans_a ? m : k, b, trans_b ? k : n, beta, c, n);
}

}  // namespace kudzu::detail
