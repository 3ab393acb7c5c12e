// Elementwise math on one tensor (exp, log, sqrt...), powers and clamping.
#include "tensor_core.h"

#define TRN_UNARY(NAME)                                                      \
  TRN_EXPORT torch::Tensor* trn_tensor_##NAME(const torch::Tensor* t) {      \
    TRN_TENSOR({ return trn::wrap(t->NAME()); })                             \
  }                                                                          \
  TRN_EXPORT int trn_tensor_##NAME##_(torch::Tensor* t) { TRN_STATUS({ t->NAME##_(); }) }

TRN_UNARY(exp)
TRN_UNARY(log)
TRN_UNARY(abs)
TRN_UNARY(neg)
TRN_UNARY(sqrt)
TRN_UNARY(rsqrt)
TRN_UNARY(square)
TRN_UNARY(sin)
TRN_UNARY(cos)
TRN_UNARY(floor)
TRN_UNARY(ceil)
TRN_UNARY(round)
TRN_UNARY(sign)
TRN_UNARY(reciprocal)
TRN_UNARY(log2)
TRN_UNARY(log1p)
TRN_UNARY(expm1)

TRN_EXPORT torch::Tensor* trn_tensor_pow_scalar(const torch::Tensor* t, double e) {
  TRN_TENSOR({ return trn::wrap(t->pow(e)); })
}
TRN_EXPORT torch::Tensor* trn_tensor_pow(const torch::Tensor* t, const torch::Tensor* e) {
  TRN_TENSOR({ return trn::wrap(t->pow(*e)); })
}
// s ** t, for C#'s `torch.pow(2, t)`.
TRN_EXPORT torch::Tensor* trn_tensor_rpow_scalar(const torch::Tensor* t, double s) {
  TRN_TENSOR({ return trn::wrap(torch::pow(s, *t)); })
}
TRN_EXPORT int trn_tensor_pow_scalar_(torch::Tensor* t, double e) { TRN_STATUS({ t->pow_(e); }) }

// Clamps to [lo, hi]; a missing bound is passed as has_lo / has_hi false.
TRN_EXPORT torch::Tensor* trn_tensor_clamp(const torch::Tensor* t, bool has_lo, double lo,
                                           bool has_hi, double hi) {
  TRN_TENSOR({
    c10::optional<c10::Scalar> l;
    c10::optional<c10::Scalar> h;
    if (has_lo) l = lo;
    if (has_hi) h = hi;
    return trn::wrap(t->clamp(l, h));
  })
}
TRN_EXPORT int trn_tensor_clamp_(torch::Tensor* t, bool has_lo, double lo, bool has_hi, double hi) {
  TRN_STATUS({
    c10::optional<c10::Scalar> l;
    c10::optional<c10::Scalar> h;
    if (has_lo) l = lo;
    if (has_hi) h = hi;
    t->clamp_(l, h);
  })
}
TRN_EXPORT torch::Tensor* trn_tensor_remainder_scalar(const torch::Tensor* t, double s) {
  TRN_TENSOR({ return trn::wrap(t->remainder(s)); })
}
TRN_EXPORT torch::Tensor* trn_tensor_remainder(const torch::Tensor* t, const torch::Tensor* s) {
  TRN_TENSOR({ return trn::wrap(t->remainder(*s)); })
}
