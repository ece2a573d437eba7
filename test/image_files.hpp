// Image files made in memory for the digit-image tests and the fuzzer's seeds: an 8-bit
// picture (grey, grey + alpha, RGB or RGBA) encoded as PNG, JPEG, BMP or TGA through
// stb_image_write (libstb), a 16-bit PGM, and a two-frame GIF written byte by byte.
#pragma once

#include <stb_image_write.h>

#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace kudzu::testing {

// 8 bits a channel, row-major, channels interleaved.
struct Picture {
  int width = 0, height = 0, channels = 1;
  std::vector<std::uint8_t> bytes;

  Picture(int width, int height, int channels, std::uint8_t fill = 255)
      : width(width),
        height(height),
        channels(channels),
        bytes(static_cast<std::size_t>(width) * height * channels, fill) {}
  std::uint8_t* pixel(int x, int y) {
    return bytes.data() + (static_cast<std::size_t>(y) * width + x) * channels;
  }
  // Sets every channel of the pixels in [x0, x1) x [y0, y1) to `value`, alpha to `alpha`.
  void fill(int x0, int y0, int x1, int y1, std::uint8_t value, std::uint8_t alpha = 255) {
    for (int y = y0; y < y1; ++y)
      for (int x = x0; x < x1; ++x) {
        std::uint8_t* p = pixel(x, y);
        const bool has_alpha = channels == 2 || channels == 4;
        for (int c = 0; c < channels; ++c) p[c] = has_alpha && c == channels - 1 ? alpha : value;
      }
  }
};

enum class Format { png, jpeg, bmp, tga };

inline std::vector<std::uint8_t> encode(const Picture& picture, Format format, int quality = 90) {
  std::vector<std::uint8_t> out;
  auto append = [](void* context, void* data, int size) {
    auto* bytes = static_cast<std::vector<std::uint8_t>*>(context);
    bytes->insert(bytes->end(), static_cast<std::uint8_t*>(data),
                  static_cast<std::uint8_t*>(data) + size);
  };
  const void* data = picture.bytes.data();
  const int w = picture.width, h = picture.height, n = picture.channels;
  int ok = 0;
  switch (format) {
    case Format::png:
      ok = stbi_write_png_to_func(append, &out, w, h, n, data, w * n);
      break;
    case Format::jpeg:
      ok = stbi_write_jpg_to_func(append, &out, w, h, n, data, quality);
      break;
    case Format::bmp:
      ok = stbi_write_bmp_to_func(append, &out, w, h, n, data);
      break;
    case Format::tga:
      ok = stbi_write_tga_to_func(append, &out, w, h, n, data);
      break;
  }
  if (!ok) throw std::runtime_error("stb_image_write failed");
  return out;
}

// A 16-bit binary PGM of grey values 0 to `maximum`, row-major (big-endian in the file).
inline std::vector<std::uint8_t> pgm16(int width, int height, const std::vector<std::uint16_t>& v,
                                       int maximum = 65535) {
  const std::string header = "P5\n# made by a test\n" + std::to_string(width) + " " +
                             std::to_string(height) + "\n" + std::to_string(maximum) + "\n";
  std::vector<std::uint8_t> out(header.begin(), header.end());
  for (std::uint16_t value : v) {
    out.push_back(static_cast<std::uint8_t>(value >> 8));
    out.push_back(static_cast<std::uint8_t>(value & 0xff));
  }
  return out;
}

// A 1x1 GIF of two frames: white, then black. A reader of the first frame sees white.
inline std::vector<std::uint8_t> two_frame_gif() {
  const std::uint8_t bytes[] = {'G',  'I',  'F',  '8',  '9', 'a', 1, 0, 1, 0,
                                0x80, 0,    0,                   // 1x1, a 2-colour global palette
                                0xff, 0xff, 0xff, 0,    0,   0,  // palette: white, black
                                ',',  0,    0,    0,    0,   1,   0, 1, 0, 0,  // frame 1
                                2,    2,    0x44, 0x01, 0,  // LZW: clear, index 0, end
                                ',',  0,    0,    0,    0,   1,   0, 1, 0, 0,  // frame 2
                                2,    2,    0x4c, 0x01, 0,  // LZW: clear, index 1, end
                                ';'};
  return {std::begin(bytes), std::end(bytes)};
}

}  // namespace kudzu::testing
