"""The PyTorch side of the training benchmark: the same model, data, batch and loop
as `trainer train` (the book's concise MLP, SGD, cross-entropy, loss and accuracy summed
each step), one epoch at a time, printing one JSON line per epoch.
argv: epochs batch threads [device]. On a GPU the data set lives on the device and each
batch is gathered there by a shuffled index, as `trainer train --devices cuda:0` does (a
DataLoader over a TensorDataset would gather sample by sample on the host)."""
import gzip, json, sys, time
import numpy as np
import torch
from torch import nn

epochs, batch_size, threads = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
device = torch.device(sys.argv[4] if len(sys.argv) > 4 else "cpu")
root = "/usr/share/datasets/fashion-mnist"
torch.set_num_threads(threads)
torch.manual_seed(0)

def idx(name, offset):
    with gzip.open(f"{root}/{name}", "rb") as f:
        return np.frombuffer(f.read(), dtype=np.uint8, offset=offset)

# Loaded once into tensors, as our FashionMNIST does (ToTensor's scaling).
X = torch.from_numpy(idx("train-images-idx3-ubyte.gz", 16).copy()).reshape(-1, 1, 28, 28).float().div(255).sub(0.2860).div(0.3530)
Y = torch.from_numpy(idx("train-labels-idx1-ubyte.gz", 8).copy()).long()
if device.type == "cpu":
    loader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(X, Y), batch_size=batch_size, shuffle=True)
    batches = lambda: loader
else:
    X, Y = X.to(device), Y.to(device)
    def batches():
        order = torch.randperm(len(Y), device=device)
        for i in range(0, len(Y), batch_size):
            rows = order[i:i + batch_size]
            yield X.index_select(0, rows), Y.index_select(0, rows)

net = nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 10)).to(device)
loss = nn.CrossEntropyLoss()
trainer = torch.optim.SGD(net.parameters(), lr=0.1)

for epoch in range(1, epochs + 1):
    net.train()
    total, correct, n = 0.0, 0, 0
    start = time.perf_counter()
    for x, y in batches():
        out = net(x)
        l = loss(out, y)
        trainer.zero_grad()
        l.backward()
        trainer.step()
        total += l.item() * y.numel()
        correct += (out.argmax(1) == y).sum().item()
        n += y.numel()
    seconds = time.perf_counter() - start
    print(json.dumps({"epoch": epoch, "loss": total / n, "train_accuracy": correct / n,
                      "samples_per_sec": n / seconds, "seconds": seconds}), flush=True)
