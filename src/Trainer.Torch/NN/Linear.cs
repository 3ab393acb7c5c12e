namespace Trainer.Torch;

public static partial class torch
{
    public static partial class nn
    {
        /// <summary>y = x Wᵀ + b, with PyTorch's default initialization (so seeded weights match PyTorch's).</summary>
        public class Linear : Module
        {
            public long in_features { get; protected set; }
            public long out_features { get; }

            public Linear(long in_features, long out_features, bool bias = true)
            {
                if (in_features < 0 || out_features < 0)
                    throw new ArgumentOutOfRangeException(nameof(in_features), $"Linear needs non-negative sizes, got in_features={in_features}, out_features={out_features}");
                this.in_features = in_features;
                this.out_features = out_features;
                register_parameter("weight", NewParameter(out_features, in_features));
                register_parameter("bias", bias ? NewParameter(out_features) : null);
                reset_parameters();
            }

            /// <summary>For LazyLinear: registers placeholders and draws nothing until the first forward.</summary>
            private protected Linear(long out_features, bool bias, bool lazy)
            {
                this.out_features = out_features;
                register_parameter("weight", new UninitializedParameter());
                register_parameter("bias", bias ? new UninitializedParameter() : null);
            }

            internal static Parameter NewParameter(params long[] shape)
            {
                using var scope = NewDisposeScope();
                return new Parameter(empty(shape));
            }

            public Parameter weight => ParameterEntries[0].Value!;
            public Parameter? bias => ParameterEntries[1].Value;

            /// <summary>kaiming_uniform_(a=√5) on the weight, U(-1/√fan_in, 1/√fan_in) on the bias, in that order (PyTorch's).</summary>
            public void reset_parameters()
            {
                init.kaiming_uniform_(weight, a: Math.Sqrt(5));
                if (bias is { } b)
                {
                    var (fanIn, _) = init._calculate_fan_in_and_fan_out(weight);
                    var bound = fanIn > 0 ? 1 / Math.Sqrt(fanIn) : 0;
                    init.uniform_(b, -bound, bound);
                }
            }

            public override Tensor forward(Tensor input) => functional.linear(input, weight, bias);

            public override string extra_repr() => $"in_features={in_features}, out_features={out_features}, bias={Py(bias is not null)}";
        }
    }
}
