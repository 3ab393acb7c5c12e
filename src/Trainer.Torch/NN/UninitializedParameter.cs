namespace Trainer.Torch;

public static partial class torch
{
    public static partial class nn
    {
        /// <summary>
        /// A lazy layer's parameter before its first forward (PyTorch's UninitializedParameter):
        /// its shape is not known yet, so asking for it fails with an explanation instead of
        /// returning a made-up size. It holds an empty placeholder tensor only so that it is a
        /// valid Parameter object.
        /// </summary>
        public sealed class UninitializedParameter : Parameter
        {
            public UninitializedParameter() : base(Placeholder.Value) { }

            /// <summary>One process-wide empty tensor that every placeholder aliases (owned by no scope).</summary>
            private static readonly Lazy<Tensor> Placeholder = new(() => DisposeScope.Detach(empty(0)));

            public override long[] shape => throw new InvalidOperationException(
                "Can't access the shape of an uninitialized parameter or buffer. This error usually happens in " +
                "`load_state_dict` when trying to load an uninitialized parameter into an initialized one. " +
                "Call `forward` to initialize the parameters before accessing their attributes.");

            public override string ToString() => "<UninitializedParameter>";
        }
    }
}
