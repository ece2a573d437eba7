// Compiled with the plot layer's include path only: the layering test expects this to fail,
// because the figures library sees nothing of the core.
#include "kudzu/plot.hpp"    // visible: the plot layer's own
#include "kudzu/tensor.hpp"  // not visible: the core
