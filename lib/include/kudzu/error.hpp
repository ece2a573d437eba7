// Errors Kudzu throws. Every one derives from kudzu::Error (a std::runtime_error) and its
// message carries the facts a user needs to fix the problem: the op and every shape, the
// file with what was expected and what was found.
#pragma once

#include <stdexcept>
#include <string>

namespace kudzu {

struct Error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Operands whose shapes do not fit the op: "matmul: {50,784} x {100,784}: ...".
struct ShapeError : Error {
  using Error::Error;
};

// A data file (IDX, CSV) that is missing, truncated or inconsistent.
struct DataError : Error {
  using Error::Error;
};

// A model file that is damaged, of another version or of another architecture.
struct FormatError : Error {
  using Error::Error;
};

// A call that is not valid in the current state (a second backward through a released
// graph, an in-place change of a leaf the tape tracks, a bad argument value).
struct UsageError : Error {
  using Error::Error;
};

}  // namespace kudzu
