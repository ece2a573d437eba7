#include "kudzu/optim.hpp"

#include <cblas.h>

#include <cmath>
#include <string>

#include "kudzu/autograd.hpp"
#include "kudzu/error.hpp"
#include "kudzu/thread_pool.hpp"

namespace kudzu {

Optimizer::Optimizer(float learning_rate) : learning_rate_(learning_rate) {}

void Optimizer::step(Model& model) {
  NoGrad no_grad;
  start_step();
  const std::vector<ParameterAndGradient>& parameters = model.params_and_grads();
  for (std::size_t i = 0; i < parameters.size(); ++i)
    if (parameters[i].parameter.read_by_pending_graph())
      throw UsageError("optimizer step: parameter " + model.parameters()[i].name +
                       " is read by a recorded graph that backward() has not swept yet; "
                       "updating it now would corrupt that graph's gradients (call backward() "
                       "or clear_tape() first)");
  for (std::size_t i = 0; i < parameters.size(); ++i) {
    Tensor parameter = parameters[i].parameter;
    const Tensor& gradient = parameters[i].gradient;
    update(i, {parameter.data(), parameter.size()}, {gradient.data(), gradient.size()});
  }
}

std::span<float> Optimizer::state(std::vector<std::vector<float>>& slots, std::size_t index,
                                  std::size_t size) {
  if (index == slots.size()) slots.emplace_back(size, 0.0f);
  std::vector<float>& slot = slots[index];
  if (slot.size() != size)
    throw UsageError("optimizer step: parameter " + std::to_string(index) + " has " +
                     std::to_string(size) + " values, but the optimizer's state for it has " +
                     std::to_string(slot.size()) + " (an optimizer serves one model)");
  return slot;
}

GD::GD(float learning_rate) : Optimizer(learning_rate) {}

void GD::update(std::size_t, std::span<float> parameter, std::span<const float> gradient) {
  // p -= lr * g as BLAS's axpy: its kernel uses the CPU's widest vectors, where the library
  // itself is built for baseline x86-64 (measured: 13 us -> 7 us for all parameters of the
  // original network, one thread). In halves over a ParallelOps pool, as the other updates.
  for_each_half(parameter.size(), [&](std::size_t begin, std::size_t end) {
    cblas_saxpy(static_cast<int>(end - begin), -learning_rate(), gradient.data() + begin, 1,
                parameter.data() + begin, 1);
  });
}

Momentum::Momentum(float learning_rate, float beta) : Optimizer(learning_rate), beta_(beta) {}

void Momentum::update(std::size_t index, std::span<float> parameter,
                      std::span<const float> gradient) {
  float* v = state(velocity_, index, parameter.size()).data();
  float* p = parameter.data();
  const float* g = gradient.data();
  const float lr = learning_rate(), beta = beta_;
  for_each_half(parameter.size(), [=](std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < end; ++i) {
      v[i] = beta * v[i] + g[i];
      p[i] -= lr * v[i];
    }
  });
}

Adam::Adam(float learning_rate, float beta1, float beta2, float eps)
    : Optimizer(learning_rate), beta1_(beta1), beta2_(beta2), eps_(eps) {}

void Adam::start_step() {
  ++steps_;
  // In double: beta^t for large t underflows gracefully, and the corrections stay exact.
  const double t = static_cast<double>(steps_);
  step_size_ = static_cast<float>(learning_rate() / (1.0 - std::pow(double(beta1_), t)));
  second_moment_scale_ = static_cast<float>(std::sqrt(1.0 - std::pow(double(beta2_), t)));
}

void Adam::update(std::size_t index, std::span<float> parameter, std::span<const float> gradient) {
  float* m = state(first_moment_, index, parameter.size()).data();
  float* v = state(second_moment_, index, parameter.size()).data();
  float* p = parameter.data();
  const float* g = gradient.data();
  // The settings in locals: read through `this`, they could alias the stores, which would
  // keep the loop scalar (its square root and divisions were 5% of a LeNet epoch).
  const float beta1 = beta1_, beta2 = beta2_, eps = eps_;
  const float step_size = step_size_, second_moment_scale = second_moment_scale_;
  for_each_half(parameter.size(), [=](std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < end; ++i) {
      m[i] = beta1 * m[i] + (1 - beta1) * g[i];
      v[i] = beta2 * v[i] + (1 - beta2) * g[i] * g[i];
      p[i] -= step_size * m[i] / (std::sqrt(v[i]) / second_moment_scale + eps);
    }
  });
}

}  // namespace kudzu
