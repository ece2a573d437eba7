// Keeping two digits out of MNIST, on small synthetic IDX data: which images are kept and in
// what order, pixel scaling, labels, bad digits, and loading a directory of files.
#define BOOST_TEST_MODULE mnist
#include "kudzu/mnist.hpp"

#include <boost/test/unit_test.hpp>
#include <initializer_list>
#include <string>
#include <vector>

#include "idx_files.hpp"
#include "kudzu/error.hpp"

namespace {

using namespace kudzu;
namespace tt = boost::test_tools;

// Five images of 1x2 pixels; their pixels tell them apart.
const IdxImages kImages{
    .count = 5, .rows = 1, .cols = 2, .pixels = {0, 51, 10, 11, 20, 21, 30, 31, 255, 255}};
const IdxLabels kLabels{.labels = {3, 8, 1, 3, 8}};

// For BOOST_CHECK_EXCEPTION: whether the message contains every one of `parts`.
auto mentions(std::initializer_list<std::string> parts) {
  return [parts = std::vector<std::string>(parts)](const Error& error) {
    const std::string message = error.what();
    for (const std::string& part : parts) {
      if (message.find(part) == std::string::npos) {
        BOOST_TEST_MESSAGE("message \"" << message << "\" lacks \"" << part << "\"");
        return false;
      }
    }
    return true;
  };
}

// Writes train and t10k files of kImages/kLabels into dir: images raw, labels gzip-compressed.
void write_mnist_files(const idx_files::ScratchDir& dir) {
  for (const std::string split : {"train", "t10k"}) {
    idx_files::write_file(dir / (split + "-images-idx3-ubyte"),
                          idx_files::images_bytes(5, 1, 2, kImages.pixels));
    idx_files::write_file(dir / (split + "-labels-idx1-ubyte.gz"),
                          idx_files::gzip(idx_files::labels_bytes(kLabels.labels)));
  }
}

}  // namespace

BOOST_AUTO_TEST_CASE(keeps_the_two_digits_in_file_order_with_pixels_scaled_to_one) {
  const DigitSet set = filter_digits(kImages, kLabels, 3, 8);
  BOOST_TEST(set.x.shape() == Shape(4, 2));
  const std::vector<float> expected_x{0,           51 / 255.0f, 10 / 255.0f, 11 / 255.0f,
                                      30 / 255.0f, 31 / 255.0f, 1,           1};
  BOOST_TEST(set.x.to_vector() == expected_x, tt::per_element());
  BOOST_TEST(set.y.shape() == Shape(4, 1));
  BOOST_TEST(set.y.to_vector() == std::vector<float>({1, 0, 1, 0}), tt::per_element());
  BOOST_TEST(set.digits == std::vector<std::uint8_t>({3, 8, 3, 8}), tt::per_element());
}

BOOST_AUTO_TEST_CASE(the_first_digit_is_labelled_one) {
  const DigitSet set = filter_digits(kImages, kLabels, 8, 3);
  BOOST_TEST(set.y.to_vector() == std::vector<float>({0, 1, 0, 1}), tt::per_element());
}

BOOST_AUTO_TEST_CASE(bad_digits_are_a_usage_error) {
  BOOST_CHECK_EXCEPTION(filter_digits(kImages, kLabels, 3, 3), UsageError,
                        mentions({"filter_digits", "two different digits", "got 3 and 3"}));
  BOOST_CHECK_EXCEPTION(filter_digits(kImages, kLabels, -1, 8), UsageError,
                        mentions({"got -1 and 8"}));
  BOOST_CHECK_EXCEPTION(filter_digits(kImages, kLabels, 3, 10), UsageError,
                        mentions({"got 3 and 10"}));
  BOOST_CHECK_EXCEPTION(load_digit_pair("no-such-dir", 3, 3), UsageError,
                        mentions({"load_digit_pair", "got 3 and 3"}));
}

BOOST_AUTO_TEST_CASE(images_and_labels_must_agree_in_count) {
  const IdxLabels four_labels{.labels = {3, 8, 1, 3}};
  BOOST_CHECK_EXCEPTION(filter_digits(kImages, four_labels, 3, 8), UsageError,
                        mentions({"5 images but 4 labels"}));
}

BOOST_AUTO_TEST_CASE(pixels_must_match_the_image_count_and_size) {
  IdxImages short_of_pixels = kImages;
  short_of_pixels.pixels.resize(9);
  BOOST_CHECK_EXCEPTION(filter_digits(short_of_pixels, kLabels, 3, 8), UsageError,
                        mentions({"5 images of 1x2 pixels need 10 pixel values but there are 9"}));
}

BOOST_AUTO_TEST_CASE(loads_both_splits_from_raw_and_gzip_files) {
  idx_files::ScratchDir dir;
  write_mnist_files(dir);
  const DigitPair pair = load_digit_pair(dir.path(), 3, 8);
  BOOST_TEST(pair.x_train.shape() == Shape(4, 2));
  BOOST_TEST(pair.y_test.to_vector() == std::vector<float>({1, 0, 1, 0}), tt::per_element());
  BOOST_TEST(pair.digits_train == std::vector<std::uint8_t>({3, 8, 3, 8}), tt::per_element());
  BOOST_TEST(pair.digits_test == pair.digits_train, tt::per_element());
}

BOOST_AUTO_TEST_CASE(a_missing_or_damaged_file_says_how_to_fetch_the_data) {
  idx_files::ScratchDir dir;
  BOOST_CHECK_EXCEPTION(load_digit_pair(dir.path(), 3, 8), DataError,
                        mentions({(dir / "train-images-idx3-ubyte").string(),
                                  "nor train-images-idx3-ubyte.gz", "run scripts/fetch-mnist.sh"}));

  write_mnist_files(dir);
  idx_files::write_file(dir / "t10k-images-idx3-ubyte",
                        idx_files::images_bytes(6, 1, 2, kImages.pixels));
  BOOST_CHECK_EXCEPTION(load_digit_pair(dir.path(), 3, 8), DataError,
                        mentions({(dir / "t10k-images-idx3-ubyte").string(), "truncated",
                                  "run scripts/fetch-mnist.sh"}));

  const std::vector<std::uint8_t> four_labels{3, 8, 1, 3};
  idx_files::write_file(dir / "train-labels-idx1-ubyte", idx_files::labels_bytes(four_labels));
  BOOST_CHECK_EXCEPTION(
      load_digit_pair(dir.path(), 3, 8), DataError,
      mentions({"train-images-idx3-ubyte has 5 images", "train-labels-idx1-ubyte has 4 labels"}));

  write_mnist_files(dir);
  std::filesystem::remove(dir / "train-labels-idx1-ubyte");
  const std::vector<std::uint8_t> not_a_digit{3, 8, 255, 3, 8};
  idx_files::write_file(dir / "t10k-labels-idx1-ubyte", idx_files::labels_bytes(not_a_digit));
  BOOST_CHECK_EXCEPTION(load_digit_pair(dir.path(), 3, 8), DataError,
                        mentions({(dir / "t10k-labels-idx1-ubyte").string(),
                                  "label 2 is 255, expected a digit from 0 to 9"}));
}

BOOST_AUTO_TEST_CASE(several_digits_are_labelled_by_their_position_in_the_list) {
  const DigitSet set = select_digits(kImages, kLabels, {8, 1, 3});
  BOOST_TEST(set.x.shape() == Shape(5, 2));
  BOOST_TEST(set.y.shape() == Shape(5, 1));
  // Labels 3, 8, 1, 3, 8: 8 is class 0, 1 class 1, 3 class 2.
  BOOST_TEST(set.y.to_vector() == std::vector<float>({2, 0, 1, 2, 0}), tt::per_element());
  BOOST_TEST(set.digits == std::vector<std::uint8_t>({3, 8, 1, 3, 8}), tt::per_element());
  BOOST_TEST(set.x(2, 0) == 20 / 255.0f);  // the 1, in file order
  // Two digits through select_digits are classes 0 and 1, not filter_digits' 1 and 0.
  const DigitSet pair = select_digits(kImages, kLabels, {3, 8});
  BOOST_TEST(pair.y.to_vector() == std::vector<float>({0, 1, 0, 1}), tt::per_element());
}

BOOST_AUTO_TEST_CASE(a_bad_list_of_digits_is_a_usage_error) {
  BOOST_CHECK_EXCEPTION(select_digits(kImages, kLabels, {3}), UsageError,
                        mentions({"select_digits", "two or more different digits", "{3}"}));
  BOOST_CHECK_EXCEPTION(select_digits(kImages, kLabels, {3, 8, 3}), UsageError,
                        mentions({"{3,8,3}"}));
  BOOST_CHECK_EXCEPTION(select_digits(kImages, kLabels, {3, 10}), UsageError, mentions({"{3,10}"}));
  BOOST_CHECK_EXCEPTION(load_digits("no-such-dir", {1, 1}), UsageError,
                        mentions({"load_digits", "{1,1}"}));
}

BOOST_AUTO_TEST_CASE(load_digits_reads_both_splits_with_class_labels) {
  const idx_files::ScratchDir dir;
  write_mnist_files(dir);
  const DigitPair data = load_digits(dir.path(), {1, 3, 8});
  BOOST_TEST(data.x_train.shape() == Shape(5, 2));
  BOOST_TEST(data.y_test.to_vector() == std::vector<float>({1, 2, 0, 1, 2}), tt::per_element());
  BOOST_TEST(data.digits_test == std::vector<std::uint8_t>({3, 8, 1, 3, 8}), tt::per_element());
}
