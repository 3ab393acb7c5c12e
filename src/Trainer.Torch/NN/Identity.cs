namespace Trainer.Torch;

public static partial class torch
{
    public static partial class nn
    {
        /// <summary>
        /// Returns its input. The result is a new handle on the same tensor, so a caller that
        /// disposes a layer's output never frees the layer's input by surprise.
        /// </summary>
        public sealed class Identity : Module
        {
            public override Tensor forward(Tensor input) => input.alias();
        }
    }
}
