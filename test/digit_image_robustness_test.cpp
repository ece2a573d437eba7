// Real digits written as a person might: 200 MNIST test 3s and 8s, black ink on white or on
// grey paper, enlarged 3 to 10 times, off-centre on a larger page, some as JPEG, some in
// colour. Prepared by kudzu/digit_image.hpp, the network must decide on them as it decides on
// the original 28x28 images, for at least 97% of them.
//
// The test trains its own network (kudzu-compare's 784-100-100-2-1 and its training, 5 epochs
// of Adam, a few seconds) rather than reading runs/latest, so that it checks this build's
// preparation against a model it knows, whatever run lies around. Without MNIST in data/mnist
// it is skipped (exit 77), as compare_app is; scripts/test.sh fetches the files.
// KUDZU_ROBUSTNESS_DUMP=DIR writes the images it makes into DIR, to look at.
#define BOOST_TEST_MODULE digit_image_robustness
#define BOOST_TEST_NO_MAIN
#include <boost/test/unit_test.hpp>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>

#include "experiment.hpp"
#include "image_files.hpp"
#include "kudzu/autograd.hpp"
#include "kudzu/digit_image.hpp"
#include "kudzu/mnist.hpp"
#include "kudzu/networks.hpp"

namespace {

using namespace kudzu;
using kudzu::testing::encode;
using kudzu::testing::Format;
using kudzu::testing::Picture;
namespace fs = std::filesystem;

const fs::path mnist_dir = KUDZU_MNIST_DIR;
constexpr std::size_t images = 200;

// The 28x28 image's ink (0 to 1) at a point between pixel centres, bilinearly: a smooth
// enlargement, as a pen stroke is, not blocks.
double ink_at(const float* digit, double row, double column) {
  auto pixel = [&](long r, long c) {
    return r < 0 || r > 27 || c < 0 || c > 27 ? 0.0 : double(digit[r * 28 + c]);
  };
  const long r0 = static_cast<long>(std::floor(row)), c0 = static_cast<long>(std::floor(column));
  const double fr = row - r0, fc = column - c0;
  return (1 - fr) * ((1 - fc) * pixel(r0, c0) + fc * pixel(r0, c0 + 1)) +
         fr * ((1 - fc) * pixel(r0 + 1, c0) + fc * pixel(r0 + 1, c0 + 1));
}

struct Rendering {
  std::vector<std::uint8_t> file;
  std::string name;  // says how it was made
};

// Image `index` of the test set written as a person might, chosen by `rng`.
Rendering render(const float* digit, std::size_t index, std::mt19937& rng) {
  auto uniform = [&](double low, double high) {
    return std::uniform_real_distribution<double>(low, high)(rng);
  };
  const double scale = uniform(3, 10);
  const int side = static_cast<int>(std::lround(28 * scale));
  const int width = side + static_cast<int>(uniform(0.2, 1.2) * side);
  const int height = side + static_cast<int>(uniform(0.2, 1.2) * side);
  const int left = static_cast<int>(uniform(0, width - side)),
            top = static_cast<int>(uniform(0, height - side));
  const bool grey = index % 3 == 1, jpeg = index % 4 == 2, colour = index % 5 == 3;
  const double paper = grey ? uniform(0.55, 0.85) : 1.0;
  std::normal_distribution<double> grain(0, grey ? 0.02 : 0.0);
  Picture picture(width, height, colour ? 3 : 1);
  const double ink_colour[3] = {0.05, 0.1, colour ? 0.45 : 0.1};  // dark blue in colour
  for (int y = 0; y < height; ++y)
    for (int x = 0; x < width; ++x) {
      const double v = ink_at(digit, (y - top + 0.5) / scale - 0.5, (x - left + 0.5) / scale - 0.5);
      const double p = std::clamp(paper + grain(rng), 0.0, 1.0);
      for (int c = 0; c < picture.channels; ++c)
        picture.pixel(x, y)[c] =
            static_cast<std::uint8_t>(std::lround(255 * ((1 - v) * p + v * ink_colour[c])));
    }
  Rendering rendering;
  rendering.file =
      encode(picture, jpeg ? Format::jpeg : Format::png, static_cast<int>(uniform(70, 95)));
  rendering.name = "test-" + std::to_string(index) + "-x" + std::to_string(scale).substr(0, 4) +
                   (grey ? "-grey" : "") + (colour ? "-colour" : "") + (jpeg ? ".jpg" : ".png");
  return rendering;
}

BOOST_AUTO_TEST_CASE(the_network_decides_on_prepared_renderings_as_on_the_originals) {
  const DigitPair data = load_digit_pair(mnist_dir, 3, 8);
  compare::Options options;
  options.epochs = 5;
  options.optimizer = "adam";
  options.progress = false;
  options.quiet = true;
  Rng rng(options.seed);
  const compare::ModelRun run =
      compare::train_model("nn", "network", original_network(784, 2, 2, rng), data, options, {});
  BOOST_TEST_REQUIRE(run.test_accuracy > 0.97);

  const char* dump = std::getenv("KUDZU_ROBUSTNESS_DUMP");
  if (dump) fs::create_directories(dump);
  std::mt19937 choices(2024);
  NoGrad no_grad;
  std::size_t agree = 0, no_digit = 0;
  BOOST_TEST_REQUIRE(data.x_test.shape()[0] >= images);
  for (std::size_t i = 0; i < images; ++i) {
    const float* digit = data.x_test.data() + i * 784;
    const bool original =
        run.model(Tensor::from({1, 784}, std::span<const float>(digit, 784))).item() >= 0.5f;
    const Rendering rendering = render(digit, i, choices);
    if (dump)
      std::ofstream(fs::path(dump) / rendering.name, std::ios::binary)
          .write(reinterpret_cast<const char*>(rendering.file.data()),
                 static_cast<std::streamsize>(rendering.file.size()));
    try {
      const PreparedDigit prepared =
          prepare_digit(decode_image(rendering.file, rendering.name), rendering.name);
      const bool decided = run.model(prepared.input).item() >= 0.5f;
      if (decided == original)
        ++agree;
      else
        BOOST_TEST_MESSAGE(rendering.name << ": decided otherwise than on the original");
    } catch (const NoDigitError& e) {
      ++no_digit;
      BOOST_TEST_MESSAGE(e.what());
    }
  }
  std::cout << "robustness: " << agree << " of " << images
            << " renderings decided as their originals (" << 100.0 * agree / images << "%); "
            << no_digit << " without a digit found\n";
  BOOST_TEST(no_digit == 0u);
  BOOST_TEST(agree >= images * 97 / 100);
}

}  // namespace

int main(int argc, char* argv[]) {
  if (!fs::exists(mnist_dir / "t10k-images-idx3-ubyte") &&
      !fs::exists(mnist_dir / "t10k-images-idx3-ubyte.gz")) {
    std::cout << "no MNIST files in " << mnist_dir.string()
              << " (scripts/fetch-mnist.sh fetches them): skipped\n";
    return 77;
  }
  return boost::unit_test::unit_test_main([] { return true; }, argc, argv);
}
