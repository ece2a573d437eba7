#!/usr/bin/env python3
"""The ten-digit models of kudzu-compare in PyTorch, for a side-by-side training time.

The same loops as `kudzu-compare --digits all --optimizer adam --epochs 20`: Adam lr 0.001,
batch 50, all 60,000 training images shuffled each epoch, and after every epoch the accuracy
on the whole training and test sets (kudzu-compare evaluates both too, and counts that time
in its training seconds). One thread, float32. Prints one line per model:

    model 784-100-100-2-10  train 0.9949  test 0.9624  seconds 25.4

Usage: /usr/bin/python3 bench/pytorch/ten_digits.py [--data data/mnist] [--epochs 20]
       [--seed 1] [--embedding 2] [--models nn,lr]
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


def train(model, x, y, x_test, y_test, epochs, seed):
    optimizer = torch.optim.Adam(model.parameters(), lr=0.001)
    loss_fn = torch.nn.CrossEntropyLoss()
    generator = torch.Generator().manual_seed(seed)
    start = time.perf_counter()
    for _ in range(epochs):
        order = torch.randperm(len(x), generator=generator)
        for first in range(0, len(x), 50):
            rows = order[first:first + 50]
            optimizer.zero_grad()
            loss_fn(model(x[rows]), y[rows]).backward()
            optimizer.step()
        train_accuracy = accuracy(model, x, y)
        test_accuracy = accuracy(model, x_test, y_test)
    return train_accuracy, test_accuracy, time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default="data/mnist")
    parser.add_argument("--epochs", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--embedding", type=int, default=2)
    parser.add_argument("--models", default="nn,lr")
    args = parser.parse_args()
    torch.set_num_threads(1)
    torch.manual_seed(args.seed)
    x, y = load(args.data, "train")
    x_test, y_test = load(args.data, "t10k")
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
