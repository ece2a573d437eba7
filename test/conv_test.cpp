// conv2d and max_pool2d: their values and gradients against PyTorch's F.conv2d and
// F.max_pool2d (test/reference/conv_torch.hpp, written by conv_torch.py beside it), in double
// and in float; the first-maximum rule of pooling; and the error for each bad input, raised
// before any work. Their gradient checks are rows of the catalogue (ops_test).
#define BOOST_TEST_MODULE conv
#include <boost/test/unit_test.hpp>
#include <cmath>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "kudzu/autograd.hpp"
#include "kudzu/error.hpp"
#include "kudzu/ops.hpp"
#include "kudzu/rng.hpp"
#include "kudzu/thread_pool.hpp"
#include "reference/conv_torch.hpp"
#include "support.hpp"

namespace {

using namespace kudzu;
using testing::error_of;

template <class T>
BasicTensor<T> tensor(const Shape& shape, const std::vector<double>& values) {
  const std::vector<T> converted(values.begin(), values.end());
  return BasicTensor<T>::from(shape, std::span<const T>(converted));
}

// The largest |actual - expected| over the elements, relative to the largest |expected|
// (at least 1), so that float and double are held to a precision, not to a magnitude.
template <class T>
double relative_gap(const BasicTensor<T>& actual, const std::vector<double>& expected) {
  BOOST_REQUIRE(actual.size() == expected.size());
  double scale = 1, gap = 0;
  for (std::size_t i = 0; i < expected.size(); ++i) {
    scale = std::max(scale, std::abs(expected[i]));
    gap = std::max(gap, std::abs(double(actual.data()[i]) - expected[i]));
  }
  return gap / scale;
}

template <class T>
void check_conv_against_pytorch(double tolerance) {
  for (const reference::ConvCase& c : reference::conv_cases) {
    BOOST_TEST_CONTEXT(c.name) {
      BasicTensor<T> x = tensor<T>(c.x_shape, c.x).requires_grad(true);
      BasicTensor<T> w = tensor<T>(c.w_shape, c.w).requires_grad(true);
      BasicTensor<T> b = tensor<T>({c.w_shape[0]}, c.b).requires_grad(true);
      const BasicTensor<T> y = conv2d(x, w, b, c.stride, c.padding);
      BOOST_TEST(relative_gap(y, c.y) <= tolerance);
      y.backward(tensor<T>(y.shape(), c.dy));
      BOOST_TEST(relative_gap(x.grad(), c.dx) <= tolerance);
      BOOST_TEST(relative_gap(w.grad(), c.dw) <= tolerance);
      BOOST_TEST(relative_gap(b.grad(), c.db) <= tolerance);
    }
  }
}

template <class T>
void check_pool_against_pytorch(double tolerance) {
  for (const reference::PoolCase& c : reference::pool_cases) {
    BOOST_TEST_CONTEXT(c.name) {
      BasicTensor<T> x = tensor<T>(c.x_shape, c.x).requires_grad(true);
      const BasicTensor<T> y = max_pool2d(x, c.kernel, c.stride);
      BOOST_TEST(relative_gap(y, c.y) <= tolerance);
      y.backward(tensor<T>(y.shape(), c.dy));
      BOOST_TEST(relative_gap(x.grad(), c.dx) <= tolerance);
    }
  }
}

}  // namespace

// ---- Against PyTorch 1.13.

BOOST_AUTO_TEST_CASE(conv2d_in_double_gives_pytorchs_values_and_gradients) {
  check_conv_against_pytorch<double>(1e-12);
}

BOOST_AUTO_TEST_CASE(conv2d_in_float_gives_pytorchs_values_and_gradients) {
  check_conv_against_pytorch<float>(1e-6);
}

BOOST_AUTO_TEST_CASE(max_pool2d_in_double_gives_pytorchs_values_and_gradients) {
  check_pool_against_pytorch<double>(0);  // maxima are copied, gradients added once or more
}

BOOST_AUTO_TEST_CASE(max_pool2d_in_float_gives_pytorchs_values_and_gradients) {
  check_pool_against_pytorch<float>(0);
}

// ---- Closed forms.

BOOST_AUTO_TEST_CASE(max_pool2d_sends_a_tied_windows_gradient_to_its_first_maximum) {
  // Two 2x2 windows: all four equal, then a tie between the second and the fourth element.
  Tensor x = Tensor::from({1, 1, 2, 4}, {3, 3, 1, 5, 3, 3, 2, 5}).requires_grad(true);
  const Tensor y = max_pool2d(x, 2, 2);
  BOOST_TEST(y.to_vector() == (std::vector<float>{3, 5}), boost::test_tools::per_element());
  y.backward(Tensor::from({1, 1, 1, 2}, {10, 20}));
  BOOST_TEST(x.grad().to_vector() == (std::vector<float>{10, 0, 0, 20, 0, 0, 0, 0}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_nan_wins_its_window_only_where_it_comes_first) {
  // As max does: a NaN first in its window is the maximum and takes the gradient; a NaN
  // later in a window loses to every number before it.
  const float nan = std::numeric_limits<float>::quiet_NaN();
  Tensor x = Tensor::from({1, 1, 2, 4}, {nan, 1, 2, nan, 7, 3, 4, 5}).requires_grad(true);
  const std::vector<float> y = max_pool2d(x, 2, 2).to_vector();
  BOOST_TEST(std::isnan(y[0]));
  BOOST_TEST(y[1] == 5.0f);
  max_pool2d(x, 2, 2).backward(Tensor::from({1, 1, 1, 2}, {10, 20}));
  BOOST_TEST(x.grad().to_vector() == (std::vector<float>{10, 0, 0, 0, 0, 0, 0, 20}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(overlapping_windows_add_their_gradients_into_a_shared_maximum) {
  // Kernel 2, stride 1 over one row of three: the middle maximum wins both windows.
  Tensor x = Tensor::from({1, 1, 2, 3}, {0, 9, 1, 2, 3, 4}).requires_grad(true);
  const Tensor y = max_pool2d(x, 2, 1);
  BOOST_TEST(y.to_vector() == (std::vector<float>{9, 9}), boost::test_tools::per_element());
  y.backward(Tensor::from({1, 1, 1, 2}, {1, 2}));
  BOOST_TEST(x.grad().to_vector() == (std::vector<float>{0, 3, 0, 0, 0, 0}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(conv2d_backward_fills_only_the_gradients_asked_for) {
  // Only the filters require a gradient: the images and the bias get none.
  Tensor x = Tensor::ones({1, 1, 3, 3});
  Tensor w = Tensor::ones({1, 1, 2, 2}).requires_grad(true);
  Tensor b = Tensor::zeros({1});
  const Tensor y = conv2d(x, w, b);
  BOOST_TEST(y.to_vector() == std::vector<float>(4, 4.0f), boost::test_tools::per_element());
  sum(y).backward();
  BOOST_TEST(w.grad().to_vector() == std::vector<float>(4, 4.0f), boost::test_tools::per_element());
  BOOST_TEST(!x.requires_grad());
  BOOST_TEST(tape_size() == 0u);
}

// ---- Bad input: one clear error, before any work.

BOOST_AUTO_TEST_CASE(conv2d_refuses_wrong_ranks) {
  const Tensor w = Tensor::zeros({4, 3, 3, 3}), b = Tensor::zeros({4});
  BOOST_TEST(error_of<ShapeError>([&] {
               conv2d(Tensor::zeros({3, 5, 5}), w, b);
             }) ==
             "conv2d: x {3,5,5}, w {4,3,3,3}, b {4}, stride 1, padding 0: expected x {N,C,H,W}, "
             "w {F,C,K,K} and b {F}");
  BOOST_TEST(
      error_of<ShapeError>([&] {
        conv2d(Tensor::zeros({1, 3, 5, 5}), w, Tensor::zeros({1, 4}));
      }) ==
      "conv2d: x {1,3,5,5}, w {4,3,3,3}, b {1,4}, stride 1, padding 0: expected x {N,C,H,W}, "
      "w {F,C,K,K} and b {F}");
}

BOOST_AUTO_TEST_CASE(conv2d_refuses_a_channel_mismatch) {
  BOOST_TEST(error_of<ShapeError>([] {
               conv2d(Tensor::zeros({2, 3, 8, 8}), Tensor::zeros({4, 2, 3, 3}), Tensor::zeros({4}));
             }) ==
             "conv2d: x {2,3,8,8}, w {4,2,3,3}, b {4}, stride 1, padding 0: x has 3 channels "
             "but w expects 2");
}

BOOST_AUTO_TEST_CASE(conv2d_refuses_a_bias_that_does_not_fit_the_filters) {
  BOOST_TEST(error_of<ShapeError>([] {
               conv2d(Tensor::zeros({2, 3, 8, 8}), Tensor::zeros({4, 3, 3, 3}), Tensor::zeros({3}));
             }) ==
             "conv2d: x {2,3,8,8}, w {4,3,3,3}, b {3}, stride 1, padding 0: b has 3 values "
             "but w has 4 filters");
}

BOOST_AUTO_TEST_CASE(conv2d_refuses_a_kernel_that_is_not_square) {
  BOOST_TEST(error_of<ShapeError>([] {
               conv2d(Tensor::zeros({1, 1, 8, 8}), Tensor::zeros({1, 1, 3, 2}), Tensor::zeros({1}));
             }) ==
             "conv2d: x {1,1,8,8}, w {1,1,3,2}, b {1}, stride 1, padding 0: the kernel must "
             "be square, w's is 3x2");
}

BOOST_AUTO_TEST_CASE(conv2d_refuses_a_kernel_larger_than_the_padded_image) {
  const Tensor x = Tensor::zeros({1, 1, 3, 6}), w = Tensor::zeros({1, 1, 6, 6}),
               b = Tensor::zeros({1});
  BOOST_TEST(error_of<ShapeError>([&] { conv2d(x, w, b, 1, 1); }) ==
             "conv2d: x {1,1,3,6}, w {1,1,6,6}, b {1}, stride 1, padding 1: the 6x6 kernel is "
             "larger than the padded image (5x8)");
  // Padding enough to fit it: a 2x5 output of the 7x10 padded image.
  BOOST_TEST(conv2d(x, w, b, 1, 2).shape() == Shape({1, 1, 2, 5}));
}

BOOST_AUTO_TEST_CASE(conv2d_refuses_a_stride_below_1_and_a_negative_padding) {
  const Tensor x = Tensor::zeros({1, 1, 5, 5}), w = Tensor::zeros({1, 1, 3, 3}),
               b = Tensor::zeros({1});
  BOOST_TEST(error_of<UsageError>([&] { conv2d(x, w, b, 0, 0); }) ==
             "conv2d: x {1,1,5,5}, w {1,1,3,3}, b {1}, stride 0, padding 0: the stride must be at "
             "least 1");
  BOOST_TEST(error_of<UsageError>([&] { conv2d(x, w, b, 1, -1); }) ==
             "conv2d: x {1,1,5,5}, w {1,1,3,3}, b {1}, stride 1, padding -1: the padding must not "
             "be negative");
}

BOOST_AUTO_TEST_CASE(max_pool2d_refuses_bad_windows_and_ranks) {
  const Tensor x = Tensor::zeros({1, 2, 3, 4});
  BOOST_TEST(error_of<ShapeError>([] {
               max_pool2d(Tensor::zeros({2, 3, 4}), 2, 2);
             }) == "max_pool2d: x {2,3,4}, kernel 2, stride 2: expected x {N,C,H,W}");
  BOOST_TEST(
      error_of<ShapeError>([&] { max_pool2d(x, 4, 1); }) ==
      "max_pool2d: x {1,2,3,4}, kernel 4, stride 1: the window is larger than the 3x4 image");
  BOOST_TEST(error_of<UsageError>([&] { max_pool2d(x, 0, 1); }) ==
             "max_pool2d: x {1,2,3,4}, kernel 0, stride 1: the kernel must be at least 1");
  BOOST_TEST(error_of<UsageError>([&] { max_pool2d(x, 2, 0); }) ==
             "max_pool2d: x {1,2,3,4}, kernel 2, stride 0: the stride must be at least 1");
}

BOOST_AUTO_TEST_CASE(a_refused_op_records_nothing) {
  const Tensor x = Tensor::zeros({1, 1, 5, 5}).requires_grad(true);
  const Tensor w = Tensor::zeros({1, 2, 3, 3}).requires_grad(true), b = Tensor::zeros({1});
  BOOST_CHECK_THROW(conv2d(x, w, b), ShapeError);
  BOOST_CHECK_THROW(max_pool2d(x, 6, 1), ShapeError);
  BOOST_TEST(tape_size() == 0u);
}

// ---- Split over a pool (ParallelOps): the same bits as on one thread.

namespace {

// The value of conv -> relu -> pool -> sum on a batch of 13 images (8 groups of 1 or 2; the Relu
// large enough to be split too) and the gradients of x, w and b, flattened, computed on this thread
// or with its ParallelOps.
std::vector<float> conv_chain_results(bool parallel) {
  ThreadPool pool(1);
  std::optional<ParallelOps> scope;
  if (parallel) scope.emplace(pool);
  Rng rng(7);
  Tensor x = Tensor::uniform({13, 3, 40, 36}, rng, -1, 1).requires_grad(true);
  Tensor w = Tensor::uniform({5, 3, 3, 3}, rng, -1, 1).requires_grad(true);
  Tensor b = Tensor::uniform({5}, rng, -1, 1).requires_grad(true);
  const Tensor y = sum(max_pool2d(relu(conv2d(x, w, b, 1, 1)), 2, 2));
  y.backward();
  std::vector<float> results(y.data(), y.data() + 1);
  for (const Tensor& t : {x.grad(), w.grad(), b.grad()})
    results.insert(results.end(), t.data(), t.data() + t.size());
  return results;
}

}  // namespace

BOOST_AUTO_TEST_CASE(conv_relu_pool_split_over_a_pool_give_the_same_bits) {
  const std::vector<float> alone = conv_chain_results(false);
  const std::vector<float> split = conv_chain_results(true);
  BOOST_REQUIRE(alone.size() == split.size());
  std::size_t differing = 0;
  for (std::size_t i = 0; i < alone.size(); ++i) differing += alone[i] != split[i];
  BOOST_TEST(differing == 0u);
}

BOOST_AUTO_TEST_CASE(conv2d_split_over_a_pool_matches_pytorch) {
  ThreadPool pool(1);
  ParallelOps parallel(pool);
  check_conv_against_pytorch<double>(1e-12);
  check_pool_against_pytorch<double>(1e-12);
}
