"""PyTorch 1.13 side of bench/ops.sh: the same ops, timed the same way as Trainer.Bench.Ops."""
import sys
import time

import torch


def best(repeats, iterations, body):
    for _ in range(iterations // 10 + 1):
        body()
    result = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(iterations):
            body()
        result = min(result, (time.perf_counter() - start) / iterations)
    return result


threads = int(sys.argv[1]) if len(sys.argv) > 1 else 1
torch.set_num_threads(threads)
torch.manual_seed(0)
a, b = torch.rand(2, 2), torch.rand(2, 2)
print("add_2x2 %e" % best(7, 200_000, lambda: a + b))
m1, m2 = torch.rand(256, 784), torch.rand(784, 256)
print("matmul_256x784x256 %e" % best(7, 200, lambda: m1.matmul(m2)))
