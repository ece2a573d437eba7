// Compiled with the nn layer's include path only: the layering test expects this to fail,
// because nn must not see the io layer above it.
#include "kudzu/nn.hpp"          // visible: the nn layer's own
#include "kudzu/model_file.hpp"  // not visible: the io layer
