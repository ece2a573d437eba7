#!/usr/bin/env python3
"""The default run of kudzu-compare in PyTorch, for a side-by-side training time.

The same two training loops as `kudzu-compare` with its defaults (digits 3 against 8, the
network 784-100-100-2-1 and the logistic regression 784-1, plain gradient descent lr 0.001,
batch 50, binary cross-entropy from the logits), starting from Kudzu's very weights (its
Glorot-normal draws from Rng(seed), bit for bit) and training on Kudzu's very batches (its
Sampler's shuffle), evaluating after every epoch the accuracy on the whole training and test
sets in chunks of 2,000 rows, as kudzu-compare does and counts in its training time.
CPU, float32, --threads intra-op threads (default 1, PyTorch 1.13's fastest at batch 50).
Prints one line per model and repetition, then the fastest total:

    model nn  epochs 20  train 0.9741  test 0.9708  seconds 3.41
    pytorch 1.13.1 threads 1: both training loops 3.78 s (fastest of 2)

Usage: /usr/bin/python3 bench/pytorch/two_digits.py [--data data/mnist] [--epochs 20]
       [--seed 42] [--threads 1] [--repetitions 2]
"""
import argparse
import time

import torch

from kudzu_random import Rng, epoch_orders, glorot_normal
from mnist_idx import load

FIRST_DIGIT, SECOND_DIGIT = 3, 8  # labelled 1 and 0
BATCH, EVALUATION_BATCH, LEARNING_RATE = 50, 2000, 0.001


def digit_pair(data_dir, split):
    images, digits = load(data_dir, split)
    kept = (digits == FIRST_DIGIT) | (digits == SECOND_DIGIT)
    return images[kept], (digits[kept] == FIRST_DIGIT).float().reshape(-1, 1)


def affine(fan_in, fan_out, rng):
    layer = torch.nn.Linear(fan_in, fan_out)
    with torch.no_grad():
        layer.weight.copy_(torch.from_numpy(glorot_normal(fan_in, fan_out, rng)).T)
        layer.bias.zero_()
    return layer


def network(seed):
    """kudzu::original_network(784, 2, 2, rng): its logits, the sigmoid left to the loss."""
    rng = Rng(seed)
    return torch.nn.Sequential(affine(784, 100, rng), torch.nn.ReLU(), affine(100, 100, rng),
                               torch.nn.ReLU(), affine(100, 2, rng), affine(2, 1, rng))


def regression(seed):
    """kudzu::linear_classifier(784, 2, rng): its logit."""
    return affine(784, 1, Rng(seed))


def accuracy(logits_of, x, y):
    with torch.no_grad():
        right = 0
        for first in range(0, len(x), EVALUATION_BATCH):
            p = torch.sigmoid(logits_of(x[first:first + EVALUATION_BATCH]))
            right += ((p >= 0.5) == (y[first:first + EVALUATION_BATCH] >= 0.5)).sum().item()
    return right / len(x)


def train(model, train_set, test_set, orders):
    """The training loop with its per-epoch evaluation; returns accuracies and seconds."""
    x, y = train_set
    optimizer = torch.optim.SGD(model.parameters(), lr=LEARNING_RATE)
    loss_of = torch.nn.BCEWithLogitsLoss()
    start = time.perf_counter()
    for order in orders:
        for first in range(0, len(x), BATCH):
            rows = order[first:first + BATCH]
            optimizer.zero_grad()
            loss_of(model(x[rows]), y[rows]).backward()
            optimizer.step()
        train_accuracy = accuracy(model, x, y)
        test_accuracy = accuracy(model, *test_set)
    return train_accuracy, test_accuracy, time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default="data/mnist")
    parser.add_argument("--epochs", type=int, default=20)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--repetitions", type=int, default=2)
    args = parser.parse_args()
    if args.epochs < 1 or args.threads < 1 or args.repetitions < 1:
        parser.error("--epochs, --threads and --repetitions must be at least 1")
    torch.set_num_threads(args.threads)
    try:
        train_set, test_set = digit_pair(args.data, "train"), digit_pair(args.data, "t10k")
    except OSError as error:
        raise SystemExit(f"two_digits.py: cannot read MNIST in {args.data}: {error.strerror} "
                         f"({error.filename}); fetch it with scripts/fetch-mnist.sh")
    orders = [torch.from_numpy(order)
              for order in epoch_orders(len(train_set[0]), args.epochs, args.seed)]
    totals = []
    for _ in range(args.repetitions):
        total = 0.0
        for key, make in (("nn", network), ("lr", regression)):
            train_accuracy, test_accuracy, seconds = train(make(args.seed), train_set, test_set,
                                                           orders)
            total += seconds
            print(f"model {key}  epochs {args.epochs}  train {train_accuracy:.4f}  "
                  f"test {test_accuracy:.4f}  seconds {seconds:.2f}", flush=True)
        totals.append(total)
    print(f"pytorch {torch.__version__} threads {args.threads}: both training loops "
          f"{min(totals):.2f} s (fastest of {args.repetitions})")


if __name__ == "__main__":
    main()
