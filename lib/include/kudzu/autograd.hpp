// Control of the tape that records ops for backward().
//
// Recording is per thread: an op is recorded when recording is on and any of its inputs
// requires a gradient. backward() sweeps the recorded ops in reverse creation order and
// then releases them, returning their buffers to a pool that the next step reuses.
#pragma once

#include <cstddef>
#include <string>

namespace kudzu {

// Turns recording off on this thread for the guard's scope and restores the previous
// state afterwards (inference, evaluation, optimizer updates).
class NoGrad {
 public:
  NoGrad();
  ~NoGrad();
  NoGrad(const NoGrad&) = delete;
  NoGrad& operator=(const NoGrad&) = delete;

 private:
  bool previous_;
};

// Whether ops are recorded on this thread now.
bool is_recording();

// Releases everything recorded on this thread without a backward sweep: for a forward
// pass whose result will not be differentiated after all. Tensors produced by the
// released ops keep their values.
void clear_tape();

// Number of ops recorded on this thread since the last release (float and double tapes).
std::size_t tape_size();

// The recorded ops as a small program, one line per op, for debugging:
//   %2 = matmul(leaf{4,3}, leaf{3,2}) -> {4,2}
//   %3 = add(%2, leaf{1,2}) -> {4,2}
template <class T = float>
std::string dump_tape();

}  // namespace kudzu
