// The IDX file format of MNIST: a big-endian header (magic, then one 32-bit size per
// dimension) followed by unsigned bytes. Files may be raw or gzip-compressed (the original
// distribution's *.gz); the reader tells them apart by the gzip magic bytes 1f 8b.
//
//   IdxImages images = read_idx_images("data/mnist/train-images-idx3-ubyte");
//   IdxLabels labels = read_idx_labels("data/mnist/train-labels-idx1-ubyte");
//   check_same_count(images, labels, images_file, labels_file);
//   std::uint8_t first_pixel_of_image_7 = images.pixels[7 * images.rows * images.cols];
//
// The reader validates the header against the size of the file before it allocates, so a
// damaged header cannot make it reserve gigabytes. Every problem is a kudzu::DataError whose
// message names the file, what was expected and what was found.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <span>
#include <string_view>
#include <vector>

namespace kudzu {

// An images file (magic 0x00000803): count images of rows x cols pixels, row-major, one
// image after the other; pixels.size() == count * rows * cols.
struct IdxImages {
  std::size_t count = 0, rows = 0, cols = 0;
  std::vector<std::uint8_t> pixels;
};

// A labels file (magic 0x00000801): one byte per item.
struct IdxLabels {
  std::vector<std::uint8_t> labels;
};

IdxImages read_idx_images(const std::filesystem::path& file);
IdxLabels read_idx_labels(const std::filesystem::path& file);

// The same from the bytes of a file already in memory (raw or gzip); `name` is the file
// name the error messages give.
IdxImages parse_idx_images(std::span<const std::uint8_t> bytes, std::string_view name);
IdxLabels parse_idx_labels(std::span<const std::uint8_t> bytes, std::string_view name);

// Throws DataError naming both files and both counts unless there is one label per image.
void check_same_count(const IdxImages& images, const IdxLabels& labels,
                      const std::filesystem::path& images_file,
                      const std::filesystem::path& labels_file);

}  // namespace kudzu
