#!/usr/bin/env python3
"""The ten-digit models of kudzu-compare in PyTorch, for a side-by-side training time.

The same loops as `kudzu-compare --digits all --optimizer adam --epochs 20`: Adam lr 0.001,
batch 50, all 60,000 training images shuffled each epoch, and after every epoch the accuracy
on the whole training and test sets (kudzu-compare evaluates both too, and counts that time
in its training seconds). --threads intra-op threads (default 1), float32. Prints one line
per model:

    model 784-100-100-2-10  train 0.9949  test 0.9624  seconds 25.4

Usage: /usr/bin/python3 bench/pytorch/ten_digits.py [--data data/mnist] [--epochs 20]
       [--seed 1] [--threads 1] [--embedding 2] [--models nn,lr]
"""
import argparse
import time

import torch

from mnist_idx import load


def accuracy(model, x, y):
    with torch.no_grad():
        right = 0
        for start in range(0, len(x), 2000):
            right += (model(x[start:start + 2000]).argmax(1) == y[start:start + 2000]).sum().item()
    return right / len(x)


def train_epoch(model, optimizer, loss_fn, x, y, generator):
    """One pass over (x, y) in batches of 50, shuffled by generator."""
    order = torch.randperm(len(x), generator=generator)
    for first in range(0, len(x), 50):
        rows = order[first:first + 50]
        optimizer.zero_grad()
        loss_fn(model(x[rows]), y[rows]).backward()
        optimizer.step()


def train(model, x, y, x_test, y_test, epochs, seed):
    optimizer = torch.optim.Adam(model.parameters(), lr=0.001)
    loss_fn = torch.nn.CrossEntropyLoss()
    generator = torch.Generator().manual_seed(seed)
    start = time.perf_counter()
    for _ in range(epochs):
        train_epoch(model, optimizer, loss_fn, x, y, generator)
        train_accuracy = accuracy(model, x, y)
        test_accuracy = accuracy(model, x_test, y_test)
    return train_accuracy, test_accuracy, time.perf_counter() - start


def parse_and_load(doc, epochs, add_arguments):
    """The options every script here takes (--data, --epochs, --seed, --threads) and those
    add_arguments(parser) adds; PyTorch seeded and threaded as they say; MNIST loaded.
    Returns args, (x, y), (x_test, y_test)."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--data", default="data/mnist")
    parser.add_argument("--epochs", type=int, default=epochs)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--threads", type=int, default=1)
    add_arguments(parser)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    return args, load(args.data, "train"), load(args.data, "t10k")


def main():
    def add_arguments(parser):
        parser.add_argument("--embedding", type=int, default=2)
        parser.add_argument("--models", default="nn,lr")

    args, (x, y), (x_test, y_test) = parse_and_load(__doc__, 20, add_arguments)
    nn = torch.nn
    models = {
        "nn": (f"784-100-100-{args.embedding}-10",
               nn.Sequential(nn.Linear(784, 100), nn.ReLU(), nn.Linear(100, 100), nn.ReLU(),
                             nn.Linear(100, args.embedding), nn.Linear(args.embedding, 10))),
        "lr": ("784-10", nn.Linear(784, 10)),
    }
    for key in args.models.split(","):
        name, model = models[key]
        train_accuracy, test_accuracy, seconds = train(model, x, y, x_test, y_test, args.epochs,
                                                       args.seed)
        print(f"model {name}  train {train_accuracy:.4f}  test {test_accuracy:.4f}  "
              f"seconds {seconds:.1f}", flush=True)


if __name__ == "__main__":
    main()
