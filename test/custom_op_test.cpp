// Ops written outside the library with kudzu/custom_op.hpp get the tape's guarantees: they
// are recorded per thread and not under NoGrad, their graph is released after backward (a
// second backward is an error), gradcheck checks them and rejects a wrong one, and misuse
// of the views is one clear error. (That a warm step allocates nothing is in
// allocation_test; that a capturing backward does not compile, in compile_fail/.)
#define BOOST_TEST_MODULE custom_op
#include "kudzu/custom_op.hpp"

#include <boost/test/unit_test.hpp>
#include <cmath>
#include <span>
#include <string>
#include <thread>
#include <vector>

#include "custom_ops.hpp"
#include "kudzu/autograd.hpp"
#include "kudzu/error.hpp"
#include "kudzu/gradcheck.hpp"
#include "kudzu/ops.hpp"
#include "support.hpp"

namespace {

using namespace kudzu;
using testing::error_of;
using testing::swish;
using testing::weighted_sum;

// A swish whose backward forgets the beta x s (1 - s) term: what gradcheck must catch.
TensorD swish_with_wrong_backward(const TensorD& x) {
  return custom_op<double>(
      "wrong_swish", {x}, x.shape(),
      [](const OpValue<double>& op) {
        for (std::size_t i = 0; i < op.output().size(); ++i)
          op.output()[i] = op.input(0)[i] / (1 + std::exp(-op.input(0)[i]));
      },
      [](const OpBackward<double>& op) {
        const std::span<double> gx = op.input_grad(0);
        for (std::size_t i = 0; i < gx.size(); ++i)
          gx[i] += op.output_grad()[i] / (1 + std::exp(-op.input(0)[i]));
      });
}

// Asks for the gradient of its second input whether or not that one needs it.
Tensor careless_product(const Tensor& a, const Tensor& b) {
  return custom_op<float>(
      "careless_product", {a, b}, a.shape(),
      [](const OpValue<float>& op) {
        for (std::size_t i = 0; i < op.output().size(); ++i)
          op.output()[i] = op.input(0)[i] * op.input(1)[i];
      },
      [](const OpBackward<float>& op) {
        (void)op.input_grad(1);
        const std::span<float> ga = op.input_grad(0);
        for (std::size_t i = 0; i < ga.size(); ++i) ga[i] += op.output_grad()[i] * op.input(1)[i];
      });
}

struct EmptyTape {
  EmptyTape() { clear_tape(); }
  ~EmptyTape() { clear_tape(); }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(custom_op, EmptyTape)

BOOST_AUTO_TEST_CASE(gradcheck_passes_a_custom_op_with_a_scalar) {
  Rng rng(3);
  const GradcheckReport report =
      gradcheck([](const std::vector<TensorD>& in) { return swish(in[0], 1.7); },
                {TensorD::randn({3, 4}, rng)});
  BOOST_TEST(report.passed, report.summary());
}

BOOST_AUTO_TEST_CASE(gradcheck_passes_a_custom_op_of_two_inputs_inside_a_graph) {
  Rng rng(4);
  const GradcheckReport report = gradcheck(
      [](const std::vector<TensorD>& in) {
        return sum(tanh(weighted_sum(in[0] * in[1], in[1], 0.5, -2.0)), 1);
      },
      {TensorD::randn({3, 4}, rng), TensorD::randn({3, 4}, rng)});
  BOOST_TEST(report.passed, report.summary());
}

BOOST_AUTO_TEST_CASE(gradcheck_rejects_a_custom_op_with_a_wrong_backward) {
  Rng rng(5);
  const GradcheckReport report =
      gradcheck([](const std::vector<TensorD>& in) { return swish_with_wrong_backward(in[0]); },
                {TensorD::randn({3, 4}, rng)});
  BOOST_TEST(!report.passed);
}

BOOST_AUTO_TEST_CASE(values_and_gradients_match_the_closed_form) {
  Tensor x = Tensor::from({3}, {-2.0f, 0.0f, 1.5f}).requires_grad(true);
  const Tensor y = swish(x, 2.0f);
  sum(y).backward();
  for (int i = 0; i < 3; ++i) {
    const double v = x.data()[i], s = 1 / (1 + std::exp(-2 * v));
    BOOST_TEST(y.data()[i] == v * s, boost::test_tools::tolerance(1e-6));
    BOOST_TEST(x.grad().data()[i] == s + 2 * v * s * (1 - s), boost::test_tools::tolerance(1e-6));
  }
}

BOOST_AUTO_TEST_CASE(a_custom_op_is_recorded_by_name_and_released_after_backward) {
  const Tensor a = Tensor::full({2}, 3.0f).requires_grad(true), b = Tensor::full({2}, 4.0f);
  const Tensor y = sum(weighted_sum(a, b, 2.0f, 1.0f));
  BOOST_TEST(dump_tape() == "%0 = weighted_sum(leaf{2}, const{2}) -> {2}\n%1 = sum(%0) -> {}\n");
  y.backward();
  BOOST_TEST(tape_size() == 0u);
  BOOST_TEST(a.grad().to_vector() == (std::vector<float>{2, 2}), boost::test_tools::per_element());
  const std::string second = error_of<UsageError>([&] { y.backward(); });
  BOOST_TEST(second.find("already released") != std::string::npos, second);
}

BOOST_AUTO_TEST_CASE(nothing_is_recorded_under_no_grad_or_without_an_input_that_needs_it) {
  const Tensor x = Tensor::full({2}, 1.0f).requires_grad(true);
  {
    NoGrad off;
    const Tensor y = swish(x, 1.0f);
    BOOST_TEST(!y.requires_grad());
    BOOST_TEST(y.data()[0] == 1 / (1 + std::exp(-1.0f)), boost::test_tools::tolerance(1e-6f));
  }
  BOOST_TEST(!swish(Tensor::full({2}, 1.0f), 1.0f).requires_grad());
  BOOST_TEST(tape_size() == 0u);
}

BOOST_AUTO_TEST_CASE(recording_is_per_thread) {
  std::size_t other_tape = 0;
  std::thread other([&] {
    const Tensor x = Tensor::full({2}, 1.0f).requires_grad(true);
    const Tensor y = swish(x, 1.0f);
    other_tape = tape_size();
    clear_tape();
  });
  other.join();
  BOOST_TEST(other_tape == 1u);
  BOOST_TEST(tape_size() == 0u);
}

BOOST_AUTO_TEST_CASE(asking_for_the_gradient_of_a_constant_input_is_an_error_that_clears_the_tape) {
  const Tensor a = Tensor::full({2}, 3.0f).requires_grad(true), b = Tensor::full({2}, 4.0f);
  const Tensor y = sum(careless_product(a, b));
  BOOST_TEST(error_of<UsageError>([&] { y.backward(); }) ==
             "custom op careless_product: input_grad(1) of an input {2} that does not require a "
             "gradient (ask requires_grad(1) first)");
  BOOST_TEST(tape_size() == 0u);
}

BOOST_AUTO_TEST_CASE(misuse_is_one_clear_error) {
  const Tensor x = Tensor::full({2}, 1.0f);
  const auto no_op = [](const OpBackward<float>&) {};
  BOOST_TEST(error_of<UsageError>([&] {
               custom_op<float>(
                   "four", {x, x, x, x}, x.shape(), [](const OpValue<float>&) {}, no_op);
             }) == "custom op four: takes 1 to 3 inputs, got 4");
  BOOST_TEST(error_of<UsageError>([&] {
               custom_op<float>(
                   "reads_too_far", {x}, x.shape(), [](const OpValue<float>& op) { op.input(1); },
                   no_op);
             }) == "custom op reads_too_far: input(1) is out of range: there are 1");
  BOOST_TEST(error_of<UsageError>([&] {
               custom_op<float>(
                   "empty", {Tensor()}, x.shape(), [](const OpValue<float>&) {}, no_op);
             }) == "empty: an operand is an empty tensor");
}

BOOST_AUTO_TEST_CASE(a_value_function_that_throws_records_nothing) {
  const Tensor x = Tensor::full({2}, 1.0f).requires_grad(true);
  BOOST_CHECK_THROW(
      custom_op<float>(
          "throws", {x}, x.shape(), [](const OpValue<float>& op) { throw ShapeError(op.name()); },
          [](const OpBackward<float>&) {}),
      ShapeError);
  BOOST_TEST(tape_size() == 0u);
}

BOOST_AUTO_TEST_SUITE_END()
