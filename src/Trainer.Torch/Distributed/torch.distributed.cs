using Trainer.Torch.Distributed;
using Trainer.Torch.Native;

namespace Trainer.Torch;

public static partial class torch
{
    /// <summary>
    /// PyTorch's <c>torch.distributed</c> over Gloo: one default process group per process,
    /// made by <see cref="init_process_group"/>, and the module-level collectives that use it.
    /// </summary>
    public static class distributed
    {
        private static readonly object Gate = new();
        private static ProcessGroup? defaultGroup;

        /// <summary>PyTorch's default timeout for a process group (30 minutes).</summary>
        public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(30);

        public static bool is_available() => true;

        public static bool is_initialized()
        {
            lock (Gate) return defaultGroup is not null;
        }

        /// <summary>
        /// Joins a group of <paramref name="world_size"/> processes that meet at
        /// <paramref name="master_addr"/>:<paramref name="master_port"/>, where rank 0 hosts the
        /// TCPStore. Arguments left out come from the environment as in PyTorch's <c>env://</c>
        /// (RANK, WORLD_SIZE, MASTER_ADDR, MASTER_PORT). Blocks until every rank has arrived; a
        /// peer that does not arrive within <paramref name="timeout"/> ends in a
        /// <see cref="TorchException"/> naming the missing ranks. The group becomes this
        /// process's default group until disposed.
        /// </summary>
        public static ProcessGroup init_process_group(string backend = "gloo", int? rank = null, int? world_size = null,
            string? master_addr = null, int? master_port = null, TimeSpan? timeout = null, string? gloo_hostname = null)
        {
            if (!string.Equals(backend, "gloo", StringComparison.OrdinalIgnoreCase))
                throw new ArgumentException($"backend '{backend}' is not available; this build has 'gloo' only", nameof(backend));
            var r = rank ?? EnvInt("RANK", nameof(rank));
            var n = world_size ?? EnvInt("WORLD_SIZE", nameof(world_size));
            var addr = master_addr ?? Environment.GetEnvironmentVariable("MASTER_ADDR") ?? "127.0.0.1";
            var port = master_port ?? EnvInt("MASTER_PORT", nameof(master_port));
            var wait = timeout ?? DefaultTimeout;
            if (n < 1) throw new ArgumentOutOfRangeException(nameof(world_size), $"world_size must be at least 1, got {n}");
            if (r < 0 || r >= n) throw new ArgumentOutOfRangeException(nameof(rank), $"rank {r} is outside [0, {n})");
            if (port is <= 0 or > 65535) throw new ArgumentOutOfRangeException(nameof(master_port), $"master_port {port} is outside 1..65535");
            if (wait <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(timeout), "timeout must be positive");

            lock (Gate)
            {
                if (defaultGroup is not null)
                    throw new InvalidOperationException("the default process group is already initialized; dispose it (destroy_process_group) first");
                var raw = NativeMethods.trn_pg_create(addr, port, r, n, (long)Math.Ceiling(wait.TotalMilliseconds), gloo_hostname);
                if (raw == IntPtr.Zero) throw NativeMethods.LastError();
                defaultGroup = new ProcessGroup(new ProcessGroupHandle(raw), wait);
                return defaultGroup;
            }
        }

        /// <summary>Shuts the default group down (same as disposing it).</summary>
        public static void destroy_process_group()
        {
            ProcessGroup? g;
            lock (Gate) g = defaultGroup;
            g?.Dispose();
        }

        public static int get_rank() => Default().rank();
        public static int get_world_size() => Default().size();

        public static void all_reduce(Tensor tensor, ReduceOp op = ReduceOp.SUM) => Default().allreduce(tensor, op);
        public static void all_reduce(IList<Tensor> tensors, ReduceOp op = ReduceOp.SUM) => Default().allreduce(tensors, op);
        public static void broadcast(Tensor tensor, int src) => Default().broadcast(tensor, src);
        public static void broadcast(IList<Tensor> tensors, int src) => Default().broadcast(tensors, src);
        public static void barrier() => Default().barrier();

        internal static void Forget(ProcessGroup group)
        {
            lock (Gate)
                if (ReferenceEquals(defaultGroup, group)) defaultGroup = null;
        }

        private static ProcessGroup Default()
        {
            lock (Gate)
                return defaultGroup ?? throw new InvalidOperationException("no default process group: call torch.distributed.init_process_group first");
        }

        private static int EnvInt(string variable, string parameter)
        {
            var text = Environment.GetEnvironmentVariable(variable)
                ?? throw new ArgumentException($"{parameter} was not given and the environment variable {variable} is not set", parameter);
            return int.TryParse(text, out var value)
                ? value
                : throw new ArgumentException($"environment variable {variable}='{text}' is not an integer", parameter);
        }
    }
}
