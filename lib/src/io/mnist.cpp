// Two digits out of MNIST, as tensors.
#include "kudzu/mnist.hpp"

#include <algorithm>
#include <array>
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

void check_digit_list(const char* function, const std::vector<int>& digits) {
  std::string list;
  for (const int digit : digits) {
    if (!list.empty()) list += ',';
    list += std::to_string(digit);
  }
  std::vector<int> sorted = digits;
  std::sort(sorted.begin(), sorted.end());
  if (digits.size() < 2 || sorted.front() < 0 || sorted.back() > 9 ||
      std::adjacent_find(sorted.begin(), sorted.end()) != sorted.end())
    throw UsageError(std::string(function) +
                     ": expected two or more different digits from 0 to 9, got {" + list + "}");
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

// One of the two splits: "train" or "t10k", kept by `keep`.
template <class Keep>
DigitSet load_split(const std::filesystem::path& dir, const std::string& split, Keep keep) {
  try {
    const auto images_file = find_file(dir, split + "-images-idx3-ubyte");
    const auto labels_file = find_file(dir, split + "-labels-idx1-ubyte");
    const IdxImages images = read_idx_images(images_file);
    const IdxLabels labels = read_idx_labels(labels_file);
    check_same_count(images, labels, images_file, labels_file);
    check_labels_are_digits(labels, labels_file);
    return keep(images, labels);
  } catch (const DataError& error) {
    throw DataError(std::string(error.what()) + "; run scripts/fetch-mnist.sh");
  }
}

// The label each digit gets: -1 drops its images.
using LabelOf = std::array<int, 10>;

// The images whose digit has a label, with that label, after checking that images and
// labels go together (errors name `function`).
DigitSet gather(const char* function, const IdxImages& images, const IdxLabels& labels,
                const LabelOf& label_of) {
  if (images.count != labels.labels.size()) {
    throw UsageError(std::string(function) + ": " + std::to_string(images.count) + " images but " +
                     std::to_string(labels.labels.size()) + " labels");
  }
  if (images.pixels.size() != images.count * images.rows * images.cols) {
    throw UsageError(std::string(function) + ": " + std::to_string(images.count) + " images of " +
                     std::to_string(images.rows) + "x" + std::to_string(images.cols) +
                     " pixels need " + std::to_string(images.count * images.rows * images.cols) +
                     " pixel values but there are " + std::to_string(images.pixels.size()));
  }
  const auto kept = [&](std::uint8_t label) { return label <= 9 && label_of[label] >= 0; };
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
    *y++ = static_cast<float>(label_of[label]);
    set.digits.push_back(label);
  }
  return set;
}

}  // namespace

DigitSet filter_digits(const IdxImages& images, const IdxLabels& labels, int a, int b) {
  check_digits("filter_digits", a, b);
  LabelOf label_of;
  label_of.fill(-1);
  label_of[static_cast<std::size_t>(a)] = 1;
  label_of[static_cast<std::size_t>(b)] = 0;
  return gather("filter_digits", images, labels, label_of);
}

DigitSet select_digits(const IdxImages& images, const IdxLabels& labels,
                       const std::vector<int>& digits) {
  check_digit_list("select_digits", digits);
  LabelOf label_of;
  label_of.fill(-1);
  for (std::size_t k = 0; k < digits.size(); ++k)
    label_of[static_cast<std::size_t>(digits[k])] = static_cast<int>(k);
  return gather("select_digits", images, labels, label_of);
}

DigitPair load_digit_pair(const std::filesystem::path& dir, int a, int b) {
  check_digits("load_digit_pair", a, b);  // before reading 55 MB
  const auto keep = [a, b](const IdxImages& images, const IdxLabels& labels) {
    return filter_digits(images, labels, a, b);
  };
  DigitSet train = load_split(dir, "train", keep);
  DigitSet test = load_split(dir, "t10k", keep);
  return {std::move(train.x), std::move(train.y),      std::move(test.x),
          std::move(test.y),  std::move(train.digits), std::move(test.digits)};
}

DigitPair load_digits(const std::filesystem::path& dir, const std::vector<int>& digits) {
  check_digit_list("load_digits", digits);  // before reading 55 MB
  const auto keep = [&digits](const IdxImages& images, const IdxLabels& labels) {
    return select_digits(images, labels, digits);
  };
  DigitSet train = load_split(dir, "train", keep);
  DigitSet test = load_split(dir, "t10k", keep);
  return {std::move(train.x), std::move(train.y),      std::move(test.x),
          std::move(test.y),  std::move(train.digits), std::move(test.digits)};
}

}  // namespace kudzu
