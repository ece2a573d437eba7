#include "kudzu/digit_image.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <memory>

// stb_image is compiled here rather than taken from libstb: this copy reads only the formats
// listed, refuses sides beyond max_image_side itself too, and, built with the rest of the
// library, is instrumented under the sanitizers and the fuzzer. STB_IMAGE_STATIC keeps its
// symbols out of libstb's way (kudzu_plot links libstb for stb_image_write and stb_truetype).
// PGM/PPM are read below instead: Debian 12's stb_image (2.27) reads 16-bit samples in the
// wrong byte order, ignores the maximum value, and leaves a truncated file's pixels
// uninitialised. And its JPEG reader trusts the symbol counts of a Huffman table, writing
// past its 256-entry arrays (found by test/fuzz/digit_image_fuzz.cpp; stb_image 2.28 checks
// it): jpeg_tables_fit refuses such files before stb_image sees them.
#define STB_IMAGE_IMPLEMENTATION
#define STB_IMAGE_STATIC
#define STBI_NO_STDIO
#define STBI_ONLY_PNG
#define STBI_ONLY_JPEG
#define STBI_ONLY_BMP
#define STBI_ONLY_GIF
#define STBI_ONLY_TGA
#define STBI_MAX_DIMENSIONS 8192
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-function"
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
#pragma GCC diagnostic ignored "-Wsign-compare"
#pragma GCC diagnostic ignored "-Wimplicit-fallthrough"
// g++ 12 sees overflows in stbi__convert_format's channel loops that cannot happen (the
// destination is allocated for the requested channels); a known false positive.
#pragma GCC diagnostic ignored "-Wstringop-overflow"
#include <stb_image.h>
#pragma GCC diagnostic pop

namespace kudzu {
namespace {

static_assert(STBI_MAX_DIMENSIONS == max_image_side);

constexpr float noise_margin = 0.12f;    // above the paper's median, at least
constexpr float least_ink_mass = 4.0f;   // pixels' worth of full ink that make a digit
constexpr std::size_t least_border = 1;  // pixels of border, at least

[[noreturn]] void fail(std::string_view name, const std::string& problem) {
  throw DataError(std::string(name) + ": " + problem);
}

void check_sides(std::string_view name, std::size_t width, std::size_t height,
                 std::size_t max_side) {
  if (width > max_side || height > max_side)
    fail(name, "the image is " + std::to_string(width) + "x" + std::to_string(height) +
                   " pixels; at most " + std::to_string(max_side) + "x" + std::to_string(max_side) +
                   " are read");
}

struct StbFree {
  void operator()(void* pixels) const { stbi_image_free(pixels); }
};

// The pixels of the outer twentieth of each side (at least one pixel), those of `image`
// for which `keep` holds.
// Row by row, left to right; a row inside the ring is visited only at its two ends.
template <class Keep>
std::vector<float> border_values(const GreyImage& image, Keep keep) {
  const std::size_t ring = std::max(least_border, std::min(image.rows, image.columns) / 20);
  std::vector<float> values;
  auto take = [&](std::size_t r, std::size_t c) {
    if (keep(r, c)) values.push_back(image.at(r, c));
  };
  for (std::size_t r = 0; r < image.rows; ++r) {
    if (r < ring || r + ring >= image.rows || 2 * ring >= image.columns) {
      for (std::size_t c = 0; c < image.columns; ++c) take(r, c);
      continue;
    }
    for (std::size_t c = 0; c < ring; ++c) take(r, c);
    for (std::size_t c = image.columns - ring; c < image.columns; ++c) take(r, c);
  }
  return values;
}

float median(std::vector<float> values) {  // of a non-empty list
  const auto middle = values.begin() + static_cast<std::ptrdiff_t>(values.size() / 2);
  std::nth_element(values.begin(), middle, values.end());
  return *middle;
}

// Rec. 601 luma. The public luminance() calls it too; inside the library it is inlined, which
// the exported function, interposable in a shared library, is not.
float luma(float red, float green, float blue) {
  return 0.299f * red + 0.587f * green + 0.114f * blue;
}

float opacity(const DecodedImage& image, std::size_t index) {
  return image.alpha.values.empty() ? 1.0f : image.alpha.values[index];
}

// Which input pixels make output pixel j along one axis, and with what weight: output pixel j
// covers input [j f, (j + 1) f), f = inputs per output; inputs past the end count as 0.
struct Tap {
  std::size_t input;
  double weight;
};
std::vector<std::vector<Tap>> area_taps(std::size_t inputs, std::size_t outputs, double f) {
  std::vector<std::vector<Tap>> taps(outputs);
  for (std::size_t j = 0; j < outputs; ++j) {
    const double low = j * f, high = (j + 1) * f;
    const auto first = static_cast<std::size_t>(std::floor(low));
    for (std::size_t i = first; i < inputs && static_cast<double>(i) < high; ++i) {
      const double overlap = std::min(high, i + 1.0) - std::max(low, static_cast<double>(i));
      if (overlap > 0) taps[j].push_back({i, overlap / f});
    }
  }
  return taps;
}

// Binary PGM (P5) and PPM (P6), as netpbm defines them: the magic, width, height and
// maximum value separated by whitespace (with # comments), one whitespace byte, then the
// samples, big-endian 16-bit ones when the maximum exceeds 255.
bool is_pnm(std::span<const std::uint8_t> bytes) {
  return bytes.size() >= 2 && bytes[0] == 'P' && (bytes[1] == '5' || bytes[1] == '6');
}

DecodedImage decode_pnm(std::span<const std::uint8_t> bytes, std::string_view name,
                        std::size_t max_side) {
  std::size_t at = 2;
  auto header_number = [&](const char* what, std::uint64_t largest) {
    for (;;) {  // whitespace and comments
      while (at < bytes.size() && std::isspace(bytes[at])) ++at;
      if (at >= bytes.size() || bytes[at] != '#') break;
      while (at < bytes.size() && bytes[at] != '\n' && bytes[at] != '\r') ++at;
    }
    std::uint64_t value = 0;
    const std::size_t first = at;
    while (at < bytes.size() && std::isdigit(bytes[at]) && value <= largest)
      value = value * 10 + (bytes[at++] - '0');
    if (at == first || value > largest || value == 0)
      fail(name, std::string("a damaged PGM/PPM header: its ") + what +
                     " is not a number from 1 to " + std::to_string(largest));
    return static_cast<std::size_t>(value);
  };
  const std::size_t colours = bytes[1] == '6' ? 3 : 1;
  const std::size_t width = header_number("width", 1'000'000'000);
  const std::size_t height = header_number("height", 1'000'000'000);
  check_sides(name, width, height, max_side);
  const std::size_t maximum = header_number("maximum value", 65535);
  if (at >= bytes.size() || !std::isspace(bytes[at]))
    fail(name, "a damaged PGM/PPM header: no whitespace after the maximum value");
  ++at;
  const std::size_t sample_bytes = maximum > 255 ? 2 : 1;
  const std::size_t needed = width * height * colours * sample_bytes;
  if (bytes.size() - at < needed)
    fail(name, "a truncated " + std::to_string(width) + "x" + std::to_string(height) +
                   " PGM/PPM image: " + std::to_string(bytes.size() - at) + " bytes of samples, " +
                   std::to_string(needed) + " needed");
  DecodedImage image;
  image.channels = static_cast<int>(colours);
  image.bits = sample_bytes == 2 ? 16 : 8;
  image.luminance = GreyImage(height, width);
  const float scale = 1.0f / static_cast<float>(maximum);
  auto sample = [&](std::size_t index) {
    const std::uint8_t* p = bytes.data() + at + index * sample_bytes;
    const unsigned value = sample_bytes == 2 ? (p[0] << 8 | p[1]) : p[0];
    return std::min(1.0f, static_cast<float>(value) * scale);
  };
  for (std::size_t i = 0; i < width * height; ++i)
    image.luminance.values[i] =
        colours == 3 ? luma(sample(3 * i), sample(3 * i + 1), sample(3 * i + 2)) : sample(i);
  return image;
}

// False for a JPEG with a Huffman table (DHT segment) of more than 256 symbols. Walks the
// markers as stb_image reads them: a segment's length skips its body, entropy-coded data is
// passed over to the next marker.
bool jpeg_tables_fit(std::span<const std::uint8_t> bytes) {
  if (bytes.size() < 2 || bytes[0] != 0xff || bytes[1] != 0xd8) return true;  // not a JPEG
  std::size_t at = 2;
  while (at + 1 < bytes.size()) {
    if (bytes[at] != 0xff || bytes[at + 1] == 0xff) {  // data, or fill before a marker
      ++at;
      continue;
    }
    const std::uint8_t marker = bytes[at + 1];
    at += 2;
    // Stuffed 0xff, restart markers, TEM and SOI have no length.
    if (marker == 0x00 || marker == 0x01 || (marker >= 0xd0 && marker <= 0xd8)) continue;
    if (marker == 0xd9 || at + 2 > bytes.size()) break;  // end of image
    const std::size_t length = std::size_t{bytes[at]} << 8 | bytes[at + 1];
    const std::size_t end = std::min(bytes.size(), at + std::max<std::size_t>(length, 2));
    if (marker == 0xc4)
      for (std::size_t table = at + 2; table + 17 <= end;) {
        std::size_t symbols = 0;
        for (std::size_t i = 1; i <= 16; ++i) symbols += bytes[table + i];
        if (symbols > 256) return false;
        table += 17 + symbols;
      }
    at = end;
  }
  return true;
}

}  // namespace

std::vector<std::uint8_t> read_image_file(const std::filesystem::path& path) {
  const std::string name = path.string();
  // O_NONBLOCK: opening a FIFO without a writer would otherwise wait for one.
  const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) fail(name, std::string("cannot be opened: ") + std::strerror(errno));
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};
  struct stat status {};
  if (::fstat(fd, &status) != 0) fail(name, std::string("cannot be read: ") + std::strerror(errno));
  if (S_ISDIR(status.st_mode)) fail(name, "is a directory, not an image file");
  if (!S_ISREG(status.st_mode)) fail(name, "is not a regular file (a FIFO, socket or device)");
  if (static_cast<std::uint64_t>(status.st_size) > max_image_file_bytes)
    fail(name, std::to_string(status.st_size) + " bytes, more than an image file may have (" +
                   std::to_string(max_image_file_bytes) + ")");
  std::vector<std::uint8_t> bytes;
  std::uint8_t block[1 << 16];
  for (;;) {
    const ssize_t count = ::read(fd, block, sizeof block);
    if (count < 0 && errno == EINTR) continue;
    if (count < 0) fail(name, std::string("reading failed: ") + std::strerror(errno));
    if (count == 0) break;
    if (bytes.size() + static_cast<std::size_t>(count) > max_image_file_bytes)
      fail(name, "grew beyond " + std::to_string(max_image_file_bytes) + " bytes while read");
    bytes.insert(bytes.end(), block, block + count);
  }
  return bytes;
}

float luminance(float red, float green, float blue) { return luma(red, green, blue); }

DecodedImage decode_image(std::span<const std::uint8_t> bytes, std::string_view name,
                          std::size_t max_side) {
  max_side = std::min(max_side, max_image_side);
  if (bytes.empty()) fail(name, "an empty file, not an image");
  // stb_image takes an int length; read_image_file's bound keeps far below it.
  if (bytes.size() > max_image_file_bytes)
    fail(name, std::to_string(bytes.size()) + " bytes, more than an image file may have");
  if (is_pnm(bytes)) return decode_pnm(bytes, name, max_side);
  if (!jpeg_tables_fit(bytes))
    fail(name, "a damaged JPEG image: a Huffman table of more than 256 symbols");
  const auto* data = reinterpret_cast<const stbi_uc*>(bytes.data());
  const int length = static_cast<int>(bytes.size());
  int width = 0, height = 0, channels = 0;
  if (!stbi_info_from_memory(data, length, &width, &height, &channels))
    fail(name, "not an image kudzu reads (PNG, JPEG, BMP, GIF, PGM/PPM or TGA): " +
                   std::string(stbi_failure_reason()));
  if (width <= 0 || height <= 0)
    fail(name, "the image's header gives it " + std::to_string(width) + "x" +
                   std::to_string(height) + " pixels");
  check_sides(name, static_cast<std::size_t>(width), static_cast<std::size_t>(height), max_side);
  const bool sixteen = stbi_is_16_bit_from_memory(data, length) != 0;
  int w = 0, h = 0, n = 0;
  std::unique_ptr<void, StbFree> pixels(
      sixteen ? static_cast<void*>(stbi_load_16_from_memory(data, length, &w, &h, &n, 0))
              : static_cast<void*>(stbi_load_from_memory(data, length, &w, &h, &n, 0)));
  if (!pixels)
    fail(name, "a damaged or truncated " + std::to_string(width) + "x" + std::to_string(height) +
                   " image: " + std::string(stbi_failure_reason()));
  if (w != width || h != height || n < 1 || n > 4)
    fail(name, "the image's header and its pixels disagree");

  DecodedImage image;
  image.channels = n;
  image.bits = sixteen ? 16 : 8;
  const std::size_t rows = static_cast<std::size_t>(h), columns = static_cast<std::size_t>(w);
  image.luminance = GreyImage(rows, columns);
  const bool has_alpha = n == 2 || n == 4;
  if (has_alpha) image.alpha = GreyImage(rows, columns);
  const float scale = sixteen ? 1.0f / 65535 : 1.0f / 255;
  const auto* narrow = static_cast<const std::uint8_t*>(pixels.get());
  const auto* wide = static_cast<const std::uint16_t*>(pixels.get());
  auto channel = [&](std::size_t at) { return (sixteen ? wide[at] : narrow[at]) * scale; };
  const std::size_t colour = n >= 3 ? 3 : 1, stride = static_cast<std::size_t>(n);
  for (std::size_t i = 0; i < rows * columns; ++i) {
    const std::size_t at = i * stride;
    image.luminance.values[i] =
        colour == 3 ? luma(channel(at), channel(at + 1), channel(at + 2)) : channel(at);
    if (has_alpha) image.alpha.values[i] = channel(at + colour);
  }
  return image;
}

Ink detect_ink(const DecodedImage& image) {
  const GreyImage& lum = image.luminance;
  const bool has_alpha = !image.alpha.values.empty();
  auto opaque = [&](std::size_t r, std::size_t c) {
    return !has_alpha || image.alpha.at(r, c) >= 0.5f;
  };
  const std::vector<float> paper_pixels = border_values(lum, opaque);
  const std::size_t border =
      border_values(lum, [](std::size_t, std::size_t) { return true; }).size();
  if (paper_pixels.size() * 4 < border) {
    // Transparent paper: the opaque pixels are the ink.
    double weight = 0, sum = 0;
    for (std::size_t i = 0; i < lum.values.size(); ++i) {
      weight += opacity(image, i);
      sum += opacity(image, i) * lum.values[i];
    }
    return weight > 0 && sum / weight > 0.5 ? Ink::light : Ink::dark;
  }
  const float paper = median(paper_pixels);
  double darker = 0, lighter = 0;
  for (std::size_t i = 0; i < lum.values.size(); ++i) {
    const double difference = lum.values[i] - paper;
    (difference < 0 ? darker : lighter) += opacity(image, i) * std::abs(difference);
  }
  return darker >= lighter ? Ink::dark : Ink::light;
}

GreyImage ink_of(const DecodedImage& image, Ink ink) {
  if (ink == Ink::automatic) throw UsageError("ink_of: the ink must be dark or light");
  const bool dark = ink == Ink::dark;
  const float paper = dark ? 1.0f : 0.0f;  // the colour a transparent pixel shows
  GreyImage result(image.luminance.rows, image.luminance.columns);
  for (std::size_t i = 0; i < result.values.size(); ++i) {
    const float a = opacity(image, i);
    const float shown = a * image.luminance.values[i] + (1 - a) * paper;
    result.values[i] = std::clamp(dark ? 1 - shown : shown, 0.0f, 1.0f);
  }
  return result;
}

GreyImage remove_background(const GreyImage& ink) {
  GreyImage result(ink.rows, ink.columns);
  if (ink.values.empty()) return result;
  const std::vector<float> border =
      border_values(ink, [](std::size_t, std::size_t) { return true; });
  const float level = median(border);
  std::vector<float> deviations;
  for (float v : border) deviations.push_back(std::abs(v - level));
  const float threshold = level + std::max(noise_margin, 4 * median(deviations));
  const float strongest = *std::max_element(ink.values.begin(), ink.values.end());
  if (strongest <= threshold) return result;
  const float stretch = 1 / (strongest - threshold);
  for (std::size_t i = 0; i < ink.values.size(); ++i)
    result.values[i] = std::clamp((ink.values[i] - threshold) * stretch, 0.0f, 1.0f);
  return result;
}

std::optional<Box> ink_bounds(const GreyImage& image) {
  std::size_t top = image.rows, bottom = 0, left = image.columns, right = 0;
  for (std::size_t r = 0; r < image.rows; ++r)
    for (std::size_t c = 0; c < image.columns; ++c)
      if (image.at(r, c) > 0) {
        top = std::min(top, r);
        bottom = std::max(bottom, r);
        left = std::min(left, c);
        right = std::max(right, c);
      }
  if (top == image.rows) return std::nullopt;
  return Box{top, left, bottom - top + 1, right - left + 1};
}

GreyImage crop(const GreyImage& image, const Box& box) {
  if (box.rows == 0 || box.columns == 0 || box.top + box.rows > image.rows ||
      box.left + box.columns > image.columns)
    throw UsageError("crop: the box lies outside the " + std::to_string(image.rows) + "x" +
                     std::to_string(image.columns) + " image");
  GreyImage result(box.rows, box.columns);
  for (std::size_t r = 0; r < box.rows; ++r)
    std::copy_n(image.values.begin() +
                    static_cast<std::ptrdiff_t>((box.top + r) * image.columns + box.left),
                box.columns, result.values.begin() + static_cast<std::ptrdiff_t>(r * box.columns));
  return result;
}

GreyImage scale_to_fit(const GreyImage& image, std::size_t side) {
  if (image.rows == 0 || image.columns == 0 || side == 0)
    throw UsageError("scale_to_fit: an empty image or side");
  // One scale for both axes: f input pixels per output pixel.
  const double f = static_cast<double>(std::max(image.rows, image.columns)) / side;
  auto outputs = [&](std::size_t inputs) {
    return std::clamp<std::size_t>(static_cast<std::size_t>(std::ceil(inputs / f - 1e-9)), 1, side);
  };
  const std::size_t rows = outputs(image.rows), columns = outputs(image.columns);
  const auto column_taps = area_taps(image.columns, columns, f);
  const auto row_taps = area_taps(image.rows, rows, f);
  std::vector<double> across(image.rows * columns, 0.0);  // columns averaged, rows not yet
  for (std::size_t r = 0; r < image.rows; ++r)
    for (std::size_t j = 0; j < columns; ++j)
      for (const Tap& tap : column_taps[j])
        across[r * columns + j] += tap.weight * image.at(r, tap.input);
  GreyImage result(rows, columns);
  for (std::size_t i = 0; i < rows; ++i)
    for (std::size_t j = 0; j < columns; ++j) {
      double sum = 0;
      for (const Tap& tap : row_taps[i]) sum += tap.weight * across[tap.input * columns + j];
      result.at(i, j) = static_cast<float>(std::clamp(sum, 0.0, 1.0));
    }
  return result;
}

std::optional<CentreOfMass> centre_of_mass(const GreyImage& image) {
  double mass = 0, row = 0, column = 0;
  for (std::size_t r = 0; r < image.rows; ++r)
    for (std::size_t c = 0; c < image.columns; ++c) {
      const double v = image.at(r, c);
      mass += v;
      row += v * r;
      column += v * c;
    }
  if (!(mass > 0)) return std::nullopt;
  return CentreOfMass{row / mass, column / mass};
}

GreyImage centre_in_frame(const GreyImage& digit, std::size_t side) {
  GreyImage frame(side, side);
  const CentreOfMass centre = centre_of_mass(digit).value_or(
      CentreOfMass{(digit.rows - 1) / 2.0, (digit.columns - 1) / 2.0});
  const auto limit = static_cast<std::ptrdiff_t>(side);
  // The shift that puts the centre of mass nearest side / 2, kept to those that leave the
  // whole digit in the frame when it fits.
  auto shift = [&](double at, std::size_t length) {
    const auto wanted = static_cast<std::ptrdiff_t>(std::lround(side / 2.0 - at));
    const std::ptrdiff_t room = limit - static_cast<std::ptrdiff_t>(length);
    return room >= 0 ? std::clamp<std::ptrdiff_t>(wanted, 0, room) : wanted;
  };
  const std::ptrdiff_t row_shift = shift(centre.row, digit.rows);
  const std::ptrdiff_t column_shift = shift(centre.column, digit.columns);
  for (std::size_t r = 0; r < digit.rows; ++r)
    for (std::size_t c = 0; c < digit.columns; ++c) {
      const std::ptrdiff_t to_row = static_cast<std::ptrdiff_t>(r) + row_shift;
      const std::ptrdiff_t to_column = static_cast<std::ptrdiff_t>(c) + column_shift;
      if (to_row >= 0 && to_row < limit && to_column >= 0 && to_column < limit)
        frame.at(static_cast<std::size_t>(to_row), static_cast<std::size_t>(to_column)) =
            digit.at(r, c);
    }
  return frame;
}

PreparedDigit prepare_digit(const DecodedImage& image, std::string_view name, Ink ink) {
  PreparedDigit prepared;
  prepared.ink = ink == Ink::automatic ? detect_ink(image) : ink;
  const GreyImage cleaned = remove_background(ink_of(image, prepared.ink));
  const std::optional<Box> box = ink_bounds(cleaned);
  if (!box)
    throw NoDigitError("no digit found in " + std::string(name) + " (it is blank or of one tone)");
  double mass = 0;
  for (float v : cleaned.values) mass += v;
  if (mass < least_ink_mass)
    throw NoDigitError("no digit found in " + std::string(name) +
                       " (only a speck of ink stands out from the paper)");
  prepared.seen = centre_in_frame(scale_to_fit(crop(cleaned, *box)));
  prepared.input = Tensor::from({1, prepared.seen.values.size()}, prepared.seen.values);
  return prepared;
}

PreparedDigit prepare_digit_file(const std::filesystem::path& path, Ink ink) {
  const std::vector<std::uint8_t> bytes = read_image_file(path);
  return prepare_digit(decode_image(bytes, path.string()), path.string(), ink);
}

}  // namespace kudzu
