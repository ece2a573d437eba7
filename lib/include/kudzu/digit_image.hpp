// A person's image of a digit, prepared as MNIST's digits were, for the models trained on them.
//
//   PreparedDigit digit = prepare_digit_file("my3.png");   // PNG, JPEG, BMP, GIF, PGM/PPM, TGA
//   Tensor p = model(digit.input);                          // input {1, 784}, values 0 to 1
//   // digit.seen is the 28x28 image the model was given
//
// MNIST (LeCun et al.) normalised each digit to fit a 20x20 box keeping its aspect ratio, with
// anti-aliasing, and centred it by its centre of mass in a 28x28 field: light ink (1) on a
// black field (0). prepare_digit does the same to any image, in these steps, each a function
// below:
//   1. decode_image: luminance (Rec. 601: 0.299 R + 0.587 G + 0.114 B) and opacity per pixel;
//   2. detect_ink: dark ink on light paper (a scan, a photo, a drawing app) or light ink on
//      dark (MNIST's look), decided from the image's border, which is taken to be paper;
//   3. ink_of: how much ink each pixel holds, 0 (paper) to 1; a transparent pixel is paper,
//      whatever its colour (a canvas export is ink on transparent);
//   4. remove_background: the paper's own level (grey paper, JPEG noise) is taken away, and the
//      rest stretched so that the strongest ink is 1, as in MNIST's strokes;
//   5. ink_bounds and crop: the bounding box of what ink is left;
//   6. scale_to_fit: the longer side to 20 pixels by area averaging (each output pixel the
//      mean of the input area it covers; never nearest-neighbour), aspect ratio kept;
//   7. centre_in_frame: into 28x28, moved by whole pixels so that the centre of mass lands
//      nearest (14, 14) (row, column; pixel centres at whole numbers, as MNIST's do: their
//      mean centre of mass is (13.99, 14.01)), but never so far that part of the digit
//      leaves the frame (no MNIST digit is cut off; a very top-heavy one ends a little off).
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "kudzu/error.hpp"
#include "kudzu/tensor.hpp"

namespace kudzu {

// A one-channel image, row-major, row 0 at the top.
struct GreyImage {
  std::size_t rows = 0, columns = 0;
  std::vector<float> values;  // values[row * columns + column]

  GreyImage() = default;
  GreyImage(std::size_t rows, std::size_t columns, float fill = 0)
      : rows(rows), columns(columns), values(rows * columns, fill) {}
  float at(std::size_t row, std::size_t column) const { return values[row * columns + column]; }
  float& at(std::size_t row, std::size_t column) { return values[row * columns + column]; }
};

// An image as its file holds it.
struct DecodedImage {
  GreyImage luminance;  // 0 black to 1 white
  GreyImage alpha;      // 0 transparent to 1 opaque; empty when the file has no alpha channel
  int channels = 0;     // in the file: 1 grey, 2 grey + alpha, 3 RGB, 4 RGBA
  int bits = 8;         // per channel in the file: 8 or 16
};

// The image is refused, from its header and before decoding, when a side is longer.
constexpr std::size_t max_image_side = 8192;
// And a file is not read beyond this size.
constexpr std::size_t max_image_file_bytes = std::size_t{64} << 20;

// An image without a digit in it: blank, uniform, or ink everywhere. The message is
// "no digit found in NAME (...)".
struct NoDigitError : DataError {
  using DataError::DataError;
};

// The bytes of an image file, at most max_image_file_bytes. Only a regular file is read (a
// FIFO or a device is refused at once, never waited on). DataError naming the file otherwise.
std::vector<std::uint8_t> read_image_file(const std::filesystem::path& path);

// 1. Decodes PNG, JPEG (baseline and progressive), BMP, GIF (its first frame), PGM/PPM and TGA,
// 8 or 16 bits, grey, grey + alpha, RGB or RGBA. A DataError naming `name` for bytes that are
// not such an image, are truncated, or whose sides exceed max_image_side (checked from the
// header, before anything is allocated). A caller may read smaller images only: sides above
// `max_side` (at most max_image_side) are refused the same way (kudzu-serve takes 1024).
DecodedImage decode_image(std::span<const std::uint8_t> bytes, std::string_view name,
                          std::size_t max_side = max_image_side);

// Rec. 601 luma of a colour with channels from 0 to 1.
float luminance(float red, float green, float blue);

enum class Ink { automatic, dark, light };

// 2. Dark or light ink. The paper is the median luminance of the opaque pixels of the
// border (the outer twentieth of each side, at least one pixel); the ink lies on the side of
// it where the image holds more contrast (sum of differences from the paper). A border that
// is mostly transparent is transparent paper: the ink is then dark if the opaque pixels
// are darker than mid-grey on average. Never returns Ink::automatic.
Ink detect_ink(const DecodedImage& image);

// 3. Ink per pixel, 0 to 1: 1 - luminance for dark ink, luminance for light ink, each
// pixel first laid over paper of the opposite colour by its opacity. `ink` must not be
// automatic (UsageError).
GreyImage ink_of(const DecodedImage& image, Ink ink);

// 4. Takes away the paper's level: the median of the border plus a margin for noise (0.12,
// or four median absolute deviations of the border if larger); what is above it is
// stretched so that the largest value becomes 1. Nothing above it: all zeros.
GreyImage remove_background(const GreyImage& ink);

// 5. The smallest rectangle holding every non-zero pixel; nullopt when there is none.
struct Box {
  std::size_t top = 0, left = 0, rows = 0, columns = 0;
};
std::optional<Box> ink_bounds(const GreyImage& image);
GreyImage crop(const GreyImage& image, const Box& box);  // UsageError if box is not inside

// 6. Scales so that the longer side is `side` pixels, by area averaging; the shorter side
// gets the same scale (its last pixel may cover the edge in part).
GreyImage scale_to_fit(const GreyImage& image, std::size_t side = 20);

// Centre of mass (row, column) of the values as weights, pixel centres at whole numbers;
// nullopt when every value is 0.
struct CentreOfMass {
  double row = 0, column = 0;
};
std::optional<CentreOfMass> centre_of_mass(const GreyImage& image);

// 7. A side x side frame of zeros with `digit` placed in it, moved by whole pixels so that its
// centre of mass lands nearest (side / 2, side / 2) of the places that keep all of it in the
// frame (when it fits). A digit without ink lands in the middle.
GreyImage centre_in_frame(const GreyImage& digit, std::size_t side = 28);

// Every step in order.
struct PreparedDigit {
  Tensor input;         // {1, 784}: seen's values row by row, 0 to 1
  GreyImage seen;       // the 28x28 the model is given
  Ink ink = Ink::dark;  // the polarity used (detected, or as asked)
};

// NoDigitError "no digit found in NAME" when no ink is left after step 4, or so little
// (less than 4 pixels' worth) that it cannot be a digit; `name` is what messages call the
// image.
PreparedDigit prepare_digit(const DecodedImage& image, std::string_view name,
                            Ink ink = Ink::automatic);
// read_image_file, decode_image and prepare_digit.
PreparedDigit prepare_digit_file(const std::filesystem::path& path, Ink ink = Ink::automatic);

}  // namespace kudzu
