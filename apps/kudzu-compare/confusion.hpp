// A confusion matrix: how a model's decisions on a set of images spread over the classes.
#pragma once

#include <cstddef>
#include <vector>

namespace kudzu::compare {

// counts[t * classes + d]: how many images of true class t the model decided were class d.
struct Confusion {
  std::size_t classes = 0;
  std::vector<std::size_t> counts;

  std::size_t at(std::size_t truth, std::size_t decided) const {
    return counts[truth * classes + decided];
  }
  // The fraction of the images of class k decided right; 0 for a class with no images.
  double class_accuracy(std::size_t k) const {
    std::size_t images = 0;
    for (std::size_t d = 0; d < classes; ++d) images += at(k, d);
    return images == 0 ? 0.0 : static_cast<double>(at(k, k)) / static_cast<double>(images);
  }
  // The fraction of all images decided right.
  double accuracy() const {
    std::size_t right = 0, images = 0;
    for (std::size_t t = 0; t < classes; ++t)
      for (std::size_t d = 0; d < classes; ++d) {
        images += at(t, d);
        if (t == d) right += at(t, d);
      }
    return images == 0 ? 0.0 : static_cast<double>(right) / static_cast<double>(images);
  }
};

}  // namespace kudzu::compare
