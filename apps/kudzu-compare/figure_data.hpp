// What the figures show, computed from trained models and the data: the network's
// embedding of the test set, its probabilities and mistakes, the regression's weights.
#pragma once

#include <optional>
#include <vector>

#include "figures.hpp"
#include "kudzu/metrics.hpp"
#include "kudzu/mnist.hpp"
#include "kudzu/nn.hpp"

namespace kudzu::compare {

// `network` must be the original 784-100-100-2-1 architecture; either model may be absent.
FigureData collect_figure_data(const DigitPair& data, int first_digit, int second_digit,
                               const std::optional<Model>& network,
                               const std::optional<Model>& regression,
                               const std::vector<EpochMetrics>& epochs,
                               const std::vector<BatchLoss>& batches);

}  // namespace kudzu::compare
