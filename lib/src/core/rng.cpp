#include "kudzu/rng.hpp"

#include <cmath>
#include <numbers>

namespace kudzu {
namespace {

std::uint64_t splitmix64(std::uint64_t& x) {
  std::uint64_t z = (x += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

}  // namespace

Rng::Rng(std::uint64_t seed, std::uint64_t stream) {
  // The stream moves the seed by a multiple of an odd constant; splitmix64 then scatters
  // nearby seeds into unrelated states.
  seed += stream * 0xd1b54a32d192ed03ULL;
  for (auto& word : state_) word = splitmix64(seed);
}

std::uint64_t Rng::next() {
  const std::uint64_t result = rotl(state_[1] * 5, 7) * 9;
  const std::uint64_t t = state_[1] << 17;
  state_[2] ^= state_[0];
  state_[3] ^= state_[1];
  state_[1] ^= state_[2];
  state_[0] ^= state_[3];
  state_[2] ^= t;
  state_[3] = rotl(state_[3], 45);
  return result;
}

double Rng::uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

double Rng::normal() {
  if (has_spare_normal_) {
    has_spare_normal_ = false;
    return spare_normal_;
  }
  double u1 = uniform();
  while (u1 <= 0) u1 = uniform();  // log(0) is not a number
  const double u2 = uniform();
  const double radius = std::sqrt(-2.0 * std::log(u1));
  const double angle = 2.0 * std::numbers::pi * u2;
  spare_normal_ = radius * std::sin(angle);
  has_spare_normal_ = true;
  return radius * std::cos(angle);
}

std::size_t Rng::below(std::size_t n) {
  // Lemire's multiply-and-reject: unbiased and needs no division in the common case.
  __uint128_t product = static_cast<__uint128_t>(next()) * n;
  auto low = static_cast<std::uint64_t>(product);
  if (low < n) {
    const std::uint64_t threshold = -static_cast<std::uint64_t>(n) % n;
    while (low < threshold) {
      product = static_cast<__uint128_t>(next()) * n;
      low = static_cast<std::uint64_t>(product);
    }
  }
  return static_cast<std::size_t>(product >> 64);
}

Rng& default_rng() {
  static Rng rng(42);
  return rng;
}

void manual_seed(std::uint64_t seed) { default_rng() = Rng(seed); }

}  // namespace kudzu
