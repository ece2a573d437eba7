// Optimizers against update values worked out by hand for two steps, with gradients written
// straight into the parameters' gradient storage so that only the update rule is under test.
#define BOOST_TEST_MODULE optim
#include "kudzu/optim.hpp"

#include <boost/test/unit_test.hpp>
#include <optional>
#include <vector>

#include "kudzu/autograd.hpp"
#include "kudzu/error.hpp"
#include "kudzu/loss.hpp"
#include "kudzu/ops.hpp"
#include "kudzu/thread_pool.hpp"

namespace {

using namespace kudzu;
using boost::test_tools::tolerance;

// One Affine layer: w {2,1} = [1, -2] and b {1,1} = [0.5].
Model two_parameter_model() {
  return Model({Affine("a", Tensor::from({2, 1}, {1, -2}), Tensor::from({1, 1}, {0.5f}))});
}

void set_gradients(Model& model, std::vector<float> w_grad, float b_grad) {
  Tensor gw = model.params_and_grads()[0].gradient, gb = model.params_and_grads()[1].gradient;
  gw.copy_(Tensor::from({2, 1}, {w_grad[0], w_grad[1]}));
  gb.fill_(b_grad);
}

std::vector<float> values_of(const Model& model) {
  std::vector<float> values = model.parameters()[0].value.to_vector();
  values.push_back(model.parameters()[1].value.item());
  return values;
}

void check_values(const Model& model, const std::vector<float>& expected) {
  BOOST_TEST(values_of(model) == expected, tolerance(1e-6f) << boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(gradient_descent_subtracts_the_scaled_gradient) {
  Model model = two_parameter_model();
  GD opt(0.1f);
  set_gradients(model, {0.5f, -1.0f}, 2.0f);
  opt.step(model);
  check_values(model, {1 - 0.05f, -2 + 0.1f, 0.5f - 0.2f});
  set_gradients(model, {-0.25f, 0.0f}, 1.0f);
  opt.step(model);
  check_values(model, {0.95f + 0.025f, -1.9f, 0.3f - 0.1f});
}

BOOST_AUTO_TEST_CASE(momentum_accumulates_a_velocity) {
  Model model = two_parameter_model();
  Momentum opt(0.1f, 0.9f);
  // Step 1: v = g; p -= 0.1 v.
  set_gradients(model, {0.5f, -1.0f}, 2.0f);
  opt.step(model);
  check_values(model, {0.95f, -1.9f, 0.3f});
  // Step 2: v = 0.9 v + g = [0.45 - 0.25, -0.9 + 0, 1.8 + 1] = [0.2, -0.9, 2.8].
  set_gradients(model, {-0.25f, 0.0f}, 1.0f);
  opt.step(model);
  check_values(model, {0.95f - 0.02f, -1.9f + 0.09f, 0.3f - 0.28f});
}

BOOST_AUTO_TEST_CASE(adam_scales_by_bias_corrected_moments) {
  Model model = two_parameter_model();
  Adam opt(0.1f, 0.9f, 0.999f, 1e-8f);
  // Step 1: m = 0.1 g, v = 0.001 g^2; corrected m / sqrt(v) = g / |g|: each parameter moves
  // by lr against the sign of its gradient (eps shifts it by 1e-8 relative).
  set_gradients(model, {0.5f, -1.0f}, 2.0f);
  opt.step(model);
  check_values(model, {0.9f, -1.9f, 0.4f});
  // Step 2, first weight: g = -0.25; m = 0.9 * 0.05 - 0.025 = 0.02;
  // v = 0.999 * 0.00025 + 0.001 * 0.0625 = 0.00031225; 1 - 0.9^2 = 0.19; 1 - 0.999^2 = 0.001999;
  // p = 0.9 - 0.1 * (0.02 / 0.19) / sqrt(0.00031225 / 0.001999) = 0.9 - 0.0266337 = 0.8733663.
  // Second weight: g = 0; m = -0.09, v = 0.000999; p = -1.9 + 0.1 * (0.09 / 0.19) /
  // sqrt(0.000999 / 0.001999) = -1.9 + 0.0670058 = -1.8329942.
  // Bias: g = 1; m = 0.28, v = 0.004996; p = 0.4 - 0.1 * (0.28 / 0.19) / sqrt(0.004996 /
  // 0.001999) = 0.4 - 0.0932180 = 0.3067820.
  set_gradients(model, {-0.25f, 0.0f}, 1.0f);
  opt.step(model);
  check_values(model, {0.8733663f, -1.8329942f, 0.3067820f});
}

BOOST_AUTO_TEST_CASE(a_step_records_nothing_and_zero_grad_clears_gradients) {
  Model model = two_parameter_model();
  Adam opt(0.01f);
  Tensor loss = MSE()(model(Tensor::from({1, 2}, {1, 1})), Tensor::from({1, 1}, {3}));
  loss.backward();
  BOOST_TEST(model.params_and_grads()[1].gradient.item() != 0.0f);
  opt.step(model);
  BOOST_TEST(tape_size() == 0u);
  opt.zero_grad(model);
  for (const ParameterAndGradient& p : model.params_and_grads())
    for (float g : p.gradient.to_vector()) BOOST_TEST(g == 0.0f);
}

BOOST_AUTO_TEST_CASE(a_step_before_backward_is_refused) {
  Model model = two_parameter_model();
  GD opt(0.1f);
  Tensor loss = MSE()(model(Tensor::from({1, 2}, {1, 1})), Tensor::from({1, 1}, {3}));
  const std::vector<float> before = values_of(model);
  BOOST_CHECK_EXCEPTION(opt.step(model), UsageError, [](const UsageError& e) {
    return std::string(e.what()).find("parameter a.w is read by a recorded graph") !=
           std::string::npos;
  });
  check_values(model, before);  // nothing was updated
  loss.backward();
  opt.step(model);
  BOOST_TEST(values_of(model) != before);
}

BOOST_AUTO_TEST_CASE(each_optimizer_lowers_the_loss_of_a_small_regression) {
  Rng rng(3);
  const Tensor x = Tensor::randn({20, 3}, rng);
  const Tensor y = matmul(x, Tensor::from({3, 1}, {1, -2, 0.5f})) + 1.0f;
  GD gd(0.05f);
  Momentum momentum(0.02f);
  Adam adam(0.05f);
  for (Optimizer* opt : std::vector<Optimizer*>{&gd, &momentum, &adam}) {
    Model model({Affine("a", 3, 1, rng)});
    const float first = MSE()(model(x), y).item();
    float last = first;
    for (int step = 0; step < 50; ++step) {
      Tensor loss = MSE()(model(x), y);
      last = loss.item();
      loss.backward();
      opt->step(model);
      opt->zero_grad(model);
    }
    BOOST_TEST(last < 0.2f * first);
  }
  clear_tape();
}

// Inside a ParallelOps scope a large parameter is updated in two halves (for_each_half): the
// same values, bit for bit, for each optimizer.
BOOST_AUTO_TEST_CASE(updates_in_halves_over_a_pool_give_the_same_bits) {
  const auto trained = [](Optimizer& opt, ThreadPool* pool) {
    Rng rng(5);
    const Tensor x = Tensor::randn({8, 200}, rng);
    const Tensor y = Tensor::randn({8, 100}, rng);
    Model model({Affine("a", 200, 100, rng)});  // w: 20,000 values, split in two
    std::optional<ParallelOps> parallel;
    if (pool) parallel.emplace(*pool);
    for (int step = 0; step < 3; ++step) {
      Tensor loss = MSE()(model(x), y);
      loss.backward();
      opt.step(model);
      opt.zero_grad(model);
    }
    return model.parameters()[0].value.to_vector();
  };
  ThreadPool pool(1);
  GD gd(0.05f), gd_in_halves(0.05f);
  Momentum momentum(0.02f), momentum_in_halves(0.02f);
  Adam adam(0.05f), adam_in_halves(0.05f);
  BOOST_TEST((trained(gd, nullptr) == trained(gd_in_halves, &pool)));
  BOOST_TEST((trained(momentum, nullptr) == trained(momentum_in_halves, &pool)));
  BOOST_TEST((trained(adam, nullptr) == trained(adam_in_halves, &pool)));
}

BOOST_AUTO_TEST_CASE(an_optimizer_refuses_a_model_of_other_shapes) {
  Model model = two_parameter_model();
  Momentum opt(0.1f);
  opt.step(model);
  Model other({Affine("a", 3, 1)});
  BOOST_CHECK_THROW(opt.step(other), UsageError);
}

}  // namespace
