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

# The products of one training step of the MLP 784-256-10 (forward, weight gradient, input
# gradient), a relu, a batch gather from the training set, and the whole step: where a gap
# between the two BLAS libraries (OpenBLAS here, MKL in TorchSharp's libtorch) shows.
data = torch.randn(60000, 1, 28, 28)
order = torch.randperm(60000)
for batch in (256, 2048):
    n = 200 if batch == 256 else 30
    x, w, dy, w2 = torch.randn(batch, 784), torch.randn(256, 784), torch.randn(batch, 256), torch.randn(256, 256)
    print("linear_fwd_b%d %e" % (batch, best(5, n, lambda: torch.nn.functional.linear(x, w))))
    print("grad_weight_b%d %e" % (batch, best(5, n, lambda: dy.t().mm(x))))
    print("grad_input_b%d %e" % (batch, best(5, n, lambda: dy.mm(w2))))
    print("relu_b%d %e" % (batch, best(5, n * 5, lambda: torch.relu(dy))))
    idx = order[:batch]
    print("gather_b%d %e" % (batch, best(5, n, lambda: data.index_select(0, idx))))
    net = torch.nn.Sequential(torch.nn.Flatten(), torch.nn.Linear(784, 256), torch.nn.ReLU(), torch.nn.Linear(256, 10))
    opt = torch.optim.SGD(net.parameters(), lr=0.1)
    images, labels = torch.randn(batch, 1, 28, 28), torch.randint(0, 10, (batch,))
    loss = torch.nn.CrossEntropyLoss()

    def step():
        for p in net.parameters():
            p.grad = None
        l = loss(net(images), labels)
        l.backward()
        opt.step()
        l.item()

    print("train_step_b%d %e" % (batch, best(5, n, step)))
