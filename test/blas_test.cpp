#define BOOST_TEST_MODULE blas
#include "kudzu/blas.hpp"

#include <boost/test/unit_test.hpp>
#include <string>

#include "support.hpp"

using namespace kudzu;
using kudzu::testing::contains;

namespace {}  // namespace

BOOST_AUTO_TEST_CASE(the_report_names_core_threads_and_cpu) {
  set_blas_threads(1);
  const BlasInfo info = blas_info();
  BOOST_TEST(!info.core.empty());
  BOOST_TEST(info.threads == 1);
  BOOST_TEST(!info.cpu.empty());
  const std::string line = describe(info);
  BOOST_TEST(contains(line, "OpenBLAS core " + info.core));
  BOOST_TEST(contains(line, "1 thread"));
  BOOST_TEST(contains(line, info.cpu_vector));
}

BOOST_AUTO_TEST_CASE(a_generic_core_on_a_capable_cpu_gets_advice_naming_the_variable) {
  BlasInfo info;
  info.core = "Prescott";
  info.cpu_vector = "AVX-512";
  info.generic_core = true;
  const std::string advice = blas_advice(info);
  BOOST_TEST(contains(advice, "OPENBLAS_CORETYPE"));
  BOOST_TEST(contains(advice, "'Prescott'"));
  BOOST_TEST(contains(advice, "SkylakeX"));
  info.cpu_vector = "AVX2";
  BOOST_TEST(contains(blas_advice(info), "Haswell"));
}

BOOST_AUTO_TEST_CASE(a_fitting_core_gets_no_advice) {
  BlasInfo info;
  info.core = "Haswell";
  info.cpu_vector = "AVX2";
  info.generic_core = false;
  BOOST_TEST(blas_advice(info).empty());
  // And what blas_info() finds on this machine is consistent with its own advice.
  const BlasInfo here = blas_info();
  BOOST_TEST(blas_advice(here).empty() == !here.generic_core);
}
