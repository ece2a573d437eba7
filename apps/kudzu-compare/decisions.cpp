#include "decisions.hpp"

#include <algorithm>
#include <span>

#include "kudzu/autograd.hpp"
#include "kudzu/error.hpp"

namespace kudzu::compare {
namespace {

// Rows per forward pass; the decisions do not depend on it.
constexpr std::size_t chunk_rows = 2000;

}  // namespace

Decisions decide(const Model& model, const Tensor& x) {
  NoGrad no_grad;
  Decisions decisions;
  const std::size_t rows = x.shape()[0], features = x.shape()[1];
  for (std::size_t first = 0; first < rows; first += chunk_rows) {
    const std::size_t count = std::min(chunk_rows, rows - first);
    const Tensor chunk = Tensor::from(
        {count, features}, std::span<const float>(x.data() + first * features, count * features));
    const Tensor output = model(chunk);  // {count, outputs}
    const std::size_t outputs = output.shape()[1];
    for (std::size_t row = 0; row < count; ++row) {
      const float* p = output.data() + row * outputs;
      if (outputs == 1) {
        decisions.classes.push_back(p[0] >= 0.5f ? 0 : 1);
        decisions.probabilities.push_back(p[0] >= 0.5f ? p[0] : 1 - p[0]);
      } else {
        const float* best = std::max_element(p, p + outputs);
        decisions.classes.push_back(static_cast<int>(best - p));
        decisions.probabilities.push_back(*best);
      }
    }
  }
  return decisions;
}

std::vector<int> classes_of(const std::vector<std::uint8_t>& digits,
                            const std::vector<int>& classes) {
  std::vector<int> result;
  result.reserve(digits.size());
  for (const std::uint8_t digit : digits) {
    const auto found = std::find(classes.begin(), classes.end(), digit);
    if (found == classes.end())
      throw UsageError("classes_of: digit " + std::to_string(digit) +
                       " is not one of the run's digits");
    result.push_back(static_cast<int>(found - classes.begin()));
  }
  return result;
}

Confusion confusion_matrix(const std::vector<int>& truth, const std::vector<int>& decided,
                           std::size_t classes) {
  if (truth.size() != decided.size())
    throw UsageError("confusion_matrix: " + std::to_string(truth.size()) + " true classes but " +
                     std::to_string(decided.size()) + " decisions");
  Confusion confusion{classes, std::vector<std::size_t>(classes * classes, 0)};
  const auto valid = [classes](int k) { return k >= 0 && static_cast<std::size_t>(k) < classes; };
  for (std::size_t i = 0; i < truth.size(); ++i) {
    if (!valid(truth[i]) || !valid(decided[i]))
      throw UsageError("confusion_matrix: row " + std::to_string(i) + " has class " +
                       std::to_string(truth[i]) + " decided as " + std::to_string(decided[i]) +
                       ", expected classes below " + std::to_string(classes));
    ++confusion.counts[static_cast<std::size_t>(truth[i]) * classes + decided[i]];
  }
  return confusion;
}

}  // namespace kudzu::compare
