#!/usr/bin/env python3
"""Writes relunet-numpy.safetensors, the fixture SafeTensorsTests reads: a safetensors file
made with NumPy alone, following the format's rules, and not by ModelGen's writer.

Run with Debian's python3-numpy (`/usr/bin/python3 make_numpy_safetensors.py` in this folder);
the file is committed, so the tests need no Python. The values are small multiples of powers
of two (exact in every dtype used) except W2's thirds, which F64 holds and a float32 load
rounds: the test computes the same formulas.

Layout, as the format says: 8 bytes of little-endian u64 header length, the UTF-8 JSON header
(padded with spaces so the data starts at a multiple of 8), then each tensor's little-endian,
row-major bytes, back to back, covering the data buffer with no holes. The header lists the
tensors in another order than their data (allowed: only the offsets say where data is), with
Python's default separators (spaces after ':' and ','), and holds two tensors ReluNet lacks:
an I64 scalar and an empty F32 tensor.
"""
import json
import os
import struct

import numpy as np

# ReluNet: Dense(6) on 5 inputs, Relu, Dense(3).
w1 = ((np.arange(30) - 15) / 8).reshape(5, 6).astype("<f4")
b1 = ((np.arange(6) - 2) / 4).astype("<f2")
w2 = ((np.arange(18) - 9) / 3).reshape(6, 3).astype("<f8")
# bfloat16 is the upper 16 bits of a float32; these halves are exact in it.
b2_f32 = ((np.arange(3) - 1) / 2).astype("<f4")
b2 = (b2_f32.view("<u4") >> 16).astype("<u2")
step = np.array(7, dtype="<i8")
empty = np.zeros((0, 4), dtype="<f4")

# Data order: by item size, largest first (as the reference writer aligns), then by name.
data_order = [("W2", "F64", w2), ("step", "I64", step), ("W1", "F32", w1), ("empty", "F32", empty),
              ("b1", "F16", b1), ("b2", "BF16", b2)]
entries = {}
chunks = []
offset = 0
for name, dtype, array in data_order:
    raw = np.ascontiguousarray(array).tobytes()
    entries[name] = {"dtype": dtype, "shape": list(array.shape), "data_offsets": [offset, offset + len(raw)]}
    chunks.append(raw)
    offset += len(raw)

# Header order: metadata, then by name (not the data's order).
header = {"__metadata__": {"format": "np", "writer": "numpy " + np.__version__}}
for name in sorted(entries):
    header[name] = entries[name]
text = json.dumps(header).encode("utf-8")
text += b" " * ((8 - (8 + len(text)) % 8) % 8)

path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "relunet-numpy.safetensors")
with open(path, "wb") as f:
    f.write(struct.pack("<Q", len(text)))
    f.write(text)
    for raw in chunks:
        f.write(raw)
print(path, os.path.getsize(path), "bytes")
