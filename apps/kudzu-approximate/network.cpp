#include "network.hpp"

#include <cmath>
#include <memory>
#include <numbers>

#include "kudzu/autograd.hpp"
#include "kudzu/error.hpp"
#include "kudzu/loss.hpp"
#include "kudzu/optim.hpp"
#include "kudzu/rng.hpp"

namespace kudzu::approximate {
namespace {

Layer activation_layer(const std::string& activation) {
  if (activation == "sigmoid") return Sigmoid("sigmoid");
  if (activation == "tanh") return Tanh("tanh");
  if (activation == "relu") return Relu("relu");
  throw UsageError("make_network: unknown activation '" + activation + "'");
}

std::unique_ptr<Optimizer> make_optimizer(const Training& training) {
  if (training.optimizer == "gd") return std::make_unique<GD>(training.learning_rate);
  if (training.optimizer == "momentum") return std::make_unique<Momentum>(training.learning_rate);
  if (training.optimizer == "adam") return std::make_unique<Adam>(training.learning_rate);
  throw UsageError("train: unknown optimizer '" + training.optimizer + "'");
}

double activate(const std::string& activation, double z) {
  if (activation == "sigmoid") return 1 / (1 + std::exp(-z));
  if (activation == "tanh") return std::tanh(z);
  return z > 0 ? z : 0;  // relu
}

}  // namespace

double learning_rate_at(int step, int steps, float learning_rate) {
  const double half = steps / 2.0;
  if (step < half) return learning_rate;
  return learning_rate * 0.5 * (1 + std::cos(std::numbers::pi * (step - half) / (steps - half)));
}

namespace {

// A column {n,1} of floats.
Tensor column(std::span<const double> values) {
  const std::vector<float> floats(values.begin(), values.end());
  return Tensor::from({values.size(), 1}, std::span<const float>(floats));
}

}  // namespace

Model make_network(int units, const std::string& activation, double low, double high,
                   std::uint64_t seed) {
  // A relu's kink has no width: its slope only scales its piece (see network.hpp).
  constexpr double relu_slope = 5;
  Rng rng(seed);
  const auto width = static_cast<std::size_t>(units);
  std::vector<float> w(width), b(width);
  for (std::size_t i = 0; i < width; ++i) {
    const double centre = low + (high - low) * (static_cast<double>(i) + 0.5) / units;
    const double scale = activation == "relu" ? relu_slope : units;
    const double slope = scale / (high - low) * (0.5 + rng.uniform());
    w[i] = static_cast<float>(rng.uniform() < 0.5 ? -slope : slope);
    b[i] = static_cast<float>(-w[i] * centre);
  }
  const Affine hidden("hidden", Tensor::from({1, width}, std::span<const float>(w)),
                      Tensor::from({1, width}, std::span<const float>(b)));
  return Model({hidden, activation_layer(activation), Affine("output", width, 1, rng)});
}

TrainingSet sample_training_set(double (*f)(double), double low, double high, int samples) {
  TrainingSet set;
  for (int k = 0; k < samples; ++k) {
    const double x = k == samples - 1 ? high : low + (high - low) * k / (samples - 1);
    set.x.push_back(x);
    set.y.push_back(f(x));
  }
  return set;
}

std::vector<double> train(Model& model, const TrainingSet& set, const Training& training,
                          ProgressBar* progress) {
  const Tensor x = column(set.x), y = column(set.y);
  const MSE loss;
  const std::unique_ptr<Optimizer> optimizer = make_optimizer(training);
  std::vector<double> losses;
  losses.reserve(static_cast<std::size_t>(training.steps));
  if (progress) progress->start("training", static_cast<std::size_t>(training.steps));
  for (int step = 0; step < training.steps; ++step) {
    optimizer->set_learning_rate(
        static_cast<float>(learning_rate_at(step, training.steps, training.learning_rate)));
    Tensor value = loss(model(x), y);
    const float current = value.item();
    if (!std::isfinite(current)) {
      if (progress) progress->finish();
      throw Error("the loss is " + std::to_string(current) + " at step " +
                  std::to_string(step + 1) + " of " + std::to_string(training.steps) +
                  ": training diverged; try a smaller --lr");
    }
    losses.push_back(current);
    value.backward();
    optimizer->step(model);
    optimizer->zero_grad(model);
    if (progress) progress->advance();
  }
  if (progress) progress->finish();
  return losses;
}

std::vector<double> predict(const Model& model, std::span<const double> xs) {
  NoGrad no_grad;
  const std::vector<float> out = model(column(xs)).to_vector();
  return {out.begin(), out.end()};
}

Pieces take_apart(const Model& model, std::span<const double> xs) {
  const std::vector<Layer>& layers = model.layers();
  const bool shaped = layers.size() == 3 && layers[0].kind() == "affine" &&
                      layers[2].kind() == "affine" && layers[0].parameter("w").shape()[0] == 1 &&
                      layers[2].parameter("w").shape()[1] == 1;
  if (!shaped) throw UsageError("take_apart: expected Affine(1,N), an activation, Affine(N,1)");
  Pieces pieces;
  pieces.activation = std::string(layers[1].kind());
  if (pieces.activation != "sigmoid" && pieces.activation != "tanh" && pieces.activation != "relu")
    throw UsageError("take_apart: the activation is " + pieces.activation +
                     ", not sigmoid, tanh or relu");
  const std::vector<float> w = layers[0].parameter("w").to_vector();
  const std::vector<float> b = layers[0].parameter("b").to_vector();
  const std::vector<float> v = layers[2].parameter("w").to_vector();
  pieces.w.assign(w.begin(), w.end());
  pieces.b.assign(b.begin(), b.end());
  pieces.v.assign(v.begin(), v.end());
  pieces.output_bias = layers[2].parameter("b").item();
  pieces.sum.assign(xs.size(), pieces.output_bias);
  for (std::size_t i = 0; i < w.size(); ++i) {
    std::vector<double>& unit = pieces.units.emplace_back(xs.size());
    for (std::size_t k = 0; k < xs.size(); ++k) {
      unit[k] = pieces.v[i] * activate(pieces.activation, pieces.w[i] * xs[k] + pieces.b[i]);
      pieces.sum[k] += unit[k];
    }
  }
  return pieces;
}

}  // namespace kudzu::approximate
