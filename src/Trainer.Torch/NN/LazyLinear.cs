namespace Trainer.Torch;

public static partial class torch
{
    public static partial class nn
    {
        /// <summary>
        /// A Linear whose in_features is inferred from the first input (deferred initialization).
        /// Until then its parameters are <see cref="UninitializedParameter"/>s; the first forward
        /// (or loading a state_dict) gives them their shapes and PyTorch's default initialization,
        /// after which it prints as a plain Linear, as PyTorch's does.
        /// </summary>
        public class LazyLinear : Linear
        {
            public LazyLinear(long out_features, bool bias = true) : base(out_features, bias, lazy: true) { }

            public bool has_uninitialized_params() => weight is UninitializedParameter;

            public override Tensor forward(Tensor input)
            {
                if (has_uninitialized_params())
                {
                    if (input.dim() < 1) throw new ArgumentException("LazyLinear needs an input with at least one dimension", nameof(input));
                    Initialize(input.size(-1));
                }
                return base.forward(input);
            }

            private void Initialize(long inFeatures)
            {
                in_features = inFeatures;
                var oldWeight = weight;
                var oldBias = bias;
                replace_parameter("weight", NewParameter(out_features, inFeatures));
                if (oldBias is not null) replace_parameter("bias", NewParameter(out_features));
                oldWeight.Dispose();
                oldBias?.Dispose();
                reset_parameters();
            }

            protected override void materialize(string name, UninitializedParameter placeholder, long[] shape)
            {
                if (name == "weight" && shape.Length == 2 && shape[0] == out_features) Initialize(shape[1]);
                else if (name == "bias" && has_uninitialized_params())
                    throw new InvalidOperationException("LazyLinear: load the weight before the bias so in_features is known");
                else if (name != "weight" && name != "bias") base.materialize(name, placeholder, shape);
                else if (name == "weight")
                    throw new ArgumentException($"LazyLinear(out_features={out_features}) cannot take a weight of shape {SizeText(shape)}");
            }

            public override string _get_name() => has_uninitialized_params() ? "LazyLinear" : "Linear";
        }
    }
}
