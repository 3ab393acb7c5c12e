// Autograd: requires_grad, grad, backward, grad mode, and the global seed.
#include "common.h"

TRN_EXPORT bool trn_tensor_requires_grad(const torch::Tensor* t) { return t->requires_grad(); }

TRN_EXPORT int trn_tensor_set_requires_grad(torch::Tensor* t, bool value) {
  TRN_STATUS({ t->set_requires_grad(value); })
}

TRN_EXPORT bool trn_tensor_is_leaf(const torch::Tensor* t) { return t->is_leaf(); }

// The accumulated gradient, or null with no error when there is none yet.
TRN_EXPORT torch::Tensor* trn_tensor_grad(const torch::Tensor* t) {
  TRN_TENSOR({
    const auto& g = t->grad();
    return g.defined() ? trn::wrap(g) : nullptr;
  })
}

// Sets the gradient; a null `grad` clears it (PyTorch's `p.grad = None`).
TRN_EXPORT int trn_tensor_set_grad(torch::Tensor* t, const torch::Tensor* grad) {
  TRN_STATUS({ t->mutable_grad() = grad && grad->defined() ? *grad : torch::Tensor(); })
}

// backward(); a null `grad` means the implicit gradient 1 of a scalar output.
TRN_EXPORT int trn_tensor_backward(const torch::Tensor* t, const torch::Tensor* grad,
                                   bool retain_graph) {
  TRN_STATUS({ t->backward(grad && grad->defined() ? *grad : torch::Tensor(), retain_graph); })
}

// Grad mode is per thread in libtorch, as in PyTorch; C#'s no_grad scope sets and restores it.
TRN_EXPORT bool trn_grad_enabled() { return c10::GradMode::is_enabled(); }
TRN_EXPORT void trn_set_grad_enabled(bool enabled) { c10::GradMode::set_enabled(enabled); }

TRN_EXPORT void trn_manual_seed(uint64_t seed) { torch::manual_seed(seed); }

// libtorch sets a thread's intra-op thread count from the process-wide default at that
// thread's first parallel op (at::internal::lazy_init_num_threads), which would undo a count
// set on the thread before then as soon as another thread sets a different default (a device
// thread sets 1, the caller then restores its own). One parallel op inside libtorch first uses
// up that lazy initialisation, so the count set here stays this thread's.
TRN_EXPORT int trn_set_num_threads(int n) {
  TRN_STATUS({
    at::empty({1 << 16}, at::kFloat).fill_(0);
    torch::set_num_threads(n);
  })
}
TRN_EXPORT int trn_get_num_threads() { return torch::get_num_threads(); }
