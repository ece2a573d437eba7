// The IDX reader on small files written here: good files (raw and gzip) round-trip, and each
// kind of damage is a DataError naming the file and the numbers that disagree.
#define BOOST_TEST_MODULE idx
#include "kudzu/idx.hpp"

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <cstdlib>
#include <new>
#include <numeric>
#include <string>
#include <vector>

#include "idx_files.hpp"
#include "kudzu/error.hpp"

// The largest single request to operator new since it was last reset: proves that a header
// announcing terabytes is rejected without the reader trying to allocate them.
static std::size_t largest_allocation = 0;

void* operator new(std::size_t size) {
  largest_allocation = std::max(largest_allocation, size);
  if (void* memory = std::malloc(size == 0 ? 1 : size)) return memory;
  throw std::bad_alloc();
}
// g++ cannot see that the operator new above is malloc, and warns about the free.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
void operator delete(void* memory) noexcept { std::free(memory); }
void operator delete(void* memory, std::size_t) noexcept { std::free(memory); }
#pragma GCC diagnostic pop

namespace {

using namespace kudzu;
using idx_files::gzip;
using idx_files::images_bytes;
using idx_files::labels_bytes;

std::vector<std::uint8_t> counting_bytes(std::size_t size) {
  std::vector<std::uint8_t> bytes(size);
  std::iota(bytes.begin(), bytes.end(), std::uint8_t{0});
  return bytes;
}

// Expects `read` to throw a DataError whose message contains every one of `fragments`.
template <class Read>
void expect_data_error(Read read, std::initializer_list<std::string> fragments) {
  try {
    read();
    BOOST_ERROR("expected a DataError, nothing was thrown");
  } catch (const DataError& error) {
    const std::string message = error.what();
    for (const std::string& fragment : fragments) {
      BOOST_TEST(message.find(fragment) != std::string::npos,
                 "message \"" << message << "\" lacks \"" << fragment << "\"");
    }
  }
}

struct Files {
  idx_files::ScratchDir dir;

  // Writes `bytes` as `name`, and as `name`.gz compressed when `compressed`.
  std::string write(const std::string& name, const std::vector<std::uint8_t>& bytes,
                    bool compressed = false) {
    const auto file = dir / (compressed ? name + ".gz" : name);
    idx_files::write_file(file, compressed ? gzip(bytes) : bytes);
    return file.string();
  }
};

const std::vector<std::uint8_t> kThreeImagesOf2x4 = counting_bytes(3 * 2 * 4);
const std::vector<std::uint8_t> kThreeLabels{7, 0, 9};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(idx, Files)

BOOST_AUTO_TEST_CASE(good_files_round_trip_raw_and_gzip) {
  for (const bool compressed : {false, true}) {
    BOOST_TEST_CONTEXT("compressed " << compressed) {
      const IdxImages images =
          read_idx_images(write("images", images_bytes(3, 2, 4, kThreeImagesOf2x4), compressed));
      BOOST_TEST(images.count == 3u);
      BOOST_TEST(images.rows == 2u);
      BOOST_TEST(images.cols == 4u);
      BOOST_TEST(images.pixels == kThreeImagesOf2x4, boost::test_tools::per_element());

      const IdxLabels labels =
          read_idx_labels(write("labels", labels_bytes(kThreeLabels), compressed));
      BOOST_TEST(labels.labels == kThreeLabels, boost::test_tools::per_element());
      check_same_count(images, labels, "images", "labels");
    }
  }
}

BOOST_AUTO_TEST_CASE(an_empty_labels_file_is_valid) {
  BOOST_TEST(parse_idx_labels(labels_bytes({}), "empty").labels.empty());
}

BOOST_AUTO_TEST_CASE(gzip_of_several_members_reads_as_their_concatenation) {
  const auto whole = images_bytes(3, 2, 4, kThreeImagesOf2x4);
  const std::size_t half = whole.size() / 2;
  auto members = gzip(std::span(whole).first(half));
  const auto second = gzip(std::span(whole).subspan(half));
  members.insert(members.end(), second.begin(), second.end());
  BOOST_TEST(parse_idx_images(members, "two-members").pixels == kThreeImagesOf2x4,
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(wrong_magic_names_both) {
  const std::string file = write("labels", labels_bytes(kThreeLabels));
  expect_data_error(
      [&] { read_idx_images(file); },
      {file, "not an IDX images file", "expected magic 0x00000803", "found 0x00000801"});
}

BOOST_AUTO_TEST_CASE(truncated_header) {
  const auto header = images_bytes(3, 2, 4, {});
  for (const bool compressed : {false, true}) {
    const std::string file = write("short", {header.begin(), header.begin() + 10}, compressed);
    expect_data_error([&] { read_idx_images(file); },
                      {file, "truncated header", "16 header bytes", "has 10 bytes"});
  }
}

BOOST_AUTO_TEST_CASE(truncated_data) {
  const std::vector<std::uint8_t> two_images(kThreeImagesOf2x4.begin(),
                                             kThreeImagesOf2x4.begin() + 16);
  const std::string raw = write("images", images_bytes(3, 2, 4, two_images));
  expect_data_error([&] { read_idx_images(raw); },
                    {raw, "truncated", "3 images of 2x4 (40 bytes)", "the file has 32 bytes"});

  const std::string compressed = write("images", images_bytes(3, 2, 4, two_images), true);
  expect_data_error([&] { read_idx_images(compressed); },
                    {compressed, "truncated", "3 images of 2x4 (40 bytes)",
                     "the decompressed content has 32 bytes"});

  auto two_labels = labels_bytes(kThreeLabels);
  two_labels.pop_back();
  const std::string labels = write("labels", two_labels);
  expect_data_error([&] { read_idx_labels(labels); },
                    {labels, "truncated", "3 labels (11 bytes)", "the file has 10 bytes"});
}

BOOST_AUTO_TEST_CASE(trailing_bytes) {
  auto oversized = images_bytes(3, 2, 4, kThreeImagesOf2x4);
  oversized.insert(oversized.end(), {1, 2});
  const std::string raw = write("images", oversized);
  expect_data_error([&] { read_idx_images(raw); },
                    {raw, "trailing bytes", "3 images of 2x4 (40 bytes)", "the file has 42 bytes"});

  const std::string compressed = write("images", oversized, true);
  expect_data_error([&] { read_idx_images(compressed); },
                    {compressed, "trailing bytes", "(40 bytes)", "decompressed content has more"});
}

BOOST_AUTO_TEST_CASE(huge_announced_count_in_a_tiny_file_is_rejected_without_allocating) {
  const auto tiny = images_bytes(0xffffffff, 28, 28, counting_bytes(1000));
  for (const bool compressed : {false, true}) {
    BOOST_TEST_CONTEXT("compressed " << compressed) {
      const std::string file = write("huge", tiny, compressed);
      largest_allocation = 0;
      expect_data_error([&] { read_idx_images(file); },
                        {file, "truncated", "4294967295 images of 28x28 (3367254359296 bytes)"});
      BOOST_TEST(largest_allocation < 100'000u);
    }
  }
  // A size that does not fit in 64 bits at all.
  expect_data_error(
      [] { parse_idx_images(images_bytes(0xffffffff, 0xffffffff, 0xffffffff, {}), "x"); },
      {"x: truncated", "over 2^64 bytes"});
}

BOOST_AUTO_TEST_CASE(zero_rows_or_columns) {
  for (const auto& [rows, cols] : {std::pair{0u, 28u}, std::pair{28u, 0u}}) {
    const std::string file = write("flat", images_bytes(1000, rows, cols, {}));
    expect_data_error([&] { read_idx_images(file); },
                      {file, "1000 images of " + std::to_string(rows) + "x" + std::to_string(cols),
                       "at least one row and one column"});
  }
}

BOOST_AUTO_TEST_CASE(corrupt_gzip_stream) {
  const auto good = gzip(images_bytes(3, 2, 4, kThreeImagesOf2x4));

  auto scrambled = good;
  std::fill(scrambled.begin() + 10, scrambled.end() - 8, std::uint8_t{0xff});
  expect_data_error([&] { parse_idx_images(scrambled, "scrambled"); },
                    {"scrambled: corrupt gzip stream"});

  auto bad_checksum = good;
  bad_checksum[bad_checksum.size() - 8] ^= 1;  // the CRC-32 in the gzip trailer
  expect_data_error([&] { parse_idx_images(bad_checksum, "bad-crc"); },
                    {"bad-crc: corrupt gzip stream", "incorrect data check"});

  const std::span cut(good.data(), good.size() - 4);
  expect_data_error([&] { parse_idx_images(cut, "cut"); },
                    {"cut: corrupt gzip stream", "ends without its end marker"});

  auto junk_after = good;
  junk_after.insert(junk_after.end(), {0, 0, 0});
  expect_data_error([&] { parse_idx_images(junk_after, "junk"); },
                    {"junk: expected the end of the file after the gzip stream",
                     "3 more bytes that are not gzip"});
}

BOOST_AUTO_TEST_CASE(gzip_longer_than_announced) {
  const std::string file = write("images", images_bytes(2, 2, 4, kThreeImagesOf2x4), true);
  expect_data_error(
      [&] { read_idx_images(file); },
      {file, "trailing bytes", "2 images of 2x4 (32 bytes)", "decompressed content has more"});
}

BOOST_AUTO_TEST_CASE(count_mismatch_between_images_and_labels) {
  const IdxImages images = parse_idx_images(images_bytes(3, 2, 4, kThreeImagesOf2x4), "i");
  const IdxLabels labels{.labels = {1, 2}};
  expect_data_error(
      [&] { check_same_count(images, labels, "dir/train-images", "dir/train-labels"); },
      {"dir/train-images has 3 images", "dir/train-labels has 2 labels"});
}

BOOST_AUTO_TEST_CASE(missing_file) {
  const std::string file = (dir / "no-such-file").string();
  expect_data_error([&] { read_idx_labels(file); }, {file, "cannot read", "No such file"});
}

BOOST_AUTO_TEST_SUITE_END()
