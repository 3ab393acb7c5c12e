using Trainer.Torch.Native;

namespace Trainer.Torch;

public static partial class torch
{
    public static partial class nn
    {
        /// <summary>PyTorch's <c>torch.nn.functional</c> (the book's <c>F</c>): stateless forms of the layers and losses.</summary>
        public static class functional
        {
            public static Tensor linear(Tensor input, Tensor weight, Tensor? bias = null) =>
                NativeMethods.CheckTensor(NativeMethods.trn_nn_linear(input.Handle, weight.Handle, Tensor.HandleOrUndefined(bias)));

            public static Tensor relu(Tensor input) => NativeMethods.CheckTensor(NativeMethods.trn_nn_relu(input.Handle));

            public static Tensor dropout(Tensor input, double p = 0.5, bool training = true)
            {
                if (p < 0 || p > 1) throw new ArgumentOutOfRangeException(nameof(p), $"dropout probability has to be between 0 and 1, but got {p}");
                return NativeMethods.CheckTensor(NativeMethods.trn_nn_dropout(input.Handle, p, training));
            }

            public static Tensor softmax(Tensor input, long dim) => NativeMethods.CheckTensor(NativeMethods.trn_nn_softmax(input.Handle, dim));

            public static Tensor log_softmax(Tensor input, long dim) => NativeMethods.CheckTensor(NativeMethods.trn_nn_log_softmax(input.Handle, dim));

            public static Tensor flatten(Tensor input, long start_dim = 0, long end_dim = -1) =>
                NativeMethods.CheckTensor(NativeMethods.trn_nn_flatten(input.Handle, start_dim, end_dim));

            /// <summary>Cross entropy of logits <paramref name="input"/> (N, C) against class indices <paramref name="target"/> (N, int64).</summary>
            public static Tensor cross_entropy(Tensor input, Tensor target, string reduction = "mean", long ignore_index = -100, double label_smoothing = 0) =>
                NativeMethods.CheckTensor(NativeMethods.trn_nn_cross_entropy(input.Handle, target.Handle, Reduction.Code(reduction), ignore_index, label_smoothing));

            public static Tensor mse_loss(Tensor input, Tensor target, string reduction = "mean") =>
                NativeMethods.CheckTensor(NativeMethods.trn_nn_mse_loss(input.Handle, target.Handle, Reduction.Code(reduction)));
        }
    }
}
