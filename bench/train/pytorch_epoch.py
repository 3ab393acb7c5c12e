"""The PyTorch 1.13 side of the training benchmark: the same model, data, batch and loop
as `trainer train` (the book's concise MLP, SGD, cross-entropy, loss and accuracy summed
each step), one epoch at a time, printing one JSON line per epoch."""
import gzip, json, sys, time
import numpy as np
import torch
from torch import nn

epochs, batch_size, threads = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
root = "/usr/share/datasets/fashion-mnist"
torch.set_num_threads(threads)
torch.manual_seed(0)

def idx(name, offset):
    with gzip.open(f"{root}/{name}", "rb") as f:
        return np.frombuffer(f.read(), dtype=np.uint8, offset=offset)

# Loaded once into tensors, as our FashionMNIST does (ToTensor's scaling).
X = torch.from_numpy(idx("train-images-idx3-ubyte.gz", 16).copy()).reshape(-1, 1, 28, 28).float().div(255).sub(0.2860).div(0.3530)
Y = torch.from_numpy(idx("train-labels-idx1-ubyte.gz", 8).copy()).long()
dataset = torch.utils.data.TensorDataset(X, Y)
loader = torch.utils.data.DataLoader(dataset, batch_size=batch_size, shuffle=True)

net = nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 10))
loss = nn.CrossEntropyLoss()
trainer = torch.optim.SGD(net.parameters(), lr=0.1)

for epoch in range(1, epochs + 1):
    net.train()
    total, correct, n = 0.0, 0, 0
    start = time.perf_counter()
    for x, y in loader:
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
