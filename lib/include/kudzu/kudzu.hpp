// Kudzu: a small tape-based reverse-mode automatic differentiation library, and a
// neural-network stack built on it.
//
//   #include <kudzu/kudzu.hpp>
//   using namespace kudzu;
//
//   Rng rng(42);
//   Tensor x = Tensor::randn({4, 3}, rng);                     // float32, no gradient
//   Tensor w = Tensor::randn({3, 2}, rng).requires_grad(true); // a leaf the tape tracks
//   Tensor b = Tensor::zeros({1, 2}).requires_grad(true);
//   Tensor loss = mean(sigmoid(matmul(x, w) + b));             // recorded on the tape
//   loss.backward();                                           // reverse sweep
//   Tensor gw = w.grad();                                      // d loss / d w, shape {3, 2}
//   w.zero_grad();
//
// Headers: tensor.hpp (the Tensor type), ops.hpp (differentiable ops), custom_op.hpp (your
// own op), autograd.hpp (NoGrad and the tape), gradcheck.hpp, blas.hpp, thread_pool.hpp
// (independent work side by side: models, evaluations); the neural-network
// stack: nn.hpp (layers, Model), networks.hpp (the write-up's two models), loss.hpp,
// optim.hpp, data.hpp (Data, Sampler, Dataloader), learner.hpp (Learner, callbacks,
// accuracy), progress.hpp, model_file.hpp (save, load).
// Plotting is a separate library (kudzu/plot.hpp).
#pragma once

#include "kudzu/autograd.hpp"
#include "kudzu/blas.hpp"
#include "kudzu/custom_op.hpp"
#include "kudzu/data.hpp"
#include "kudzu/error.hpp"
#include "kudzu/gradcheck.hpp"
#include "kudzu/layer_kinds.hpp"
#include "kudzu/learner.hpp"
#include "kudzu/loss.hpp"
#include "kudzu/model_file.hpp"
#include "kudzu/networks.hpp"
#include "kudzu/nn.hpp"
#include "kudzu/ops.hpp"
#include "kudzu/optim.hpp"
#include "kudzu/progress.hpp"
#include "kudzu/rng.hpp"
#include "kudzu/shape.hpp"
#include "kudzu/tensor.hpp"
#include "kudzu/thread_pool.hpp"
