// Writes the model-file fuzzer's seed corpus into the directory given: small valid files with
// every layer kind and one with metadata, for libFuzzer to mutate.
#include <filesystem>
#include <iostream>

#include "kudzu/model_file.hpp"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: model_seeds DIR\n";
    return 2;
  }
  using namespace kudzu;
  const std::filesystem::path dir = argv[1];
  std::filesystem::create_directories(dir);
  Rng rng(1);
  save(Model({Affine("first", 4, 3, rng), Relu("relu"), Affine("third", 3, 2, rng),
              Affine("output", 2, 1, rng), Sigmoid("sigmoid")}),
       dir / "network.kudzu");
  save(Model({Affine("logistic", 5, 1, rng), Sigmoid("sigmoid")}), dir / "logistic.kudzu");
  save(Model({Affine("a", 2, 3, rng), Tanh("tanh"), Affine("b", 3, 3, rng), Softmax("softmax")}),
       dir / "softmax.kudzu");
  save(Model({}), dir / "empty.kudzu");
  save(Model({Affine("linear", 4, 1, rng), Sigmoid("sigmoid")}), dir / "classes.kudzu",
       {{"3", "8"}, "mnist-28x28"});
  return 0;
}
