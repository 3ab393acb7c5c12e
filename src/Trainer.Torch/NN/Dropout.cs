namespace Trainer.Torch;

public static partial class torch
{
    public static partial class nn
    {
        /// <summary>Zeroes each element with probability p while training (scaling the rest by 1/(1-p)); identity in eval mode.</summary>
        public sealed class Dropout : Module
        {
            public double p { get; }

            public Dropout(double p = 0.5)
            {
                if (p < 0 || p > 1) throw new ArgumentOutOfRangeException(nameof(p), $"dropout probability has to be between 0 and 1, but got {p}");
                this.p = p;
            }

            public override Tensor forward(Tensor input) => functional.dropout(input, p, training);

            public override string extra_repr() => $"p={Py(p)}, inplace=False";
        }
    }
}
