// MNIST as the original experiment uses it: two digits out of ten, pixels scaled to [0, 1]
// and flattened, the first digit labelled 1 and the second 0.
//
//   DigitPair data = load_digit_pair("data/mnist", 3, 8);  // threes (1) against eights (0)
//   Data train_data(data.x_train, data.y_train);           // {11982, 784} and {11982, 1}
//
// The files come from scripts/fetch-mnist.sh; see idx.hpp for the format and its checks.
#pragma once

#include <cstdint>
#include <filesystem>
#include <vector>

#include "kudzu/idx.hpp"
#include "kudzu/tensor.hpp"

namespace kudzu {

// The images of two digits, in the order of the file.
struct DigitSet {
  Tensor x;                          // {N, rows * cols}, pixels / 255
  Tensor y;                          // {N, 1}: 1 for the first digit, 0 for the second
  std::vector<std::uint8_t> digits;  // the digit each row shows
};

// Keeps the images labelled a or b. Throws UsageError unless a and b are two different digits
// from 0 to 9, or when there is not one label per image.
DigitSet filter_digits(const IdxImages& images, const IdxLabels& labels, int a, int b);

struct DigitPair {
  Tensor x_train, y_train, x_test, y_test;
  std::vector<std::uint8_t> digits_train, digits_test;  // the digit each row shows
};

// Reads the four MNIST files from dir (each raw, or gzip-compressed as NAME.gz) and keeps the
// digits a and b, as filter_digits does. A missing or damaged file is a DataError whose
// message names it and says to run scripts/fetch-mnist.sh.
DigitPair load_digit_pair(const std::filesystem::path& dir, int a, int b);

}  // namespace kudzu
