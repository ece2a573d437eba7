// Digit images prepared as MNIST was: each step on images made here, then the whole, then
// the file formats and the files that must be refused.
#define BOOST_TEST_MODULE digit_image
#include "kudzu/digit_image.hpp"

#include <sys/stat.h>

#include <boost/test/unit_test.hpp>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <random>

#include "image_files.hpp"
#include "support.hpp"

namespace {

using namespace kudzu;
using kudzu::testing::encode;
using kudzu::testing::Format;
using kudzu::testing::Picture;
using kudzu::testing::TemporaryDirectory;
namespace fs = std::filesystem;

// A grey page of `paper` luminance, opaque.
DecodedImage page(std::size_t rows, std::size_t columns, float paper = 1.0f) {
  DecodedImage image;
  image.luminance = GreyImage(rows, columns, paper);
  image.channels = 1;
  return image;
}

// Paints the rectangle rows [r0, r1) x columns [c0, c1) with `tone`.
void paint(GreyImage& image, std::size_t r0, std::size_t c0, std::size_t r1, std::size_t c1,
           float tone) {
  for (std::size_t r = r0; r < r1; ++r)
    for (std::size_t c = c0; c < c1; ++c) image.at(r, c) = tone;
}

// A "7", `size` tall and 3/4 as wide: a bar across the top and a stroke down the right, its
// centre of mass right of and above its middle.
void draw_seven(GreyImage& image, std::size_t top, std::size_t left, std::size_t size, float tone) {
  const std::size_t stroke = std::max<std::size_t>(1, size / 8), width = size * 3 / 4;
  paint(image, top, left, top + stroke, left + width, tone);
  paint(image, top, left + width - stroke, top + size, left + width, tone);
}

GreyImage seen_of(const DecodedImage& image, Ink ink = Ink::automatic) {
  return prepare_digit(image, "test image", ink).seen;
}

double ink_mass(const GreyImage& image) {
  double mass = 0;
  for (float v : image.values) mass += v;
  return mass;
}

double largest_difference(const GreyImage& a, const GreyImage& b) {
  BOOST_TEST_REQUIRE(a.values.size() == b.values.size());
  double largest = 0;
  for (std::size_t i = 0; i < a.values.size(); ++i)
    largest = std::max(largest, std::abs(double(a.values[i]) - b.values[i]));
  return largest;
}

BOOST_AUTO_TEST_CASE(luminance_weighs_green_most_as_rec_601_does) {
  BOOST_TEST(luminance(1, 1, 1) == 1.0f, boost::test_tools::tolerance(1e-6f));
  BOOST_TEST(luminance(0, 1, 0) == 0.587f, boost::test_tools::tolerance(1e-6f));
  BOOST_TEST(luminance(1, 0, 0) > luminance(0, 0, 1));
}

BOOST_AUTO_TEST_CASE(a_centred_square_ends_centred_in_a_20_pixel_box) {
  DecodedImage image = page(200, 200);
  paint(image.luminance, 70, 70, 130, 130, 0.0f);  // a black 60x60 square in the middle
  const GreyImage seen = seen_of(image);
  BOOST_TEST_REQUIRE(seen.rows == 28u);
  BOOST_TEST_REQUIRE(seen.columns == 28u);
  const std::optional<Box> box = ink_bounds(seen);
  BOOST_TEST_REQUIRE(box.has_value());
  BOOST_TEST(box->rows == 20u);
  BOOST_TEST(box->columns == 20u);
  // Whole-pixel moves: 4 or 5 pixels of margin on each side, the same on both axes.
  BOOST_TEST(box->top == box->left);
  BOOST_TEST((box->top == 4u || box->top == 5u));
  const CentreOfMass centre = *centre_of_mass(seen);
  BOOST_TEST(std::abs(centre.row - 14) <= 0.5);
  BOOST_TEST(std::abs(centre.column - 14) <= 0.5);
  BOOST_TEST(seen.at(14, 14) == 1.0f);
}

BOOST_AUTO_TEST_CASE(an_off_centre_digit_has_its_centre_of_mass_moved_to_14_14) {
  DecodedImage image = page(300, 400);
  draw_seven(image.luminance, 10, 300, 80, 0.1f);  // top right corner, heavy on its right
  const GreyImage seen = seen_of(image);
  const CentreOfMass centre = *centre_of_mass(seen);
  BOOST_TEST(std::abs(centre.row - 14) <= 0.5);
  BOOST_TEST(std::abs(centre.column - 14) <= 0.5);
  // The 7's mass lies right of and above its box's middle, so the box sits left of and below
  // the frame's middle; all of it is in the frame.
  const Box box = *ink_bounds(seen);
  BOOST_TEST(box.left + box.columns / 2.0 < 14);
  BOOST_TEST(box.top + box.rows / 2.0 > 14);
  BOOST_TEST(box.rows == 20u);
  BOOST_TEST(box.columns == 15u);
}

BOOST_AUTO_TEST_CASE(a_tall_thin_one_keeps_its_aspect_ratio) {
  DecodedImage image = page(400, 300);
  paint(image.luminance, 50, 140, 350, 170, 0.0f);  // 300 tall, 30 wide: 20 x 2
  const GreyImage seen = seen_of(image);
  const Box box = *ink_bounds(seen);
  BOOST_TEST(box.rows == 20u);
  BOOST_TEST(box.columns == 2u);
  BOOST_TEST(ink_mass(seen) == 40.0, boost::test_tools::tolerance(0.01));
}

BOOST_AUTO_TEST_CASE(area_averaging_never_picks_nearest_pixels) {
  GreyImage board(40, 40);
  for (std::size_t r = 0; r < 40; ++r)
    for (std::size_t c = 0; c < 40; ++c) board.at(r, c) = (r + c) % 2 ? 1.0f : 0.0f;
  const GreyImage half = scale_to_fit(board, 20);
  BOOST_TEST_REQUIRE(half.rows == 20u);
  for (float v : half.values) BOOST_TEST(v == 0.5f, boost::test_tools::tolerance(1e-6f));
  // A third: 60 to 20, each output the mean of 3x3 inputs; a non-whole scale, 50 to 20.
  GreyImage stripe(60, 30);
  paint(stripe, 0, 0, 60, 1, 1.0f);  // the first column lit
  const GreyImage third = scale_to_fit(stripe, 20);
  BOOST_TEST(third.rows == 20u);
  BOOST_TEST(third.columns == 10u);
  BOOST_TEST(third.at(5, 0) == 1.0f / 3, boost::test_tools::tolerance(1e-5f));
  BOOST_TEST(third.at(5, 1) == 0.0f);
  GreyImage block(50, 50, 1.0f);
  const GreyImage scaled = scale_to_fit(block, 20);
  BOOST_TEST(ink_mass(scaled) == 400.0, boost::test_tools::tolerance(1e-4));
}

BOOST_AUTO_TEST_CASE(polarity_is_detected_both_ways_and_gives_the_same_digit) {
  DecodedImage dark_on_light = page(120, 100, 0.95f);
  draw_seven(dark_on_light.luminance, 20, 20, 60, 0.05f);
  DecodedImage light_on_dark = page(120, 100, 0.02f);
  draw_seven(light_on_dark.luminance, 20, 20, 60, 0.9f);
  BOOST_TEST((detect_ink(dark_on_light) == Ink::dark));
  BOOST_TEST((detect_ink(light_on_dark) == Ink::light));
  const GreyImage a = seen_of(dark_on_light), b = seen_of(light_on_dark);
  BOOST_TEST(largest_difference(a, b) < 1e-5);
  BOOST_TEST(ink_mass(a) > 20);
  // Asked for the wrong ink, the paper is taken for a digit's ink and there is no digit.
  BOOST_CHECK_THROW(seen_of(dark_on_light, Ink::light), NoDigitError);
  BOOST_TEST(largest_difference(seen_of(dark_on_light, Ink::dark), a) == 0);
}

BOOST_AUTO_TEST_CASE(polarity_comes_from_the_border_even_for_a_heavy_digit_on_grey_paper) {
  // Mid-grey paper, black ink covering more of the page than the paper does would fool a
  // rule that looks at the mean; the border says where the paper is.
  DecodedImage image = page(100, 100, 0.55f);
  paint(image.luminance, 8, 8, 92, 92, 0.0f);
  paint(image.luminance, 30, 30, 70, 70, 0.55f);
  BOOST_TEST((detect_ink(image) == Ink::dark));
}

BOOST_AUTO_TEST_CASE(an_rgba_canvas_with_a_transparent_background_is_ink_on_paper) {
  // What a drawing page exports: transparent black everywhere, the strokes opaque black.
  Picture canvas(160, 160, 4, 0);
  for (int y = 30; y < 130; ++y) canvas.fill(70, y, 85, y + 1, 0, 255);
  canvas.fill(40, 30, 85, 45, 0, 255);
  const DecodedImage decoded = decode_image(encode(canvas, Format::png), "canvas.png");
  BOOST_TEST(decoded.channels == 4);
  BOOST_TEST((detect_ink(decoded) == Ink::dark));
  // The same strokes on opaque white paper give the same 28x28.
  Picture paper(160, 160, 3, 255);
  for (int y = 30; y < 130; ++y) paper.fill(70, y, 85, y + 1, 0);
  paper.fill(40, 30, 85, 45, 0);
  const GreyImage on_paper = seen_of(decode_image(encode(paper, Format::png), "paper.png"));
  BOOST_TEST(largest_difference(seen_of(decoded), on_paper) < 1e-5);
  // White strokes on transparent: light ink, the same digit again.
  Picture white(160, 160, 2, 0);
  for (int y = 30; y < 130; ++y) white.fill(70, y, 85, y + 1, 255, 255);
  white.fill(40, 30, 85, 45, 255, 255);
  const DecodedImage light = decode_image(encode(white, Format::png), "white.png");
  BOOST_TEST((detect_ink(light) == Ink::light));
  BOOST_TEST(largest_difference(seen_of(light), on_paper) < 1e-5);
}

BOOST_AUTO_TEST_CASE(faint_background_and_noise_are_removed_before_the_box_is_found) {
  std::mt19937 noise(7);
  std::normal_distribution<float> jitter(0, 0.02f);
  DecodedImage image = page(200, 200, 0.7f);  // a grey scan
  for (float& v : image.luminance.values) v = std::clamp(v + jitter(noise), 0.0f, 1.0f);
  paint(image.luminance, 60, 90, 140, 110, 0.1f);  // a stroke, 80 tall and 20 wide
  const GreyImage ink = ink_of(image, Ink::dark);
  const GreyImage cleaned = remove_background(ink);
  const Box box = *ink_bounds(cleaned);
  BOOST_TEST(box.top == 60u);
  BOOST_TEST(box.left == 90u);
  BOOST_TEST(box.rows == 80u);
  BOOST_TEST(box.columns == 20u);
  BOOST_TEST(*std::max_element(cleaned.values.begin(), cleaned.values.end()) == 1.0f);
  BOOST_TEST(cleaned.at(100, 100) > 0.9f);
  BOOST_TEST(cleaned.at(10, 10) == 0.0f);
}

BOOST_AUTO_TEST_CASE(a_blank_uniform_or_all_ink_image_has_no_digit) {
  auto refused = [](const DecodedImage& image, Ink ink) {
    try {
      prepare_digit(image, "blank.png", ink);
    } catch (const NoDigitError& e) {
      return std::string(e.what()).rfind("no digit found in blank.png", 0) == 0;
    }
    return false;
  };
  BOOST_TEST(refused(page(50, 50, 1.0f), Ink::automatic));  // white
  BOOST_TEST(refused(page(50, 50, 0.0f), Ink::automatic));  // black
  BOOST_TEST(refused(page(50, 50, 0.4f), Ink::automatic));  // grey
  BOOST_TEST(refused(page(50, 50, 0.0f), Ink::dark));       // ink everywhere
  DecodedImage speck = page(300, 300);
  paint(speck.luminance, 100, 100, 101, 102, 0.0f);  // two dark pixels: dust, not a digit
  BOOST_TEST(refused(speck, Ink::automatic));
  DecodedImage transparent = page(40, 40, 0.0f);
  transparent.alpha = GreyImage(40, 40, 0.0f);  // an empty canvas
  BOOST_TEST(refused(transparent, Ink::automatic));
}

BOOST_AUTO_TEST_CASE(the_whole_preparation_gives_a_1_by_784_tensor_of_the_28x28) {
  DecodedImage image = page(90, 60);
  draw_seven(image.luminance, 10, 5, 40, 0.0f);
  const PreparedDigit digit = prepare_digit(image, "seven");
  BOOST_TEST(digit.input.shape() == (Shape{1, 784}));
  BOOST_TEST(digit.input.to_vector() == digit.seen.values, boost::test_tools::per_element());
  for (float v : digit.seen.values) BOOST_TEST((v >= 0 && v <= 1));
  BOOST_TEST((digit.ink == Ink::dark));
}

BOOST_AUTO_TEST_CASE(every_format_and_channel_layout_decodes_to_the_same_tones) {
  Picture grey(8, 6, 1, 200);
  grey.fill(2, 1, 4, 5, 20);
  for (Format format : {Format::png, Format::bmp, Format::tga}) {
    const DecodedImage d = decode_image(encode(grey, format), "grey");
    BOOST_TEST(d.luminance.rows == 6u);
    BOOST_TEST(d.luminance.columns == 8u);
    BOOST_TEST(d.luminance.at(0, 0) == 200 / 255.0f, boost::test_tools::tolerance(1e-6f));
    BOOST_TEST(d.luminance.at(3, 3) == 20 / 255.0f, boost::test_tools::tolerance(1e-6f));
  }
  Picture rgb(8, 6, 3, 255);
  rgb.pixel(1, 1)[0] = 0;  // cyan: no red
  const DecodedImage colour = decode_image(encode(rgb, Format::png), "rgb");
  BOOST_TEST(colour.channels == 3);
  BOOST_TEST(colour.alpha.values.empty());
  BOOST_TEST(colour.luminance.at(1, 1) == 1 - 0.299f, boost::test_tools::tolerance(1e-5f));
  Picture grey_alpha(4, 4, 2, 255);
  grey_alpha.pixel(2, 3)[1] = 0;
  const DecodedImage ga = decode_image(encode(grey_alpha, Format::png), "ga");
  BOOST_TEST(ga.channels == 2);
  BOOST_TEST(ga.alpha.at(3, 2) == 0.0f);
  BOOST_TEST(ga.alpha.at(0, 0) == 1.0f);
  Picture photo(64, 64, 3, 230);
  photo.fill(20, 10, 40, 50, 10);
  const DecodedImage jpeg = decode_image(encode(photo, Format::jpeg, 90), "photo.jpg");
  BOOST_TEST(std::abs(jpeg.luminance.at(30, 30) - 10 / 255.0f) < 0.05f);
  BOOST_TEST(std::abs(jpeg.luminance.at(5, 5) - 230 / 255.0f) < 0.05f);
  // 16 bits a channel: a PGM with 65535 as its largest value.
  const DecodedImage wide = decode_image(kudzu::testing::pgm16(2, 1, {0, 32768}), "wide.pgm");
  BOOST_TEST(wide.bits == 16);
  BOOST_TEST(wide.luminance.at(0, 1) == 32768 / 65535.0f, boost::test_tools::tolerance(1e-6f));
  // Any maximum value: 1000 is white.
  const DecodedImage thousand =
      decode_image(kudzu::testing::pgm16(2, 1, {1000, 500}, 1000), "k.pgm");
  BOOST_TEST(thousand.luminance.at(0, 0) == 1.0f);
  BOOST_TEST(thousand.luminance.at(0, 1) == 0.5f);
  // A GIF's first frame (white), not its second (black).
  const DecodedImage gif = decode_image(kudzu::testing::two_frame_gif(), "two.gif");
  BOOST_TEST(gif.luminance.at(0, 0) == 1.0f);
}

void check_refused(const std::vector<std::uint8_t>& bytes, const std::string& problem) {
  BOOST_CHECK_EXCEPTION(decode_image(bytes, "bad.img"), DataError, [&](const DataError& e) {
    const std::string message = e.what();
    BOOST_TEST_INFO("message: " << message);
    return message.rfind("bad.img: ", 0) == 0 && message.find(problem) != std::string::npos;
  });
}

BOOST_AUTO_TEST_CASE(non_images_truncated_images_and_huge_images_are_refused) {
  check_refused({}, "an empty file");
  const std::string text = "just some text, not an image\n";
  check_refused({text.begin(), text.end()}, "not an image kudzu reads");
  Picture picture(40, 40, 3, 128);
  std::vector<std::uint8_t> png = encode(picture, Format::png);
  png.resize(png.size() / 2);
  check_refused(png, "a damaged or truncated 40x40 image");
  // Headers that announce more than 8192 pixels a side: refused before any pixel is read.
  const std::string big = "P5\n8193 2\n255\n";
  check_refused({big.begin(), big.end()}, "the image is 8193x2 pixels; at most 8192x8192");
  const std::string huge = "P5\n100000 100000\n255\n";
  check_refused({huge.begin(), huge.end()}, "at most 8192x8192");
  std::vector<std::uint8_t> bmp = encode(Picture(9000, 1, 1, 0), Format::bmp);
  check_refused(bmp, "the image is 9000x1 pixels; at most 8192x8192");
  // A Huffman table announcing more than 256 symbols: stb_image 2.27 would write past its
  // tables (found by the fuzzer); refused before it reads the file.
  std::vector<std::uint8_t> jpeg = encode(Picture(16, 16, 1, 100), Format::jpeg);
  const std::uint8_t dht[] = {0xff, 0xc4};
  const auto table = std::search(jpeg.begin(), jpeg.end(), std::begin(dht), std::end(dht));
  BOOST_TEST_REQUIRE((table != jpeg.end()));
  table[4 + 15] = 200;  // after marker, length and class byte: the counts of lengths 15 and 16
  table[4 + 16] = 200;
  check_refused(jpeg, "a damaged JPEG image: a Huffman table of more than 256 symbols");
  const std::string short_pgm = "P5\n4 4\n255\nabc";
  check_refused({short_pgm.begin(), short_pgm.end()}, "a truncated 4x4 PGM/PPM image");
}

void check_unreadable(const fs::path& path, const std::string& problem) {
  BOOST_CHECK_EXCEPTION(read_image_file(path), DataError, [&](const DataError& e) {
    const std::string message = e.what();
    BOOST_TEST_INFO("message: " << message);
    return message.find(path.string()) != std::string::npos &&
           message.find(problem) != std::string::npos;
  });
}

BOOST_AUTO_TEST_CASE(only_regular_files_are_read_and_a_fifo_is_not_waited_on) {
  TemporaryDirectory dir;
  check_unreadable(dir.path / "missing.png", "cannot be opened");
  check_unreadable(dir.path, "is a directory");
  const fs::path fifo = dir.path / "pipe.png";
  BOOST_TEST_REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  check_unreadable(fifo, "is not a regular file");  // returns at once: no writer is needed
  const fs::path file = dir.path / "digit.png";
  const std::vector<std::uint8_t> png = encode(Picture(3, 3, 1, 0), Format::png);
  std::ofstream(file, std::ios::binary)
      .write(reinterpret_cast<const char*>(png.data()), static_cast<std::streamsize>(png.size()));
  BOOST_TEST(read_image_file(file) == png, boost::test_tools::per_element());
  const fs::path large = dir.path / "large.png";
  std::ofstream(large, std::ios::binary).close();
  fs::resize_file(large, max_image_file_bytes + 1);  // sparse: no disk is used
  check_unreadable(large, "more than an image file may have");
}

}  // namespace
