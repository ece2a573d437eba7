"""Kudzu's random numbers (lib/src/core/rng.cpp) in Python, bit for bit: xoshiro256** seeded
through splitmix64, Box-Muller normals, Lemire's unbiased below(n), and the Sampler's
Fisher-Yates shuffle. With them the PyTorch side starts from Kudzu's very weights and trains
on Kudzu's very batches."""
import math

import numpy as np

MASK = (1 << 64) - 1
DATA_ORDER_STREAM = 1  # lib/src/nn/data.cpp: the Sampler's stream


def _rotl(x, k):
    return ((x << k) | (x >> (64 - k))) & MASK


class Rng:
    def __init__(self, seed, stream=0):
        seed = (seed + stream * 0xD1B54A32D192ED03) & MASK
        self.state = []
        for _ in range(4):
            seed = (seed + 0x9E3779B97F4A7C15) & MASK
            z = seed
            z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
            z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
            self.state.append(z ^ (z >> 31))
        self.spare_normal = None

    def next(self):
        s = self.state
        result = (_rotl((s[1] * 5) & MASK, 7) * 9) & MASK
        t = (s[1] << 17) & MASK
        s[2] ^= s[0]
        s[3] ^= s[1]
        s[1] ^= s[2]
        s[0] ^= s[3]
        s[2] ^= t
        s[3] = _rotl(s[3], 45)
        return result

    def uniform(self):
        return (self.next() >> 11) * 2.0**-53

    def normal(self):
        if self.spare_normal is not None:
            spare, self.spare_normal = self.spare_normal, None
            return spare
        u1 = self.uniform()
        while u1 <= 0:
            u1 = self.uniform()
        u2 = self.uniform()
        radius = math.sqrt(-2.0 * math.log(u1))
        angle = 2.0 * math.pi * u2
        self.spare_normal = radius * math.sin(angle)
        return radius * math.cos(angle)

    def below(self, n):
        product = self.next() * n
        low = product & MASK
        if low < n:
            threshold = (-n & MASK) % n
            while low < threshold:
                product = self.next() * n
                low = product & MASK
        return product >> 64


def glorot_normal(fan_in, fan_out, rng):
    """Tensor::glorot_normal: {fan_in, fan_out} row-major, float32 arithmetic as in C++."""
    stddev = np.sqrt(np.float32(2) / np.float32(fan_in + fan_out))
    normals = np.array([rng.normal() for _ in range(fan_in * fan_out)], dtype=np.float64)
    return (stddev * normals.astype(np.float32)).reshape(fan_in, fan_out)


def epoch_orders(size, epochs, seed):
    """The row order of every epoch of a shuffling Sampler(data, batch, true, seed)."""
    rng = Rng(seed, DATA_ORDER_STREAM)
    order = list(range(size))
    orders = []
    for _ in range(epochs):
        for i in range(size, 1, -1):
            j = rng.below(i)
            order[i - 1], order[j] = order[j], order[i - 1]
        orders.append(np.array(order, dtype=np.int64))
    return orders
