// What the figures show, computed from trained models and the data: the network's
// embedding of the test set, its decisions and mistakes, both models' confusion matrices,
// the regression's weights.
#pragma once

#include <filesystem>
#include <optional>
#include <vector>

#include "figures.hpp"
#include "kudzu/metrics.hpp"
#include "kudzu/mnist.hpp"
#include "kudzu/nn.hpp"

namespace kudzu::compare {

// The images of a run's digits: two as load_digit_pair labels them (1 for the first, 0 for
// the second), more as load_digits does (class indices in the order given).
DigitPair load_run_data(const std::filesystem::path& dir, const std::vector<int>& digits);

// `network` must be the network of original_network for these digits (its embedding figures need a
// bottleneck of width 2); either model may be absent.
FigureData collect_figure_data(const DigitPair& data, const std::vector<int>& digits,
                               const std::optional<Model>& network,
                               const std::optional<Model>& regression,
                               const std::vector<EpochMetrics>& epochs,
                               const std::vector<BatchLoss>& batches);

}  // namespace kudzu::compare
