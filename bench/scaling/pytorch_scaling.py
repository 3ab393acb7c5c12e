"""The PyTorch 1.13 side of `trainer bench scaling`.

Trains the same net as the Trainer side: --model mlp (the default), the MLP (Flatten,
Linear(784, H), ReLU, Linear(H, 10); SGD lr 0.1), or --model cnn, the book's LeNet (Conv2d(1, 6,
5, padding=2), ReLU, MaxPool2d(2), Conv2d(6, 16, 5), ReLU, MaxPool2d(2), Flatten, Linear(400,
120), ReLU, Linear(120, 84), ReLU, Linear(84, 10); SGD lr 0.05 momentum 0.9; --hidden is
ignored), the compute-heavy workload of `trainer bench scaling --workloads cnn`; cross-entropy on Fashion-MNIST, either in one process with N intra-op threads
(--mode threads) or as DDP over N Gloo processes on 127.0.0.1, one thread each and an equal
share of every global batch (--mode ddp). --mode independent measures the machine, not a
system: N processes train on their share of each batch at the same time, each its own model,
never communicating (no all-reduce, no process group). Its samples/s against one thread on the
whole batch is the speed-up that a perfect N-device system could reach on these cores
(`trainer bench scaling` reports it as system "ceiling", mode "pytorch", beside its TorchSharp
twin: N `trainer bench loop-peer` processes, free of Python's fixed cost per step). Each batch is one gather from the shuffled data held in
memory, as Trainer's DataLoader does.

The training runs in worker processes (one with N threads, or N with one thread each) that
the main process drives: each hidden x batch cell is built, warmed up with --warmup untimed
steps, then timed in chunks of steps on command.
- Plain run: one chunk of --steps steps per cell (0: one epoch, 60000 // batch); one JSON line
  per cell: system, mode, devices, batch, hidden, steps, seconds, samples_per_sec.
- --serve (one hidden size and one batch size): prints {"ready": true, "blas": [...]} once
  warmed up (blas: the BLAS libraries this process mapped, see blas_libraries()), then
  reads a step count per line on stdin and answers each with {"steps": n, "seconds": s}; an
  empty line or end of input ends it. `trainer bench scaling` uses this to interleave short
  chunks of every configuration, so that the figures it compares are taken moments apart on
  a machine whose speed drifts.
Run with Debian's /usr/bin/python3.
"""
import argparse, gzip, json, os, socket, sys, time
import numpy as np
import torch
import torch.multiprocessing as mp
from torch import nn


def parse():
    p = argparse.ArgumentParser()
    p.add_argument("--mode", choices=["threads", "ddp", "independent"], required=True)
    p.add_argument("--devices", type=int, required=True, help="threads, or DDP processes")
    p.add_argument("--model", choices=["mlp", "cnn"], default="mlp")
    p.add_argument("--hidden", default="256,2048")
    p.add_argument("--batch", default="256,2048")
    p.add_argument("--steps", type=int, default=0)
    p.add_argument("--warmup", type=int, default=3)
    p.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    p.add_argument("--serve", action="store_true", help="time chunks of steps read from stdin (one cell)")
    a = p.parse_args()
    a.hidden = [int(h) for h in a.hidden.split(",")]
    a.batch = [int(b) for b in a.batch.split(",")]
    if a.devices < 1 or a.steps < 0 or a.warmup < 0:
        p.error("--devices must be at least 1, --steps and --warmup not negative")
    if a.serve and (len(a.hidden) != 1 or len(a.batch) != 1):
        p.error("--serve measures one cell: give one --hidden and one --batch")
    if a.mode == "ddp":
        for b in a.batch:
            if b % a.devices:
                p.error(f"batch {b} does not split evenly over {a.devices} DDP processes")
    return a


def load(root):
    def idx(name, offset):
        with gzip.open(os.path.join(root, name), "rb") as f:
            return np.frombuffer(f.read(), dtype=np.uint8, offset=offset)
    x = torch.from_numpy(idx("train-images-idx3-ubyte.gz", 16).copy()).reshape(-1, 1, 28, 28).float().div(255)
    y = torch.from_numpy(idx("train-labels-idx1-ubyte.gz", 8).copy()).long()
    return x, y


def mlp(hidden):
    net = nn.Sequential(nn.Flatten(), nn.Linear(784, hidden), nn.ReLU(), nn.Linear(hidden, 10))
    for m in net:
        if isinstance(m, nn.Linear):
            nn.init.normal_(m.weight, std=0.01)
    return net


def lenet():
    """The book's LeNet (trainer's `--model cnn`, examples/FashionCnn at --width 6), PyTorch's default init."""
    return nn.Sequential(
        nn.Conv2d(1, 6, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(),
        nn.Linear(400, 120), nn.ReLU(),
        nn.Linear(120, 84), nn.ReLU(),
        nn.Linear(84, 10))


def batches(n, batch, seed):
    """Index tensors of `batch` rows without end, reshuffling at each epoch end (drop_last)."""
    g = torch.Generator().manual_seed(seed)
    while True:
        perm = torch.randperm(n, generator=g)
        for at in range(0, n - batch + 1, batch):
            yield perm[at:at + batch]


TRAIN_COUNT = 60000  # Fashion-MNIST's training images


def steps_for(args, batch, n):
    return args.steps if args.steps > 0 else n // batch


def worker(rank, args, hidden, batch, port, conn, peers):
    """One training process: builds the cell, warms up, then times each chunk it is sent."""
    world = 1 if args.mode == "threads" else args.devices
    torch.set_num_threads(args.devices if args.mode == "threads" else 1)
    x, y = load(args.data)
    torch.manual_seed(0)  # same initial weights in every process (DDP also broadcasts rank 0's)
    net, sync = (lenet() if args.model == "cnn" else mlp(hidden)), lambda: None
    if args.mode == "ddp":
        import torch.distributed as dist
        from torch.nn.parallel import DistributedDataParallel
        dist.init_process_group("gloo", init_method=f"tcp://127.0.0.1:{port}", rank=rank, world_size=world)
        net, sync = DistributedDataParallel(net), dist.barrier
    elif args.mode == "independent":
        sync = peers.wait  # every process starts and ends each chunk together; the slowest sets the pace
    share = batch // world
    lo, hi = rank * share, (rank + 1) * share
    loss = nn.CrossEntropyLoss()
    opt = (torch.optim.SGD(net.parameters(), lr=0.05, momentum=0.9) if args.model == "cnn"
           else torch.optim.SGD(net.parameters(), lr=0.1))
    order = batches(len(y), batch, seed=0)  # the same order in every process

    def step():
        rows = next(order)[lo:hi]
        out = net(x[rows])
        l = loss(out, y[rows])
        opt.zero_grad()
        l.backward()
        opt.step()

    for _ in range(args.warmup):
        step()
    conn.send("ready")
    while (n := conn.recv()) >= 0:
        sync()
        start = time.perf_counter()
        for _ in range(n):
            step()
        sync()
        conn.send(time.perf_counter() - start)
    if args.mode == "ddp":
        torch.distributed.destroy_process_group()


class Cell:
    """The worker processes of one hidden x batch cell, driven chunk by chunk through a pipe each."""

    def __init__(self, args, hidden, batch):
        ctx = mp.get_context("spawn")
        self.mode = args.mode
        world = 1 if args.mode == "threads" else args.devices
        peers, port = ctx.Barrier(world), free_port()
        pipes = [ctx.Pipe() for _ in range(world)]
        self.conns = [mine for mine, _ in pipes]
        self.procs = [ctx.Process(target=worker, args=(rank, args, hidden, batch, port, theirs, peers))
                      for rank, (_, theirs) in enumerate(pipes)]
        for p in self.procs:
            p.start()
        for _, theirs in pipes:
            theirs.close()  # so that a worker's death ends our reads from it
        self.collect()

    def collect(self):
        answers = []
        for conn in self.conns:
            try:
                answers.append(conn.recv())
            except (EOFError, ConnectionResetError):
                self.close()
                raise SystemExit(f"a {self.mode} worker process died (exit codes {[p.exitcode for p in self.procs]})")
        return answers

    def run(self, n):
        """Seconds the slowest process took for the next `n` steps."""
        for conn in self.conns:
            conn.send(n)
        return max(self.collect())

    def close(self):
        for conn in self.conns:
            try:
                conn.send(-1)
            except (BrokenPipeError, OSError):
                pass
        for p in self.procs:
            p.join(timeout=10)
            if p.exitcode is None:
                p.kill()
                p.join()


def blas_libraries():
    """The BLAS shared objects mapped into this process. Debian's python3-torch calls libblas.so.3,
    which is OpenBLAS only while a libopenblas0 package is installed; without one it is the
    reference BLAS, over 30x slower for these matrix products, and a peer on it flatters Trainer."""
    try:
        with open("/proc/self/maps") as f:
            paths = {parts[5] for parts in (line.split() for line in f) if len(parts) >= 6}
    except OSError:
        return []
    return sorted(p for p in paths if "blas" in os.path.basename(p))


def reply(**fields):
    print(json.dumps(fields), flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


if __name__ == "__main__":
    args = parse()
    system = "ceiling" if args.mode == "independent" else "pytorch"
    if args.serve:
        cell = Cell(args, args.hidden[0], args.batch[0])
        reply(ready=True, blas=blas_libraries())
        for line in sys.stdin:
            if not line.strip():
                break
            n = int(line)
            reply(steps=n, seconds=cell.run(n))
        cell.close()
    else:
        for hidden in args.hidden:
            for batch in args.batch:
                cell = Cell(args, hidden, batch)
                steps = steps_for(args, batch, TRAIN_COUNT)
                seconds = cell.run(steps)
                cell.close()
                reply(system=system, mode=args.mode, devices=args.devices, batch=batch, hidden=hidden,
                      steps=steps, seconds=seconds, samples_per_sec=steps * batch / seconds)
