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
  Tensor x;  // {N, rows * cols}, pixels / 255
  Tensor y;  // {N, 1}: filter_digits: 1 for a, 0 for b; select_digits: class index
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

// Several digits as classes: keeps the images of `digits` (at least two, all different, each
// from 0 to 9; else UsageError) and labels each with its class index, the position of its
// digit in `digits`: {4, 7, 9} labels the 4s 0, the 7s 1 and the 9s 2. y is {N, 1}.
DigitSet select_digits(const IdxImages& images, const IdxLabels& labels,
                       const std::vector<int>& digits);
DigitPair load_digits(const std::filesystem::path& dir, const std::vector<int>& digits);

}  // namespace kudzu
