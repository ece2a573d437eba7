// Compiled with the core layer's include path only: the layering test expects this to fail,
// because the core must not see the nn layer above it.
#include "kudzu/tensor.hpp"  // visible: the core's own
#include "kudzu/nn.hpp"      // not visible: the nn layer
