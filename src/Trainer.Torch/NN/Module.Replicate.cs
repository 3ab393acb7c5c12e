namespace Trainer.Torch;

public static partial class torch
{
    public static partial class nn
    {
        public abstract partial class Module
        {
            /// <summary>
            /// Builds <paramref name="count"/> models from <paramref name="factory"/> with identical
            /// weights: the first keeps its own initialization, the others copy its state_dict.
            /// This is how the data-parallel trainer gives every device the same replica.
            /// </summary>
            public static IReadOnlyList<T> Replicate<T>(Func<T> factory, int count) where T : Module
            {
                ArgumentNullException.ThrowIfNull(factory);
                if (count < 1) throw new ArgumentOutOfRangeException(nameof(count), $"need at least one replica, got {count}");
                var replicas = new List<T> { factory() };
                using var scope = NewDisposeScope();
                var sd = replicas[0].state_dict();
                for (var i = 1; i < count; i++)
                {
                    var replica = factory();
                    replica.load_state_dict(sd);
                    replicas.Add(replica);
                }
                return replicas;
            }
        }
    }
}
