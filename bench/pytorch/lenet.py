#!/usr/bin/env python3
"""The LeNet of `kudzu-compare --network lenet` in PyTorch, for a side-by-side epoch time.

The same network (conv 1->6 5x5 pad 2, relu, max-pool 2; conv 6->16 5x5, relu, max-pool 2;
400-120-84-10 with relu), the same initialisation scheme (Glorot-normal weights with
fan_in = C*K*K and fan_out = F*K*K for a convolution, zero biases), the same recipe (Adam,
batch 50, all 60,000 training images shuffled each epoch, cross-entropy on the logits, the
learning rate of --lr, multiplied by --lr-decay after each epoch) and, after every epoch, the
accuracy on the whole training and test sets, as kudzu-compare evaluates both and counts that
time in its epoch seconds. float32, --threads intra-op threads. Prints one line per epoch:

    epoch 1  train 0.9790  test 0.9810  train_seconds 11.2  epoch_seconds 14.0

train_seconds is the training loop alone; epoch_seconds adds the evaluation.

Usage: /usr/bin/python3 bench/pytorch/lenet.py [--data data/mnist] [--epochs 10] [--seed 1]
       [--threads 1] [--lr 0.001] [--lr-decay 1]
"""
import time

import torch

from ten_digits import accuracy, parse_and_load, train_epoch


def glorot_normal_(layer):
    fan_out, fan_in = layer.weight.shape[0], layer.weight[0].numel()
    taps = layer.weight[0, 0].numel() if layer.weight.dim() == 4 else 1
    std = (2.0 / (fan_in + fan_out * taps)) ** 0.5
    with torch.no_grad():
        layer.weight.normal_(0.0, std)
        layer.bias.zero_()


def lenet():
    nn = torch.nn
    model = nn.Sequential(
        nn.Unflatten(1, (1, 28, 28)),
        nn.Conv2d(1, 6, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2, 2),
        nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2, 2),
        nn.Flatten(),
        nn.Linear(400, 120), nn.ReLU(), nn.Linear(120, 84), nn.ReLU(), nn.Linear(84, 10))
    for layer in model:
        if isinstance(layer, (nn.Conv2d, nn.Linear)):
            glorot_normal_(layer)
    return model


def main():
    def add_arguments(parser):
        parser.add_argument("--lr", type=float, default=0.001)
        parser.add_argument("--lr-decay", type=float, default=1.0)

    args, (x, y), (x_test, y_test) = parse_and_load(__doc__, 10, add_arguments)
    model = lenet()
    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr)
    schedule = torch.optim.lr_scheduler.ExponentialLR(optimizer, gamma=args.lr_decay)
    loss_fn = torch.nn.CrossEntropyLoss()
    generator = torch.Generator().manual_seed(args.seed)
    for epoch in range(args.epochs):
        start = time.perf_counter()
        train_epoch(model, optimizer, loss_fn, x, y, generator)
        schedule.step()
        trained = time.perf_counter()
        train_accuracy = accuracy(model, x, y)
        test_accuracy = accuracy(model, x_test, y_test)
        done = time.perf_counter()
        print(f"epoch {epoch + 1}  train {train_accuracy:.4f}  test {test_accuracy:.4f}  "
              f"train_seconds {trained - start:.2f}  epoch_seconds {done - start:.2f}",
              flush=True)


if __name__ == "__main__":
    main()
