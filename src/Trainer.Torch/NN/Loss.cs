namespace Trainer.Torch;

public static partial class torch
{
    public static partial class nn
    {
        /// <summary>A loss: a module of (input, target) with PyTorch's <c>reduction</c> ('mean', 'sum' or 'none').</summary>
        public abstract class Loss : Module
        {
            public string reduction { get; }

            protected Loss(string reduction)
            {
                Reduction.Code(reduction); // validates
                this.reduction = reduction;
            }

            public abstract Tensor forward(Tensor input, Tensor target);

            /// <summary>PyTorch's <c>loss(y_hat, y)</c>.</summary>
            public Tensor call(Tensor input, Tensor target) => forward(input, target);

            public override Tensor forward(Tensor input) =>
                throw new NotSupportedException($"{_get_name()} takes (input, target); call it with both");
        }

        /// <summary>Softmax cross entropy of logits (N, C) against int64 class indices (N).</summary>
        public sealed class CrossEntropyLoss : Loss
        {
            public long ignore_index { get; }
            public double label_smoothing { get; }

            public CrossEntropyLoss(string reduction = "mean", long ignore_index = -100, double label_smoothing = 0) : base(reduction)
            {
                this.ignore_index = ignore_index;
                this.label_smoothing = label_smoothing;
            }

            public override Tensor forward(Tensor input, Tensor target) =>
                functional.cross_entropy(input, target, reduction, ignore_index, label_smoothing);
        }

        /// <summary>Squared error, elementwise, reduced by <see cref="Loss.reduction"/>.</summary>
        public sealed class MSELoss : Loss
        {
            public MSELoss(string reduction = "mean") : base(reduction) { }

            public override Tensor forward(Tensor input, Tensor target) => functional.mse_loss(input, target, reduction);
        }
    }
}
