// Two digits out of MNIST, as tensors.
#include "kudzu/mnist.hpp"

#include <algorithm>
#include <string>

#include "kudzu/error.hpp"

namespace kudzu {
namespace {

void check_digits(const char* function, int a, int b) {
  const auto is_digit = [](int digit) { return digit >= 0 && digit <= 9; };
  if (!is_digit(a) || !is_digit(b) || a == b) {
    throw UsageError(std::string(function) + ": expected two different digits from 0 to 9, got " +
                     std::to_string(a) + " and " + std::to_string(b));
  }
}

// NAME, else NAME.gz, in dir.
std::filesystem::path find_file(const std::filesystem::path& dir, const std::string& name) {
  const std::filesystem::path raw = dir / name, compressed = dir / (name + ".gz");
  if (std::filesystem::exists(raw)) return raw;
  if (std::filesystem::exists(compressed)) return compressed;
  throw DataError(raw.string() + ": no such file, nor " + compressed.filename().string());
}

// MNIST labels are digits; a larger byte means a damaged or foreign file, which would
// otherwise just drop out of every digit pair unnoticed.
void check_labels_are_digits(const IdxLabels& labels, const std::filesystem::path& file) {
  const auto wrong = std::find_if(labels.labels.begin(), labels.labels.end(),
                                  [](std::uint8_t label) { return label > 9; });
  if (wrong == labels.labels.end()) return;
  throw DataError(file.string() + ": label " + std::to_string(wrong - labels.labels.begin()) +
                  " is " + std::to_string(*wrong) + ", expected a digit from 0 to 9");
}

// One of the two splits: "train" or "t10k".
DigitSet load_split(const std::filesystem::path& dir, const std::string& split, int a, int b) {
  try {
    const auto images_file = find_file(dir, split + "-images-idx3-ubyte");
    const auto labels_file = find_file(dir, split + "-labels-idx1-ubyte");
    const IdxImages images = read_idx_images(images_file);
    const IdxLabels labels = read_idx_labels(labels_file);
    check_same_count(images, labels, images_file, labels_file);
    check_labels_are_digits(labels, labels_file);
    return filter_digits(images, labels, a, b);
  } catch (const DataError& error) {
    throw DataError(std::string(error.what()) + "; run scripts/fetch-mnist.sh");
  }
}

}  // namespace

DigitSet filter_digits(const IdxImages& images, const IdxLabels& labels, int a, int b) {
  check_digits("filter_digits", a, b);
  if (images.count != labels.labels.size()) {
    throw UsageError("filter_digits: " + std::to_string(images.count) + " images but " +
                     std::to_string(labels.labels.size()) + " labels");
  }
  if (images.pixels.size() != images.count * images.rows * images.cols) {
    throw UsageError("filter_digits: " + std::to_string(images.count) + " images of " +
                     std::to_string(images.rows) + "x" + std::to_string(images.cols) +
                     " pixels need " + std::to_string(images.count * images.rows * images.cols) +
                     " pixel values but there are " + std::to_string(images.pixels.size()));
  }
  const auto kept = [a, b](std::uint8_t label) { return label == a || label == b; };
  const std::size_t count = std::count_if(labels.labels.begin(), labels.labels.end(), kept);
  const std::size_t features = images.rows * images.cols;

  DigitSet set{Tensor::empty({count, features}), Tensor::empty({count, 1}), {}};
  set.digits.reserve(count);
  float* x = set.x.data();
  float* y = set.y.data();
  for (std::size_t image = 0; image < images.count; ++image) {
    const std::uint8_t label = labels.labels[image];
    if (!kept(label)) continue;
    const std::uint8_t* pixels = images.pixels.data() + image * features;
    x = std::transform(pixels, pixels + features, x,
                       [](std::uint8_t pixel) { return static_cast<float>(pixel) / 255.0f; });
    *y++ = label == a ? 1.0f : 0.0f;
    set.digits.push_back(label);
  }
  return set;
}

DigitPair load_digit_pair(const std::filesystem::path& dir, int a, int b) {
  check_digits("load_digit_pair", a, b);  // before reading 55 MB
  DigitSet train = load_split(dir, "train", a, b);
  DigitSet test = load_split(dir, "t10k", a, b);
  return {std::move(train.x), std::move(train.y),      std::move(test.x),
          std::move(test.y),  std::move(train.digits), std::move(test.digits)};
}

}  // namespace kudzu
