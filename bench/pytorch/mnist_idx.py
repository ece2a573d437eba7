"""MNIST's IDX files as kudzu's loader reads them: pixels / 255 as float32, in file order."""
import pathlib
import struct

import numpy as np
import torch


def read_idx(path):
    data = pathlib.Path(path).read_bytes()
    magic, = struct.unpack(">I", data[:4])
    dims = magic & 0xFF
    shape = struct.unpack(">" + "I" * dims, data[4:4 + 4 * dims])
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def load(data_dir, split):
    """All images {N, 784} and their digits {N} of a split ("train" or "t10k")."""
    images = read_idx(f"{data_dir}/{split}-images-idx3-ubyte").reshape(-1, 784)
    labels = read_idx(f"{data_dir}/{split}-labels-idx1-ubyte")
    return (torch.from_numpy(images.astype(np.float32) / np.float32(255.0)),
            torch.from_numpy(labels.astype(np.int64)))
