// Gradient checks of every op, then closed-form checks where the answer is known, then proof
// that gradcheck itself catches a wrong backward.
//
// The gradient checks are the catalogue in gradcheck_cases.cpp, one Boost.Test case per
// entry (the same rows `kudzu-gradcheck` prints): central differences in double precision
// against the tape's Jacobian, with PyTorch's tolerances unless a case says otherwise.
#define BOOST_TEST_MODULE ops
// g++ 12 warns, wrongly, about the string concatenation inside Boost's data-driven test
// cases (GCC bug 105329).
#pragma GCC diagnostic ignored "-Wrestrict"
#include "kudzu/ops.hpp"

#include <boost/test/data/monomorphic.hpp>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>
#include <cmath>
#include <limits>
#include <optional>
#include <set>
#include <string>
#include <type_traits>
#include <vector>

#include "kudzu/autograd.hpp"
#include "kudzu/blas.hpp"
#include "kudzu/gradcheck.hpp"
#include "kudzu/gradcheck_cases.hpp"
#include "kudzu/rng.hpp"
#include "kudzu/thread_pool.hpp"
#include "ops/op_helpers.hpp"  // private: to build a deliberately wrong op

namespace {

using namespace kudzu;
namespace cases = kudzu::gradcheck_cases;

std::vector<std::string> case_names() {
  std::vector<std::string> names;
  for (const cases::Case& c : cases::catalogue()) names.push_back(c.name());
  return names;
}

const cases::Case& case_named(const std::string& name) {
  for (const cases::Case& c : cases::catalogue())
    if (c.name() == name) return c;
  throw std::logic_error("no case " + name);
}

bool all_finite(const std::vector<float>& values) {
  for (float v : values)
    if (!std::isfinite(v)) return false;
  return true;
}

}  // namespace

// ---- The catalogue: one test per op and input pattern.

BOOST_DATA_TEST_CASE(gradcheck_catalogue, boost::unit_test::data::make(case_names()), name) {
  const cases::Result result = cases::run(case_named(name));
  BOOST_TEST(result.report.passed, name << " " << cases::shapes_text(result.shapes) << "\n"
                                        << result.report.summary());
}

BOOST_AUTO_TEST_CASE(catalogue_covers_every_op) {
  std::set<std::string> covered;
  for (const cases::Case& c : cases::catalogue()) covered.insert(c.op);
  for (const char* op : {"add",
                         "sub",
                         "mul",
                         "div",
                         "neg",
                         "operator+",
                         "operator-",
                         "operator*",
                         "operator/",
                         "matmul",
                         "transpose",
                         "reshape",
                         "slice_rows",
                         "clone",
                         "gather_columns",
                         "sum",
                         "mean",
                         "max",
                         "exp",
                         "log",
                         "sqrt",
                         "pow",
                         "abs",
                         "clamp",
                         "relu",
                         "sigmoid",
                         "tanh",
                         "softmax",
                         "log_softmax",
                         "binary_cross_entropy",
                         "binary_cross_entropy_with_logits",
                         "mse_loss",
                         "cross_entropy",
                         "conv2d",
                         "max_pool2d",
                         "conv-chain",
                         "fan-out",
                         "chain",
                         "network"})
    BOOST_TEST(covered.count(op) == 1u, "no gradient check of " << op);
  // The names are what --filter and the test log show: they must tell cases apart.
  const std::vector<std::string> names = case_names();
  BOOST_TEST(std::set<std::string>(names.begin(), names.end()).size() == names.size());
}

BOOST_AUTO_TEST_CASE(case_inputs_are_reproducible) {
  const cases::Case& c = case_named("div[row-vector]");
  const std::vector<TensorD> first = cases::inputs_of(c), second = cases::inputs_of(c);
  BOOST_TEST(first[1].to_vector() == second[1].to_vector());
  for (double v : first[1].to_vector()) BOOST_TEST(std::abs(v) >= 0.3);  // away from 0
}

// ---- Closed forms.

BOOST_AUTO_TEST_CASE(sigmoid_derivative_is_y_times_one_minus_y) {
  Rng rng(1);
  TensorD x = TensorD::randn({20}, rng, 0, 3).requires_grad(true);
  const TensorD y = sigmoid(x);
  sum(y).backward();
  const std::vector<double> g = x.grad().to_vector(), v = y.to_vector();
  for (std::size_t i = 0; i < v.size(); ++i)
    BOOST_TEST(g[i] == v[i] * (1 - v[i]), boost::test_tools::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(tanh_derivative_is_one_minus_y_squared) {
  Rng rng(2);
  TensorD x = TensorD::randn({20}, rng).requires_grad(true);
  const TensorD y = tanh(x);
  sum(y).backward();
  const std::vector<double> g = x.grad().to_vector(), v = y.to_vector();
  for (std::size_t i = 0; i < v.size(); ++i)
    BOOST_TEST(g[i] == 1 - v[i] * v[i], boost::test_tools::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(gradient_of_sum_of_squares_is_two_x) {
  Rng rng(3);
  Tensor x = Tensor::randn({4, 5}, rng).requires_grad(true);
  sum(x * x).backward();
  const std::vector<float> g = x.grad().to_vector(), v = x.to_vector();
  for (std::size_t i = 0; i < v.size(); ++i) BOOST_TEST(g[i] == 2 * v[i]);
}

BOOST_AUTO_TEST_CASE(gradient_of_mean_is_one_over_n) {
  Tensor x = Tensor::ones({4, 5}).requires_grad(true);
  mean(x).backward();
  for (float g : x.grad().to_vector())
    BOOST_TEST(g == 1.0f / 20, boost::test_tools::tolerance(1e-7f));
}

BOOST_AUTO_TEST_CASE(softmax_slices_sum_to_one) {
  Rng rng(4);
  const Tensor x = Tensor::randn({3, 5}, rng, 0, 4);
  for (float total : sum(softmax(x, -1), 1).to_vector())
    BOOST_TEST(total == 1.0f, boost::test_tools::tolerance(1e-6f));
  for (float total : sum(softmax(x, 0), 0).to_vector())
    BOOST_TEST(total == 1.0f, boost::test_tools::tolerance(1e-6f));
  // and exp(log_softmax) is softmax
  const std::vector<float> a = exp(log_softmax(x, 1)).to_vector(), b = softmax(x, 1).to_vector();
  for (std::size_t i = 0; i < a.size(); ++i)
    BOOST_TEST(a[i] == b[i], boost::test_tools::tolerance(1e-5f));
}

BOOST_AUTO_TEST_CASE(softmax_of_huge_logits_is_finite) {
  Tensor x = Tensor::from({1, 3}, {1e4f, -1e4f, 0.0f}).requires_grad(true);
  const Tensor log_p = log_softmax(x, 1);
  const std::vector<float> expected = {0.0f, -2e4f, -1e4f};
  BOOST_TEST(log_p.to_vector() == expected, boost::test_tools::per_element());
  const std::vector<float> ones_hot = {1.0f, 0.0f, 0.0f};
  BOOST_TEST(softmax(x, 1).to_vector() == ones_hot, boost::test_tools::per_element());
  sum(log_p * Tensor::from({1, 3}, {1.0f, 2.0f, 3.0f})).backward();
  BOOST_TEST(all_finite(x.grad().to_vector()));
}

BOOST_AUTO_TEST_CASE(sigmoid_of_huge_inputs_is_exactly_zero_or_one) {
  Tensor x = Tensor::from({3}, {1e4f, -1e4f, 0.0f}).requires_grad(true);
  const Tensor y = sigmoid(x);
  const std::vector<float> expected = {1.0f, 0.0f, 0.5f};
  BOOST_TEST(y.to_vector() == expected, boost::test_tools::per_element());
  sum(y).backward();
  const std::vector<float> slopes = {0.0f, 0.0f, 0.25f};
  BOOST_TEST(x.grad().to_vector() == slopes, boost::test_tools::per_element());

  TensorD xd = TensorD::from({2}, {1e4, -1e4});
  const std::vector<double> expected_d = {1.0, 0.0};
  BOOST_TEST(sigmoid(xd).to_vector() == expected_d, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(binary_cross_entropy_of_exact_zero_and_one_is_100) {
  // PyTorch clamps each log at -100: a confident wrong answer costs 100, not infinity.
  Tensor p = Tensor::from({2}, {0.0f, 1.0f}).requires_grad(true);
  Tensor loss = binary_cross_entropy(p, Tensor::from({2}, {1.0f, 0.0f}));
  BOOST_TEST(loss.item() == 100.0f);
  loss.backward();
  BOOST_TEST(all_finite(p.grad().to_vector()));

  const TensorD pd = TensorD::from({2}, {0.0, 1.0});
  BOOST_TEST(binary_cross_entropy(pd, TensorD::from({2}, {1.0, 0.0})).item() == 100.0);
  BOOST_TEST(binary_cross_entropy(pd, TensorD::from({2}, {0.0, 1.0})).item() == 0.0);
}

BOOST_AUTO_TEST_CASE(binary_cross_entropy_depends_on_its_values_alone) {
  // sigmoid(30) rounds to exactly 1 in float. The plain op sees only that 1 (the clamp's
  // 100, however the input was built); the logits op sees 30 and stays exact:
  // -log(1 - sigmoid(30)) = 30 + log(1 + e^-30), slope sigmoid(30) = 1.
  Tensor z = Tensor::from({1}, {30.0f}).requires_grad(true);
  const Tensor y = Tensor::from({1}, {0.0f});
  BOOST_TEST(binary_cross_entropy(sigmoid(z), y).item() == 100.0f);
  BOOST_TEST(binary_cross_entropy(Tensor::from({1}, {1.0f}), y).item() == 100.0f);
  clear_tape();
  Tensor loss = binary_cross_entropy_with_logits(z, y);
  BOOST_TEST(loss.item() == 30.0f, boost::test_tools::tolerance(1e-6f));
  loss.backward();
  BOOST_TEST(z.grad().item() == 1.0f, boost::test_tools::tolerance(1e-6f));
}

BOOST_AUTO_TEST_CASE(binary_cross_entropy_with_logits_of_huge_logits_is_finite) {
  Tensor z = Tensor::from({2}, {1e4f, -1e4f}).requires_grad(true);
  Tensor loss = binary_cross_entropy_with_logits(z, Tensor::from({2}, {0.0f, 0.0f}));
  BOOST_TEST(loss.item() == 5e3f, boost::test_tools::tolerance(1e-6f));  // (1e4 + 0) / 2
  loss.backward();
  const std::vector<float> slopes = {0.5f, 0.0f};  // (sigmoid(z) - y) / 2
  BOOST_TEST(z.grad().to_vector() == slopes, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(gather_columns_picks_one_element_per_row) {
  Tensor x = reshape(Tensor::arange(6.0f), {2, 3}).detach().requires_grad(true);
  Tensor picked = gather_columns(x, Tensor::from({2}, {2, 0}));
  BOOST_TEST(picked.shape() == Shape{2});
  BOOST_TEST(picked.to_vector() == (std::vector<float>{2, 3}), boost::test_tools::per_element());
  sum(picked * Tensor::from({2}, {10, 20})).backward();
  const std::vector<float> gradient{0, 0, 10, 20, 0, 0};
  BOOST_TEST(x.grad().to_vector() == gradient, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(slice_rows_is_a_view_of_consecutive_rows) {
  Tensor x = reshape(Tensor::arange(12.0f), {4, 3});
  Tensor middle = slice_rows(x, 1, 2);
  BOOST_TEST(middle.shape() == (Shape{2, 3}));
  BOOST_TEST(middle.to_vector() == (std::vector<float>{3, 4, 5, 6, 7, 8}),
             boost::test_tools::per_element());
  middle.data()[0] = -1;  // the same storage: no copy was made
  BOOST_TEST(x(1, 0) == -1.0f);
  BOOST_TEST(slice_rows(x, 4, 0).shape() == (Shape{0, 3}));
  BOOST_CHECK_THROW(slice_rows(x, 3, 2), ShapeError);
  BOOST_CHECK_THROW(slice_rows(x, 5, 0), ShapeError);
  BOOST_CHECK_THROW(slice_rows(Tensor::full({}, 1.0f), 0, 1), ShapeError);
}

BOOST_AUTO_TEST_CASE(cross_entropy_ignores_a_masked_out_class) {
  // A -inf logit (a class ruled out) other than the label's gives a finite loss and gradient.
  const float inf = std::numeric_limits<float>::infinity();
  Tensor logits = Tensor::from({1, 3}, {2.0f, 1.0f, -inf}).requires_grad(true);
  Tensor loss = cross_entropy(logits, Tensor::from({1}, {0}));
  const double expected = std::log(std::exp(2.0) + std::exp(1.0)) - 2.0;
  BOOST_TEST(loss.item() == expected, boost::test_tools::tolerance(1e-6));
  loss.backward();
  for (float g : logits.grad().to_vector()) BOOST_TEST(std::isfinite(g));
  BOOST_TEST(logits.grad()(0, 2) == 0.0f);
}

BOOST_AUTO_TEST_CASE(losses_match_their_definitions) {
  const TensorD logits = TensorD::from({2, 3}, {1.0, 2.0, 3.0, 0.5, -1.0, 0.0});
  const TensorD labels = TensorD::from({2}, {2.0, 0.0});
  const auto log_sum_exp = [](double a, double b, double c) {
    return std::log(std::exp(a) + std::exp(b) + std::exp(c));
  };
  const double expected = ((log_sum_exp(1, 2, 3) - 3) + (log_sum_exp(0.5, -1, 0) - 0.5)) / 2;
  BOOST_TEST(cross_entropy(logits, labels).item() == expected, boost::test_tools::tolerance(1e-12));

  const TensorD a = TensorD::from({3}, {1.0, 2.0, 3.0}), b = TensorD::from({3}, {1.5, 2.0, 1.0});
  BOOST_TEST(mse_loss(a, b).item() == (0.25 + 0 + 4) / 3, boost::test_tools::tolerance(1e-12));

  const TensorD p = TensorD::from({2}, {0.25, 0.8}), y = TensorD::from({2}, {1.0, 0.0});
  BOOST_TEST(binary_cross_entropy(p, y).item() == -(std::log(0.25) + std::log(0.2)) / 2,
             boost::test_tools::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(max_sends_the_gradient_to_the_first_maximum) {
  Tensor x = Tensor::from({2, 3}, {1.0f, 3.0f, 3.0f, 5.0f, 2.0f, 5.0f}).requires_grad(true);
  const Tensor m = max(x, 1);
  const std::vector<float> maxima = {3.0f, 5.0f};
  BOOST_TEST(m.to_vector() == maxima, boost::test_tools::per_element());
  sum(m).backward();
  const std::vector<float> expected = {0, 1, 0, 1, 0, 0};
  BOOST_TEST(x.grad().to_vector() == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(kinks_have_the_documented_one_sided_slopes) {
  // relu and abs: 0 at 0; clamp: the gradient passes on the bounds themselves.
  Tensor x = Tensor::from({3}, {0.0f, -0.5f, 0.5f}).requires_grad(true);
  sum(relu(x)).backward();
  BOOST_TEST(x.grad().to_vector() == (std::vector<float>{0, 0, 1}),
             boost::test_tools::per_element());
  x.zero_grad();
  sum(abs(x)).backward();
  BOOST_TEST(x.grad().to_vector() == (std::vector<float>{0, -1, 1}),
             boost::test_tools::per_element());
  x.zero_grad();
  sum(clamp(x, -0.5f, 0.25f)).backward();
  BOOST_TEST(x.grad().to_vector() == (std::vector<float>{1, 1, 0}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(pow_slopes_at_zero) {
  // x^0 is constant (slope 0, not 0 * 0^-1 = NaN); x^2 and x^1 have their usual slopes.
  for (const auto& [p, slope] : {std::pair{0.0f, 0.0f}, {1.0f, 1.0f}, {2.0f, 0.0f}}) {
    Tensor x = Tensor::zeros({2}).requires_grad(true);
    Tensor loss = sum(pow(x, p));
    loss.backward();
    BOOST_TEST(x.grad().to_vector() == (std::vector<float>{slope, slope}),
               boost::test_tools::per_element());
  }
}

BOOST_AUTO_TEST_CASE(values_of_matmul_and_broadcasting) {
  const Tensor a = Tensor::from({2, 3}, {1, 2, 3, 4, 5, 6});
  const Tensor b = Tensor::from({3, 2}, {7, 8, 9, 10, 11, 12});
  BOOST_TEST(matmul(a, b).shape() == (Shape{2, 2}));
  BOOST_TEST(matmul(a, b).to_vector() == (std::vector<float>{58, 64, 139, 154}),
             boost::test_tools::per_element());
  BOOST_TEST(transpose(a).to_vector() == (std::vector<float>{1, 4, 2, 5, 3, 6}),
             boost::test_tools::per_element());

  const Tensor column = Tensor::from({2, 1}, {10, 20}), row = Tensor::from({1, 3}, {1, 2, 3});
  const Tensor outer = column + row;
  BOOST_TEST(outer.shape() == (Shape{2, 3}));
  BOOST_TEST(outer.to_vector() == (std::vector<float>{11, 12, 13, 21, 22, 23}),
             boost::test_tools::per_element());
  BOOST_TEST(
      (a - Tensor::from({3}, {1, 1, 1})).to_vector() == (std::vector<float>{0, 1, 2, 3, 4, 5}),
      boost::test_tools::per_element());
  BOOST_TEST((1.0f / Tensor::from({2}, {2, 4})).to_vector() == (std::vector<float>{0.5f, 0.25f}),
             boost::test_tools::per_element());
  BOOST_TEST((3.0f - Tensor::from({2}, {2, 4})).to_vector() == (std::vector<float>{1, -1}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(reduction_shapes) {
  const Tensor x = Tensor::ones({2, 3, 4});
  BOOST_TEST(sum(x).shape() == Shape{});
  BOOST_TEST(sum(x).item() == 24.0f);
  BOOST_TEST(sum(x, 1).shape() == (Shape{2, 4}));
  BOOST_TEST(sum(x, 1, true).shape() == (Shape{2, 1, 4}));
  BOOST_TEST(mean(x, -1).shape() == (Shape{2, 3}));
  BOOST_TEST(max(x, -3, true).shape() == (Shape{1, 3, 4}));
  BOOST_TEST(sum(x, -1).to_vector() == std::vector<float>(6, 4.0f),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(axis_minus_one_is_the_last_axis_forward_and_backward) {
  // -1 is the user's "last axis", never "every element": the maximum of each row, and a
  // gradient of one at each row's maximum only.
  const Tensor x = Tensor::from({2, 3}, {1, 5, 2, 7, 3, 4}).requires_grad(true);
  Tensor m = max(x, -1);
  BOOST_TEST(m.to_vector() == (std::vector<float>{5, 7}), boost::test_tools::per_element());
  sum(m).backward();
  BOOST_TEST(x.grad().to_vector() == (std::vector<float>{0, 1, 0, 1, 0, 0}),
             boost::test_tools::per_element());
}

namespace {

// Runs loss(params) in double and in float from the same values, and checks that the two
// agree: the loss to 1e-5, each gradient to 1e-4 of its largest element.
template <class Loss>
void check_float_agrees_with_double(const std::vector<TensorD>& values, Loss loss) {
  std::vector<TensorD> params_d;
  std::vector<Tensor> params_f;
  for (const TensorD& p : values) {
    params_d.push_back(p.to<double>().requires_grad(true));
    params_f.push_back(p.to<float>().requires_grad(true));
  }
  TensorD loss_d = loss(params_d);
  loss_d.backward();
  Tensor loss_f = loss(params_f);
  loss_f.backward();

  BOOST_TEST(loss_f.item() == loss_d.item(), boost::test_tools::tolerance(1e-5));
  for (std::size_t i = 0; i < params_d.size(); ++i) {
    const std::vector<float> gf = params_f[i].grad().to_vector();
    const std::vector<double> gd = params_d[i].grad().to_vector();
    double scale = 0, error = 0;
    for (std::size_t k = 0; k < gd.size(); ++k) {
      scale = std::max(scale, std::abs(gd[k]));
      error = std::max(error, std::abs(gd[k] - gf[k]));
    }
    BOOST_TEST(scale > 0, "parameter " << i << " got no gradient");
    BOOST_TEST(error <= 1e-4 * scale,
               "parameter " << i << ": error " << error << ", scale " << scale);
  }
}

}  // namespace

BOOST_AUTO_TEST_CASE(float_network_agrees_with_double) {
  // Training runs in float what the checks verify in double: the same step in both.
  Rng data_rng(9);
  const TensorD images = TensorD::uniform({8, 784}, data_rng);
  const TensorD targets = TensorD::from({8, 1}, {0, 1, 1, 0, 1, 0, 0, 1});
  check_float_agrees_with_double(
      cases::inputs_of(case_named("network[784-100-100-2-1,bce]")), [&](const auto& params) {
        using T = typename std::decay_t<decltype(params[0])>::value_type;
        return cases::original_network_loss(params, images.to<T>(), targets.to<T>());
      });
}

BOOST_AUTO_TEST_CASE(float_conv_chain_agrees_with_double) {
  // The convolution rows of the catalogue run in double; a LeNet trains in float.
  check_float_agrees_with_double(
      cases::inputs_of(case_named("conv-chain[conv,relu,pool,matmul]")),
      [](const auto& p) { return sum(tanh(cases::conv_chain(p[0], p[1], p[2], p[3]))); });
}

// ---- gradcheck catches a wrong backward.

namespace {

using detail::OpParams;

// sin with the derivative +sin instead of cos: the kind of slip gradcheck is for.
TensorD wrong_sin(const TensorD& x) {
  return detail::unary_op<double>(
      "wrong_sin", x, {}, [](double v, const OpParams<double>&) { return std::sin(v); },
      [](double v, double, double g, const OpParams<double>&) { return g * std::sin(v); });
}

TensorD right_sin(const TensorD& x) {
  return detail::unary_op<double>(
      "sin", x, {}, [](double v, const OpParams<double>&) { return std::sin(v); },
      [](double v, double, double g, const OpParams<double>&) { return g * std::cos(v); });
}

// Right but for a 1% error: more than rtol allows.
TensorD slightly_wrong_sin(const TensorD& x) {
  return detail::unary_op<double>(
      "slightly_wrong_sin", x, {}, [](double v, const OpParams<double>&) { return std::sin(v); },
      [](double v, double, double g, const OpParams<double>&) { return 1.01 * g * std::cos(v); });
}

}  // namespace

BOOST_AUTO_TEST_CASE(gradcheck_passes_a_correct_op_built_the_same_way) {
  Rng rng(5);
  const GradcheckReport report =
      gradcheck([](const std::vector<TensorD>& in) { return right_sin(in[0]); },
                {TensorD::randn({3, 4}, rng)});
  BOOST_TEST(report.passed, report.summary());
}

BOOST_AUTO_TEST_CASE(gradcheck_fails_a_wrong_derivative_and_names_the_worst_element) {
  Rng rng(5);
  const TensorD x = TensorD::randn({3, 4}, rng);
  const GradcheckReport report =
      gradcheck([](const std::vector<TensorD>& in) { return wrong_sin(in[0]) * 2.0; }, {x});
  BOOST_TEST(!report.passed);
  BOOST_REQUIRE(report.inputs.size() == 1u);
  const InputGradcheck& check = report.inputs[0];
  BOOST_TEST(!check.passed);
  BOOST_TEST(check.elements_checked == 12u);

  // The Jacobian is diagonal; the worst entry is the element furthest outside tolerance.
  const std::vector<double> v = x.to_vector();
  std::size_t worst = 0;
  double worst_ratio = -1;
  for (std::size_t i = 0; i < v.size(); ++i) {
    const double ratio = std::abs(2 * std::sin(v[i]) - 2 * std::cos(v[i])) /
                         (1e-5 + 1e-3 * std::abs(2 * std::cos(v[i])));
    if (ratio > worst_ratio) worst_ratio = ratio, worst = i;
  }
  BOOST_TEST(check.worst_input_element == worst);
  BOOST_TEST(check.worst_output_element == worst);
  BOOST_TEST(check.worst_analytic == 2 * std::sin(v[worst]), boost::test_tools::tolerance(1e-12));
  BOOST_TEST(check.worst_numeric == 2 * std::cos(v[worst]), boost::test_tools::tolerance(1e-6));
  BOOST_TEST(check.max_abs_error > 0.1);

  const std::string summary = report.summary();
  BOOST_TEST(summary.find("FAIL") != std::string::npos, summary);
  BOOST_TEST(summary.find("d in[" + std::to_string(worst) + "]") != std::string::npos, summary);
}

BOOST_AUTO_TEST_CASE(gradcheck_fails_a_one_percent_error) {
  Rng rng(6);
  const GradcheckReport report =
      gradcheck([](const std::vector<TensorD>& in) { return sum(slightly_wrong_sin(in[0])); },
                {TensorD::uniform({10}, rng, -1, 1)});
  BOOST_TEST(!report.passed, report.summary());
  BOOST_TEST(report.inputs[0].max_rel_error == 0.01, boost::test_tools::tolerance(1e-3));
}

BOOST_AUTO_TEST_CASE(gradcheck_fails_a_wrong_op_deep_inside_a_graph) {
  // The wrong op only in the middle of a composition, and only for one of two inputs.
  Rng rng(7);
  const GradcheckReport report = gradcheck(
      [](const std::vector<TensorD>& in) {
        return mean(tanh(matmul(in[0], wrong_sin(in[1])) + 1.0), 0);
      },
      {TensorD::randn({3, 4}, rng), TensorD::randn({4, 2}, rng)});
  BOOST_TEST(!report.passed);
  BOOST_TEST(report.inputs[0].passed);
  BOOST_TEST(!report.inputs[1].passed);
}

// ---- matmul split over a pool (ParallelOps): the same bits as on one thread, at the shapes
// the apps train at batch 50 (the write-up network's first two layers, a LeNet's 400x120
// layer) and one with an odd number of rows. The cut is where this machine's OpenBLAS
// kernels sum each element as one call does; a failure here means they do not.

namespace {

std::vector<float> matmul_results(std::size_t rows, std::size_t inner, std::size_t columns,
                                  bool parallel, bool input_grad) {
  ThreadPool pool(1);
  std::optional<ParallelOps> scope;
  if (parallel) scope.emplace(pool);
  Rng rng(11);
  Tensor x = Tensor::uniform({rows, inner}, rng, -1, 1).requires_grad(input_grad);
  Tensor w = Tensor::uniform({inner, columns}, rng, -1, 1).requires_grad(true);
  const Tensor y = matmul(x, w);
  std::vector<float> results(y.data(), y.data() + y.size());
  sum(mul(y, y)).backward();
  for (const Tensor& t : input_grad ? std::vector{x.grad(), w.grad()} : std::vector{w.grad()})
    results.insert(results.end(), t.data(), t.data() + t.size());
  return results;
}

}  // namespace

BOOST_AUTO_TEST_CASE(matmul_split_over_a_pool_gives_the_same_bits) {
  // One BLAS thread per call, as the apps, whose products run side by side (OpenBLAS's own
  // threads sum in another order); the suite's setting comes back after, however it ends.
  struct RestoredBlasThreads {
    int threads = blas_info().threads;
    ~RestoredBlasThreads() { set_blas_threads(threads); }
  } restored;
  set_blas_threads(1);
  struct Product {
    std::size_t rows, inner, columns;
    bool input_grad;
  };
  for (const Product p : {Product{50, 784, 100, false}, Product{50, 400, 120, true},
                          Product{50, 100, 100, true}, Product{777, 300, 60, true}}) {
    const std::vector<float> alone =
        matmul_results(p.rows, p.inner, p.columns, false, p.input_grad);
    const std::vector<float> split = matmul_results(p.rows, p.inner, p.columns, true, p.input_grad);
    BOOST_REQUIRE(alone.size() == split.size());
    std::size_t differing = 0;
    for (std::size_t i = 0; i < alone.size(); ++i) differing += alone[i] != split[i];
    BOOST_TEST(differing == 0u, p.rows << "x" << p.inner << " times " << p.inner << "x" << p.columns
                                       << ": " << differing << " values differ");
  }
}
