// Epochs of kudzu-compare's LeNet on all ten MNIST digits, timed as bench/pytorch/lenet.py
// times the same LeNet in PyTorch, for scripts/bench-lenet.sh to set side by side: Adam,
// batch 50, all 60,000 training images shuffled each epoch, cross-entropy on the logits,
// then the accuracy on the whole training and test sets. One line per epoch:
//
//   epoch 1  train 0.9790  test 0.9810  train_seconds 5.51  epoch_seconds 7.43
//
// train_seconds is the training loop alone; epoch_seconds adds the evaluation. Then one
// summary line with the machine facts.
//
// Usage: lenet_epoch_bench [--data data/mnist] [--epochs 2] [--threads 1] [--seed 1]
//        [--lr 0.001]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <string>

#include "kudzu/kudzu.hpp"
#include "kudzu/learner.hpp"
#include "kudzu/mnist.hpp"
#include "kudzu/networks.hpp"
#include "report.hpp"

namespace {

using Clock = std::chrono::steady_clock;

struct Arguments {
  std::string data = "data/mnist";
  int epochs = 2, threads = 1;
  std::uint64_t seed = 1;
  float learning_rate = 0.001f;
};

// A learning rate: a positive number.
float parse_learning_rate(const std::string& value) {
  char* end = nullptr;
  const float rate = value.empty() ? 0 : std::strtof(value.c_str(), &end);
  if (value.empty() || *end != '\0' || !(rate > 0 && rate < 1e30f))
    throw kudzu::UsageError("--lr: expected a positive number, got '" + value + "'");
  return rate;
}

// A whole number from 1 to 10^9, or a UsageError naming the option.
int whole(const std::string& option, const std::string& value) {
  if (value.empty() || value.size() > 9 ||
      value.find_first_not_of("0123456789") != std::string::npos || std::stoi(value) < 1)
    throw kudzu::UsageError(option + ": expected a whole number from 1, got '" + value + "'");
  return std::stoi(value);
}

Arguments parse(int argc, char** argv) {
  Arguments arguments;
  for (int i = 1; i < argc; i += 2) {
    const std::string option = argv[i];
    if (i + 1 >= argc) throw kudzu::UsageError(option + " needs a value");
    const std::string value = argv[i + 1];
    if (option == "--data")
      arguments.data = value;
    else if (option == "--epochs")
      arguments.epochs = whole(option, value);
    else if (option == "--threads")
      arguments.threads = whole(option, value);
    else if (option == "--seed")
      arguments.seed = std::uint64_t(whole(option, value));
    else if (option == "--lr")
      arguments.learning_rate = parse_learning_rate(value);
    else
      throw kudzu::UsageError("unknown option '" + option +
                              "' (known: --data, --epochs, --threads, --seed, --lr)");
  }
  return arguments;
}

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

int run(const Arguments& arguments) {
  using namespace kudzu;
  // N threads: this one and a pool of N - 1 that conv2d and max_pool2d split their images
  // over (ParallelOps), every BLAS call single-threaded.
  set_blas_threads(1);
  std::optional<ThreadPool> pool;
  std::optional<ParallelOps> parallel;
  if (arguments.threads > 1) {
    pool.emplace(std::size_t(arguments.threads - 1));
    parallel.emplace(*pool);
  }
  const DigitPair data = load_digits(arguments.data, {0, 1, 2, 3, 4, 5, 6, 7, 8, 9});
  const Data train_data(data.x_train, data.y_train), test_data(data.x_test, data.y_test);
  Rng rng(arguments.seed);
  Model logits = lenet(10, 0, rng).slice(0, -1);  // cross_entropy takes logits
  const CrossEntropy loss;
  Adam optimizer(arguments.learning_rate);
  Sampler sampler(train_data, 50, /*shuffle=*/true, arguments.seed);
  Dataloader loader(train_data, sampler);
  for (int epoch = 0; epoch < arguments.epochs; ++epoch) {
    const Clock::time_point start = Clock::now();
    for (auto&& [xb, yb] : loader) {
      Tensor value = loss(logits(xb), yb);
      value.backward();
      optimizer.step(logits);
      optimizer.zero_grad(logits);
    }
    const double trained = seconds_since(start);
    const double train_accuracy = accuracy(logits, train_data, 2000);
    const double test_accuracy = accuracy(logits, test_data, 2000);
    std::printf("epoch %d  train %.4f  test %.4f  train_seconds %.2f  epoch_seconds %.2f\n",
                epoch + 1, train_accuracy, test_accuracy, trained, seconds_since(start));
    std::fflush(stdout);
  }
  std::printf("machine: %s, %d working threads\n", bench::machine(1).c_str(), arguments.threads);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 2 && (std::string(argv[1]) == "--help" || std::string(argv[1]) == "-h")) {
    std::cout << "Usage: lenet_epoch_bench [--data data/mnist] [--epochs 2] [--threads 1] "
                 "[--seed 1] [--lr 0.001]\nTimes epochs of kudzu-compare's LeNet on all ten "
                 "digits (scripts/bench-lenet.sh sets them beside PyTorch's).\n";
    return 0;
  }
  try {
    return run(parse(argc, argv));
  } catch (const kudzu::UsageError& error) {
    std::cerr << "lenet_epoch_bench: " << error.what() << "\n";
    return 2;
  } catch (const std::exception& error) {
    std::cerr << "lenet_epoch_bench: " << error.what() << "\n";
    return 1;
  }
}
