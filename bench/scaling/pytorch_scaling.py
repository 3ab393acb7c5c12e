"""The PyTorch 1.13 side of `trainer bench scaling`.

Trains the same MLP as the Trainer side (Flatten, Linear(784, H), ReLU, Linear(H, 10); SGD
lr 0.1; cross-entropy) on Fashion-MNIST, either in one process with N intra-op threads
(--mode threads) or as DDP over N Gloo processes on 127.0.0.1, one thread each and an equal
share of every global batch (--mode ddp). --mode independent measures the machine, not a
system: N processes train on their share of each batch at the same time, each its own model,
never communicating (no all-reduce, no process group). Its samples/s against one thread on the
whole batch is the speed-up that a perfect N-device system could reach on these cores
(reported as system "ceiling"). Each batch is one gather from the shuffled data
held in memory, as Trainer's DataLoader does. For every hidden x batch cell it runs
--warmup untimed steps, then --steps timed steps (0: one epoch, 60000 // batch), and prints
one JSON line: system, mode, devices, batch, hidden, steps, seconds, samples_per_sec.
Run with Debian's /usr/bin/python3.
"""
import argparse, gzip, json, os, socket, sys, time
import numpy as np
import torch
from torch import nn


def parse():
    p = argparse.ArgumentParser()
    p.add_argument("--mode", choices=["threads", "ddp", "independent"], required=True)
    p.add_argument("--devices", type=int, required=True, help="threads, or DDP processes")
    p.add_argument("--hidden", default="256,2048")
    p.add_argument("--batch", default="256,2048")
    p.add_argument("--steps", type=int, default=0)
    p.add_argument("--warmup", type=int, default=3)
    p.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    a = p.parse_args()
    a.hidden = [int(h) for h in a.hidden.split(",")]
    a.batch = [int(b) for b in a.batch.split(",")]
    if a.devices < 1 or a.steps < 0 or a.warmup < 0:
        p.error("--devices must be at least 1, --steps and --warmup not negative")
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


def batches(n, batch, count, seed):
    """`count` index tensors of `batch` rows, reshuffling at each epoch end (drop_last)."""
    g = torch.Generator().manual_seed(seed)
    out, perm, at = [], torch.randperm(n, generator=g), 0
    while len(out) < count:
        if at + batch > n:
            perm, at = torch.randperm(n, generator=g), 0
        out.append(perm[at:at + batch])
        at += batch
    return out


def steps_for(args, batch, n):
    return args.steps if args.steps > 0 else n // batch


def run_cell(net, x, y, order, warmup, lo, hi, barrier=None):
    loss = nn.CrossEntropyLoss()
    opt = torch.optim.SGD(net.parameters(), lr=0.1)

    def step(rows):
        rows = rows[lo:hi] if hi else rows
        out = net(x[rows])
        l = loss(out, y[rows])
        opt.zero_grad()
        l.backward()
        opt.step()

    for rows in order[:warmup]:
        step(rows)
    if barrier: barrier()
    start = time.perf_counter()
    for rows in order[warmup:]:
        step(rows)
    if barrier: barrier()
    return time.perf_counter() - start


def report(args, batch, hidden, steps, seconds):
    system = "ceiling" if args.mode == "independent" else "pytorch"
    print(json.dumps({"system": system, "mode": args.mode, "devices": args.devices, "batch": batch,
                      "hidden": hidden, "steps": steps, "seconds": seconds,
                      "samples_per_sec": steps * batch / seconds}), flush=True)


def threads(args):
    torch.set_num_threads(args.devices)
    x, y = load(args.data)
    for hidden in args.hidden:
        for batch in args.batch:
            torch.manual_seed(0)
            steps = steps_for(args, batch, len(y))
            order = batches(len(y), batch, args.warmup + steps, seed=0)
            seconds = run_cell(mlp(hidden), x, y, order, args.warmup, 0, 0)
            report(args, batch, hidden, steps, seconds)


def ddp_worker(rank, args, port):
    import torch.distributed as dist
    from torch.nn.parallel import DistributedDataParallel
    torch.set_num_threads(1)
    dist.init_process_group("gloo", init_method=f"tcp://127.0.0.1:{port}", rank=rank, world_size=args.devices)
    x, y = load(args.data)
    for hidden in args.hidden:
        for batch in args.batch:
            if batch % args.devices:
                raise SystemExit(f"batch {batch} does not split evenly over {args.devices} DDP processes")
            share = batch // args.devices
            torch.manual_seed(0)  # same initial weights everywhere (DDP also broadcasts rank 0's)
            steps = steps_for(args, batch, len(y))
            order = batches(len(y), batch, args.warmup + steps, seed=0)  # same order on every rank
            net = DistributedDataParallel(mlp(hidden))
            seconds = run_cell(net, x, y, order, args.warmup, rank * share, (rank + 1) * share, dist.barrier)
            if rank == 0:
                report(args, batch, hidden, steps, seconds)
    dist.destroy_process_group()


def independent_worker(rank, args, start, done, seconds):
    torch.set_num_threads(1)
    x, y = load(args.data)
    cell = 0
    for hidden in args.hidden:
        for batch in args.batch:
            share = batch // args.devices
            torch.manual_seed(0)
            steps = steps_for(args, batch, len(y))
            order = batches(len(y), batch, args.warmup + steps, seed=0)
            start.wait()  # every process starts timing together; the slowest one sets the pace
            seconds[cell * args.devices + rank] = run_cell(mlp(hidden), x, y, order, args.warmup, rank * share, (rank + 1) * share,
                                                           barrier=start.wait)
            done.wait()
            if rank == 0:
                report(args, batch, hidden, steps, max(seconds[cell * args.devices:(cell + 1) * args.devices]))
            cell += 1


def independent(args):
    import torch.multiprocessing as mp
    ctx = mp.get_context("spawn")
    start, done = ctx.Barrier(args.devices), ctx.Barrier(args.devices)
    seconds = ctx.Array("d", args.devices * len(args.hidden) * len(args.batch))
    procs = [ctx.Process(target=independent_worker, args=(rank, args, start, done, seconds)) for rank in range(args.devices)]
    for p in procs:
        p.start()
    for p in procs:
        p.join()
        if p.exitcode:
            raise SystemExit(f"an independent process exited with {p.exitcode}")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


if __name__ == "__main__":
    args = parse()
    if args.mode == "threads":
        threads(args)
    elif args.mode == "independent":
        independent(args)
    else:
        import torch.multiprocessing as mp
        mp.spawn(ddp_worker, args=(args, free_port()), nprocs=args.devices, join=True)
