// Compiled twice by check.cmake: as it stands it must fail, because the backward captures a
// tensor (which would keep its graph alive on the tape); with -DKUDZU_CONTROL, where the
// same backward captures nothing, it must compile, so the failure is the capture's alone.
#include "kudzu/custom_op.hpp"

using namespace kudzu;

Tensor scaled(const Tensor& x, const Tensor& factor) {
#ifdef KUDZU_CONTROL
  return custom_op<float>(
      "scaled", {x, factor}, x.shape(), [](const OpValue<float>&) {},
      [](const OpBackward<float>& op) { (void)op.input(1); });
#else
  return custom_op<float>(
      "scaled", {x}, x.shape(), [](const OpValue<float>&) {},
      [factor](const OpBackward<float>&) { (void)factor; });
#endif
}
