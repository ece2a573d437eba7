// Writes the files test/predict_app_test.sh hands kudzu-predict: models it must refuse or may
// use, images without a digit or not images at all, and, given the MNIST directory, two real
// test digits (a 3 and an 8) written as a person might, black on white and enlarged.
// Usage: predict_test_files DIR [MNIST_DIR]
#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <iostream>

#include "image_files.hpp"
#include "kudzu/mnist.hpp"
#include "kudzu/model_file.hpp"
#include "kudzu/networks.hpp"

namespace {

using namespace kudzu;
using kudzu::testing::encode;
using kudzu::testing::Format;
using kudzu::testing::Picture;
namespace fs = std::filesystem;

void write(const fs::path& path, const std::vector<std::uint8_t>& bytes) {
  std::ofstream(path, std::ios::binary)
      .write(reinterpret_cast<const char*>(bytes.data()),
             static_cast<std::streamsize>(bytes.size()));
}

void put_u32(std::string& bytes, std::size_t at, std::uint32_t value) {
  for (int i = 0; i < 4; ++i) bytes[at + i] = static_cast<char>(value >> (8 * i));
}

// The model as a version-1 file: no setting counts, no metadata block (5 bytes when empty, just
// before the values), version 1, size and checksum fitted again.
std::string version_1(const Model& model) {
  std::string bytes = encode_model(model);
  // Version 3 gives each layer a setting count after its kind (0 for these layers).
  std::size_t at = 24;  // after the header
  for (const Layer& layer : model.layers()) {
    at += 2 + layer.name().size() + layer.kind().size();
    bytes.erase(at, 4);
    at += 4;  // the parameter count
    for (const NamedParameter& p : layer.parameters())
      at += 1 + p.name.size() + 4 + 4 * p.value.rank();
  }
  std::size_t values = 0;
  for (const NamedParameter& p : model.parameters()) values += p.value.size();
  bytes.erase(bytes.size() - 4 - 4 * values - 5, 5);
  put_u32(bytes, 8, 1);
  const std::uint64_t size = bytes.size();
  for (int i = 0; i < 8; ++i) bytes[12 + i] = static_cast<char>(size >> (8 * i));
  const auto crc = static_cast<std::uint32_t>(
      crc32(0L, reinterpret_cast<const Bytef*>(bytes.data()), uInt(bytes.size() - 4)));
  put_u32(bytes, bytes.size() - 4, crc);
  return bytes;
}

// MNIST test image `row` of `x` {N,784} as black ink on white, `scale` times larger, on a
// page with room around it.
Picture as_written(const Tensor& x, std::size_t row, int scale) {
  const int side = 28 * scale;
  Picture page(side + 2 * side / 3, side + side / 2, 1, 255);
  const float* digit = x.data() + row * 784;
  for (int y = 0; y < side; ++y)
    for (int c = 0; c < side; ++c)
      page.pixel(c + side / 4, y + side / 6)[0] =
          static_cast<std::uint8_t>(255 * (1 - digit[(y / scale) * 28 + c / scale]));
  return page;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || argc > 3) {
    std::cerr << "usage: predict_test_files DIR [MNIST_DIR]\n";
    return 2;
  }
  const fs::path dir = argv[1];
  fs::create_directories(dir);
  Rng rng(5);
  save(Model({Affine("linear", 10, 1, rng), Sigmoid("sigmoid")}), dir / "wide.kudzu");
  save(Model({Affine("linear", 784, 3, rng), Relu("relu")}), dir / "relu.kudzu");
  std::vector<std::string> digits;
  for (char c = '0'; c <= '9'; ++c) digits.emplace_back(1, c);
  save(Model({Affine("linear", 784, 10, rng), Softmax("softmax")}), dir / "ten.kudzu",
       {digits, "mnist-28x28"});
  // A LeNet (untrained: any digit will do) takes the same 784 pixels; a Conv2d first cannot.
  save(lenet(10, 0, rng), dir / "lenet.kudzu", {digits, "mnist-28x28"});
  save(Model({Conv2d("conv", 1, 2, 3, 1, 0, rng), Flatten("flatten"),
              Affine("linear", 1352, 10, rng), Softmax("softmax")}),
       dir / "conv-first.kudzu", {digits, "mnist-28x28"});
  save(Model({Affine("linear", 784, 1, rng), Sigmoid("sigmoid")}), dir / "other-input.kudzu",
       {{"a", "b"}, "cifar-32x32"});
  std::ofstream(dir / "v1.kudzu", std::ios::binary)
      << version_1(Model({Affine("linear", 784, 1, rng), Sigmoid("sigmoid")}));

  write(dir / "blank.png", encode(Picture(200, 150, 1, 250), Format::png));
  write(dir / "grey.jpg", encode(Picture(300, 200, 3, 128), Format::jpeg));
  Picture canvas(200, 200, 4, 0);  // an RGBA canvas: a black stroke on transparent
  canvas.fill(90, 40, 110, 160, 0, 255);
  write(dir / "canvas.png", encode(canvas, Format::png));
  std::vector<std::uint8_t> truncated = encode(Picture(64, 64, 3, 90), Format::png);
  truncated.resize(truncated.size() / 2);
  write(dir / "truncated.png", truncated);
  const std::string huge = "P5\n9000 9000\n255\n";
  write(dir / "huge.pgm", {huge.begin(), huge.end()});

  if (argc == 3) {
    const DigitPair data = load_digit_pair(argv[2], 3, 8);
    std::size_t three = 0, eight = 0;
    while (data.digits_test[three] != 3) ++three;
    while (data.digits_test[eight] != 8) ++eight;
    write(dir / "three.png", encode(as_written(data.x_test, three, 6), Format::png));
    write(dir / "eight.jpg", encode(as_written(data.x_test, eight, 5), Format::jpeg, 85));
  }
  return 0;
}
