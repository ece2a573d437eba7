// Seeded, reproducible random numbers: the same seed gives the same numbers on every
// machine and standard library (unlike std::normal_distribution).
#pragma once

#include <cstddef>
#include <cstdint>

namespace kudzu {

// xoshiro256** seeded through splitmix64; normal deviates by the Box-Muller transform.
class Rng {
 public:
  // Generators with the same seed but different streams are independent. One seed can
  // then drive several consumers (initial weights, data order) without their drawing the
  // same random bits.
  explicit Rng(std::uint64_t seed = 42, std::uint64_t stream = 0);

  std::uint64_t next();                // 64 uniform bits
  double uniform();                    // in [0, 1)
  double normal();                     // mean 0, standard deviation 1
  std::size_t below(std::size_t n);    // uniform in [0, n), without modulo bias

 private:
  std::uint64_t state_[4];
  double spare_normal_ = 0;
  bool has_spare_normal_ = false;
};

// The generator layers draw their initial weights from when none is given.
Rng& default_rng();
// Reseeds default_rng(), as torch.manual_seed does.
void manual_seed(std::uint64_t seed);

}  // namespace kudzu
