// Writes the digit-image fuzzer's seed corpus into the directory given: a small drawn stroke
// in every format and channel layout the reader takes, for libFuzzer to mutate.
#include <filesystem>
#include <fstream>
#include <iostream>

#include "image_files.hpp"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: digit_image_seeds DIR\n";
    return 2;
  }
  using namespace kudzu::testing;
  const std::filesystem::path dir = argv[1];
  std::filesystem::create_directories(dir);
  auto write = [&](const std::string& name, const std::vector<std::uint8_t>& bytes) {
    std::ofstream(dir / name, std::ios::binary)
        .write(reinterpret_cast<const char*>(bytes.data()),
               static_cast<std::streamsize>(bytes.size()));
  };
  for (int channels = 1; channels <= 4; ++channels) {
    Picture picture(12, 16, channels, channels % 2 ? 255 : 0);  // alpha layouts: transparent
    picture.fill(5, 3, 8, 13, 0, 255);
    const std::string n = std::to_string(channels);
    write("stroke-" + n + ".png", encode(picture, Format::png));
    write("stroke-" + n + ".bmp", encode(picture, Format::bmp));
    write("stroke-" + n + ".tga", encode(picture, Format::tga));
    if (channels != 2 && channels != 4)
      write("stroke-" + n + ".jpg", encode(picture, Format::jpeg));
  }
  std::vector<std::uint16_t> wide(8 * 8, 60000);
  for (int y = 2; y < 6; ++y) wide[y * 8 + 3] = 100;
  write("stroke-16.pgm", pgm16(8, 8, wide));
  write("stroke-1000.pgm", pgm16(8, 8, wide, 1000));
  const std::string ppm = "P6\n2 2\n255\n\xff\xff\xff\x00\x00\x00\xff\xff\xff\x10\x20\x30";
  write("tiny.ppm", {ppm.begin(), ppm.end()});
  write("two-frames.gif", two_frame_gif());
  return 0;
}
