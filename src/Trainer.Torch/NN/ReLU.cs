namespace Trainer.Torch;

public static partial class torch
{
    public static partial class nn
    {
        /// <summary>max(0, x), elementwise; no parameters.</summary>
        public sealed class ReLU : Module
        {
            public override Tensor forward(Tensor input) => functional.relu(input);
        }
    }
}
