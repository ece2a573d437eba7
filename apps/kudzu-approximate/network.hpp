// The network of the universal approximation theorem: one hidden layer of units, each
// v_i * act(w_i x + b_i), summed with an output bias. Built, trained (full batch, MSE) and
// taken apart into its units with the library's Model, MSE and optimizers.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "kudzu/nn.hpp"
#include "kudzu/progress.hpp"

namespace kudzu::approximate {

// Affine("hidden", 1, units) -> activation -> Affine("output", units, 1), seeded with `seed`.
// The hidden units start as steps spread over the training range [low, high], as in
// Nielsen's visual proof: unit i switches at c_i = low + (i + 1/2) (high - low) / units
// (b_i = -w_i c_i), with a slope |w_i| of units / (high - low) times a uniform draw from
// [0.5, 1.5) and a random sign, so that each step is about as wide as the space between
// two. A relu unit has no step to make narrow, and its slope only scales its piece: there
// |w_i| is 5 / (high - low) times the draw, which keeps the pieces near the target's size
// (wiggly, 50 relu units: slopes as for a sigmoid give pieces of ±40 that cancel, and max
// |error| 0.050 inside, against 0.019). The output layer is the library's (Glorot-normal weights,
// zero bias). The library's own hidden layer would start every unit at x = 0 (zero biases) with
// gentle slopes; from there, sin on [-pi, pi] with 20 units and Adam at lr 0.01 reaches max |error|
// 0.033 in 5000 steps (seed 42), against 0.0038 from the spread start. `activation` is "sigmoid",
// "tanh" or "relu" (UsageError otherwise).
Model make_network(int units, const std::string& activation, double low, double high,
                   std::uint64_t seed);

struct TrainingSet {
  std::vector<double> x, y;
};

// `samples` points evenly spaced over [low, high], both ends included, and f at each.
TrainingSet sample_training_set(double (*f)(double), double low, double high, int samples);

struct Training {
  int steps = 20000;
  std::string optimizer = "adam";  // gd | momentum | adam
  float learning_rate = 0.01f;
};

// The learning rate of step `step` (from 0) of `steps`: `learning_rate` for the first half,
// then down to 0 along half a cosine. Without the decay, Adam's last step lands wherever an
// oscillation of the loss happens to be: sin, 20 units, 10000 steps, seed 1 ends at max
// |error| 0.0115 inside at a constant rate, 0.0028 with the decay.
double learning_rate_at(int step, int steps, float learning_rate);

// Trains the model on the whole set at every step (full batch), at learning_rate_at, and
// returns the loss of each step (before its update). kudzu::Error when the loss stops being finite
// (the learning rate is too large). `progress` (optional) advances once a step.
std::vector<double> train(Model& model, const TrainingSet& set, const Training& training,
                          ProgressBar* progress = nullptr);

// The model's output at each x, under NoGrad.
std::vector<double> predict(const Model& model, std::span<const double> xs);

// The model taken apart: unit i contributes v_i * act(w_i x + b_i), and the model's output
// is the sum of the contributions plus the output bias.
struct Pieces {
  std::string activation;       // "sigmoid", "tanh" or "relu"
  std::vector<double> w, b, v;  // per unit: input weight, bias, output weight
  double output_bias = 0;
  std::vector<std::vector<double>> units;  // units[i][k]: unit i's contribution at xs[k]
  std::vector<double> sum;                 // the contributions' sum plus the output bias
};

// From the trained parameters of a make_network model (or one loaded from its file),
// computed in double precision. UsageError for a model of another shape.
Pieces take_apart(const Model& model, std::span<const double> xs);

}  // namespace kudzu::approximate
