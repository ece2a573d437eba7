// A run in miniature for the crash-consistency and concurrency tests of RunWriter: writes
// the results of run SEED into DIR through the library's commit, as kudzu-compare does.
//
//   commit_driver write DIR SEED [PAUSE_MS]  results of run SEED (odd seeds write a, b and c;
//                                            even seeds a, b and d), PAUSE_MS after each
//   commit_driver check DIR                  prints the seed of the run DIR holds, after
//                                            RunDirectory::open checked it whole
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include "kudzu/error.hpp"
#include "kudzu/files.hpp"
#include "kudzu/run_directory.hpp"

namespace {

std::vector<std::string> results_of(int seed) {
  return seed % 2 ? std::vector<std::string>{"a.txt", "b.txt", "c.txt"}
                  : std::vector<std::string>{"a.txt", "b.txt", "d.txt"};
}

std::string content_of(int seed, const std::string& name) {
  std::string text;
  for (int line = 0; line < 100; ++line)
    text += "run " + std::to_string(seed) + ", " + name + ", line " + std::to_string(line) + "\n";
  return text;
}

int write(const std::string& dir, int seed, int pause_ms) {
  kudzu::RunWriter writer(dir, {"a.txt", "b.txt", "c.txt", "d.txt"});
  for (const std::string& name : results_of(seed)) {
    kudzu::write_file_atomically(writer.staging() / name, content_of(seed, name));
    std::this_thread::sleep_for(std::chrono::milliseconds(pause_ms));
  }
  writer.commit();
  return 0;
}

int check(const std::string& dir) {
  const kudzu::RunDirectory run = kudzu::RunDirectory::open(dir);
  for (const int seed : {1, 2, 3, 4}) {
    const std::vector<std::string> names = results_of(seed);
    if (run.names() != names) continue;
    bool all = true;
    for (const std::string& name : names) all = all && run.bytes(name) == content_of(seed, name);
    if (all) {
      std::cout << seed << "\n";
      return 0;
    }
  }
  std::cerr << "commit_driver: " << dir << " holds no single run's results\n";
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const std::vector<std::string> args(argv + 1, argv + argc);
    if (args.size() >= 3 && args[0] == "write")
      return write(args[1], std::stoi(args[2]), args.size() > 3 ? std::stoi(args[3]) : 0);
    if (args.size() == 2 && args[0] == "check") return check(args[1]);
    std::cerr << "usage: commit_driver write DIR SEED [PAUSE_MS] | check DIR\n";
    return 2;
  } catch (const kudzu::Error& error) {
    std::cerr << "commit_driver: " << error.what() << "\n";
    return 1;
  }
}
