namespace Trainer.Torch;

public static partial class torch
{
    public static partial class nn
    {
        /// <summary>Flattens dims start_dim..end_dim into one; by default keeps the batch dim (an image batch becomes N×features).</summary>
        public sealed class Flatten : Module
        {
            public long start_dim { get; }
            public long end_dim { get; }

            public Flatten(long start_dim = 1, long end_dim = -1)
            {
                this.start_dim = start_dim;
                this.end_dim = end_dim;
            }

            public override Tensor forward(Tensor input) => functional.flatten(input, start_dim, end_dim);

            public override string extra_repr() => $"start_dim={start_dim}, end_dim={end_dim}";
        }
    }
}
