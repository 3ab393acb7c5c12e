// nn-specific operations: layers' forward functions, activations, losses, and the one
// parameter helper modules need (moving a parameter's data while keeping its identity).
#include "common.h"

namespace {

// Reduction codes shared with C#: 0 none, 1 mean, 2 sum (libtorch's at::Reduction values).
int64_t reduction(int code) {
  TORCH_CHECK(code >= 0 && code <= 2, "reduction code ", code, " is not one of none(0), mean(1), sum(2)");
  return code;
}

}  // namespace

// y = x W^T + b; an undefined bias means no bias (PyTorch's bias=False).
TRN_EXPORT torch::Tensor* trn_nn_linear(const torch::Tensor* x, const torch::Tensor* weight,
                                        const torch::Tensor* bias) {
  TRN_TENSOR({
    c10::optional<torch::Tensor> b;
    if (bias->defined()) b = *bias;
    return trn::wrap(torch::linear(*x, *weight, b));
  })
}

TRN_EXPORT torch::Tensor* trn_nn_relu(const torch::Tensor* x) {
  TRN_TENSOR({ return trn::wrap(torch::relu(*x)); })
}

// Inverted dropout as PyTorch: zeroes with probability p and scales the rest by 1/(1-p) when training.
TRN_EXPORT torch::Tensor* trn_nn_dropout(const torch::Tensor* x, double p, bool train) {
  TRN_TENSOR({
    TORCH_CHECK(p >= 0 && p <= 1, "dropout probability has to be between 0 and 1, but got ", p);
    return trn::wrap(torch::dropout(*x, p, train));
  })
}

TRN_EXPORT torch::Tensor* trn_nn_softmax(const torch::Tensor* x, int64_t dim) {
  TRN_TENSOR({ return trn::wrap(torch::softmax(*x, dim)); })
}

TRN_EXPORT torch::Tensor* trn_nn_log_softmax(const torch::Tensor* x, int64_t dim) {
  TRN_TENSOR({ return trn::wrap(torch::log_softmax(*x, dim)); })
}

// Flattens dims start..end into one (nn.Flatten's forward).
TRN_EXPORT torch::Tensor* trn_nn_flatten(const torch::Tensor* x, int64_t start_dim, int64_t end_dim) {
  TRN_TENSOR({ return trn::wrap(torch::flatten(*x, start_dim, end_dim)); })
}

// Cross entropy over logits with class-index targets (int64), as F.cross_entropy.
TRN_EXPORT torch::Tensor* trn_nn_cross_entropy(const torch::Tensor* input, const torch::Tensor* target,
                                               int reduction_code, int64_t ignore_index,
                                               double label_smoothing) {
  TRN_TENSOR({
    TORCH_CHECK(target->scalar_type() == torch::kLong,
                "cross_entropy expects class-index targets of dtype int64 (Long), got ",
                target->scalar_type());
    return trn::wrap(torch::cross_entropy_loss(*input, *target, {}, reduction(reduction_code),
                                               ignore_index, label_smoothing));
  })
}

TRN_EXPORT torch::Tensor* trn_nn_mse_loss(const torch::Tensor* input, const torch::Tensor* target,
                                          int reduction_code) {
  TRN_TENSOR({
    TORCH_CHECK(input->sizes() == target->sizes(), "mse_loss: input shape ", input->sizes(),
                " and target shape ", target->sizes(), " differ");
    return trn::wrap(torch::mse_loss(*input, *target, reduction(reduction_code)));
  })
}

// param.data = value: swaps the tensor's storage (e.g. after a device move) while the
// parameter object, its requires_grad and every alias of it stay the same tensor.
TRN_EXPORT int trn_nn_set_data(torch::Tensor* param, const torch::Tensor* value) {
  TRN_STATUS({ param->set_data(*value); })
}
