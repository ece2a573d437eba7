// The message of an expected exception, for tests that compare it with the exact text.
#pragma once

#include <boost/test/unit_test.hpp>
#include <string>

namespace kudzu::testing {

// The message of the E that call() throws; empty, and a failed check, when it throws none.
template <class E, class Call>
std::string error_of(Call call) {
  try {
    call();
  } catch (const E& error) {
    return error.what();
  }
  BOOST_ERROR("nothing was thrown");
  return "";
}

}  // namespace kudzu::testing
