// Optimizer updates. One call per parameter performs PyTorch 1.13's whole single-tensor
// update (torch/optim/sgd.py and adam.py, same op order, so results match to the last bit)
// instead of one P/Invoke per elementwise op. State tensors are C#-owned handles; an
// undefined handle means "not created yet" and is filled in here on the first step.
#include "common.h"

// SGD with momentum, dampening, weight decay and Nesterov. Returns 0 after updating,
// 1 when the parameter has no gradient (PyTorch skips it), -1 on error.
TRN_EXPORT int trn_optim_sgd_update(torch::Tensor* param, torch::Tensor* momentum_buffer,
                                    double lr, double momentum, double dampening,
                                    double weight_decay, bool nesterov, bool maximize) {
  TRN_TRY(-1, {
    torch::NoGradGuard no_grad;
    const auto& grad = param->grad();
    if (!grad.defined()) return 1;
    auto d_p = maximize ? grad.neg() : grad;
    if (weight_decay != 0) d_p = d_p.add(*param, weight_decay);
    if (momentum != 0) {
      auto& buf = *momentum_buffer;
      if (!buf.defined())
        buf = torch::clone(d_p).detach();
      else
        buf.mul_(momentum).add_(d_p, 1 - dampening);
      d_p = nesterov ? d_p.add(buf, momentum) : buf;
    }
    param->add_(d_p, -lr);
    return 0;
  })
}

// Adam (optionally AMSGrad). `step` is a 0-d float32 tensor as PyTorch keeps it; the
// moments are created zero on the first call. Returns as trn_optim_sgd_update.
TRN_EXPORT int trn_optim_adam_update(torch::Tensor* param, torch::Tensor* step,
                                     torch::Tensor* exp_avg, torch::Tensor* exp_avg_sq,
                                     torch::Tensor* max_exp_avg_sq, double lr, double beta1,
                                     double beta2, double eps, double weight_decay,
                                     bool amsgrad, bool maximize) {
  TRN_TRY(-1, {
    torch::NoGradGuard no_grad;
    const auto& g = param->grad();
    if (!g.defined()) return 1;
    TORCH_CHECK(!g.is_sparse(), "Adam does not support sparse gradients");
    if (!step->defined()) *step = torch::zeros({}, torch::kFloat);
    if (!exp_avg->defined()) *exp_avg = torch::zeros_like(*param, at::MemoryFormat::Preserve);
    if (!exp_avg_sq->defined())
      *exp_avg_sq = torch::zeros_like(*param, at::MemoryFormat::Preserve);
    if (amsgrad && !max_exp_avg_sq->defined())
      *max_exp_avg_sq = torch::zeros_like(*param, at::MemoryFormat::Preserve);

    auto grad = maximize ? g.neg() : g;
    step->add_(1);
    if (weight_decay != 0) grad = grad.add(*param, weight_decay);
    exp_avg->mul_(beta1).add_(grad, 1 - beta1);
    exp_avg_sq->mul_(beta2).addcmul_(grad, grad, 1 - beta2);

    // As PyTorch: the step count goes through a float32 tensor, the rest in double.
    const double t = step->item<double>();
    const double bias_correction1 = 1 - std::pow(beta1, t);
    const double bias_correction2 = 1 - std::pow(beta2, t);
    const double step_size = lr / bias_correction1;
    const double bias_correction2_sqrt = std::sqrt(bias_correction2);
    torch::Tensor denom;
    if (amsgrad) {
      torch::maximum_out(*max_exp_avg_sq, *max_exp_avg_sq, *exp_avg_sq);
      denom = (max_exp_avg_sq->sqrt() / bias_correction2_sqrt).add_(eps);
    } else {
      denom = (exp_avg_sq->sqrt() / bias_correction2_sqrt).add_(eps);
    }
    param->addcdiv_(*exp_avg, denom, -step_size);
    return 0;
  })
}

// Optimizer.zero_grad: PyTorch 1.13 zeroes in place by default, or drops the gradient.
TRN_EXPORT int trn_optim_zero_grad(torch::Tensor* param, bool set_to_none) {
  TRN_STATUS({
    auto& grad = param->mutable_grad();
    if (grad.defined()) {
      if (set_to_none) {
        grad = torch::Tensor();
      } else {
        if (grad.grad_fn()) grad = grad.detach();
        else grad.requires_grad_(false);
        grad.zero_();
      }
    }
  })
}
