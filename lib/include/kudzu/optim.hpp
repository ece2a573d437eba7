// Optimizers: each is handed the model at every step (opt.step(model)), as in the original,
// and writes only its update rule. Updates happen in place, record nothing on the tape, and
// allocate nothing after the first step (which creates any state, zero-filled).
//
//   GD opt(0.001f);
//   loss(model(xb), yb).backward();
//   opt.step(model);        // p -= lr * grad, for every parameter
//   opt.zero_grad(model);
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "kudzu/nn.hpp"

namespace kudzu {

class Optimizer {
 public:
  explicit Optimizer(float learning_rate);
  virtual ~Optimizer() = default;

  // Updates every parameter of `model` from its gradient, under NoGrad. The optimizer's
  // state follows model.params_and_grads() by position: UsageError if a later step sees a
  // model whose parameters have other sizes.
  void step(Model& model);
  void zero_grad(Model& model) { model.zero_grad(); }

  float learning_rate() const { return learning_rate_; }
  void set_learning_rate(float learning_rate) { learning_rate_ = learning_rate; }

 protected:
  // Called once at the start of each step, before the updates.
  virtual void start_step() {}
  // Updates parameter number `index` in place from its gradient.
  virtual void update(std::size_t index, std::span<float> parameter,
                      std::span<const float> gradient) = 0;
  // Per-parameter state of `size` values (a velocity, a moment): zero-filled on the first
  // step, the same storage on every later one.
  std::span<float> state(std::vector<std::vector<float>>& slots, std::size_t index,
                         std::size_t size);

 private:
  float learning_rate_;
};

// Plain gradient descent, as the original: p -= lr * g.
class GD final : public Optimizer {
 public:
  explicit GD(float learning_rate);

 private:
  void update(std::size_t index, std::span<float> parameter,
              std::span<const float> gradient) override;
};

// Gradient descent with momentum, as PyTorch's SGD writes it:
// v = beta * v + g;  p -= lr * v  (v starts at zero).
class Momentum final : public Optimizer {
 public:
  explicit Momentum(float learning_rate, float beta = 0.9f);

 private:
  void update(std::size_t index, std::span<float> parameter,
              std::span<const float> gradient) override;
  float beta_;
  std::vector<std::vector<float>> velocity_;
};

// Adam (Kingma and Ba), as PyTorch writes it: at step t (from 1),
// m = beta1 * m + (1 - beta1) * g;  v = beta2 * v + (1 - beta2) * g^2;
// p -= lr / (1 - beta1^t) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps).
class Adam final : public Optimizer {
 public:
  explicit Adam(float learning_rate, float beta1 = 0.9f, float beta2 = 0.999f, float eps = 1e-8f);

 private:
  void start_step() override;
  void update(std::size_t index, std::span<float> parameter,
              std::span<const float> gradient) override;
  float beta1_, beta2_, eps_;
  std::uint64_t steps_ = 0;
  // The bias corrections of the current step: lr / (1 - beta1^t) and sqrt(1 - beta2^t).
  float step_size_ = 0, second_moment_scale_ = 0;
  std::vector<std::vector<float>> first_moment_, second_moment_;
};

}  // namespace kudzu
