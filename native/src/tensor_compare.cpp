// Comparisons giving bool tensors, logical ops, where, and whole-tensor equality tests.
#include "tensor_core.h"

#define TRN_COMPARE(NAME)                                                                    \
  TRN_EXPORT torch::Tensor* trn_tensor_##NAME(const torch::Tensor* a, const torch::Tensor* b) { \
    TRN_TENSOR({ return trn::wrap(a->NAME(*b)); })                                           \
  }                                                                                          \
  TRN_EXPORT torch::Tensor* trn_tensor_##NAME##_scalar(const torch::Tensor* a, double s) {   \
    TRN_TENSOR({ return trn::wrap(a->NAME(s)); })                                            \
  }

TRN_COMPARE(eq)
TRN_COMPARE(ne)
TRN_COMPARE(lt)
TRN_COMPARE(le)
TRN_COMPARE(gt)
TRN_COMPARE(ge)

TRN_EXPORT torch::Tensor* trn_tensor_maximum(const torch::Tensor* a, const torch::Tensor* b) {
  TRN_TENSOR({ return trn::wrap(torch::maximum(*a, *b)); })
}
TRN_EXPORT torch::Tensor* trn_tensor_minimum(const torch::Tensor* a, const torch::Tensor* b) {
  TRN_TENSOR({ return trn::wrap(torch::minimum(*a, *b)); })
}
TRN_EXPORT torch::Tensor* trn_tensor_logical_not(const torch::Tensor* a) {
  TRN_TENSOR({ return trn::wrap(a->logical_not()); })
}
TRN_EXPORT torch::Tensor* trn_tensor_logical_and(const torch::Tensor* a, const torch::Tensor* b) {
  TRN_TENSOR({ return trn::wrap(a->logical_and(*b)); })
}
TRN_EXPORT torch::Tensor* trn_tensor_logical_or(const torch::Tensor* a, const torch::Tensor* b) {
  TRN_TENSOR({ return trn::wrap(a->logical_or(*b)); })
}
TRN_EXPORT torch::Tensor* trn_tensor_logical_xor(const torch::Tensor* a, const torch::Tensor* b) {
  TRN_TENSOR({ return trn::wrap(a->logical_xor(*b)); })
}
TRN_EXPORT torch::Tensor* trn_tensor_isnan(const torch::Tensor* a) {
  TRN_TENSOR({ return trn::wrap(a->isnan()); })
}
TRN_EXPORT torch::Tensor* trn_where(const torch::Tensor* cond, const torch::Tensor* a,
                                    const torch::Tensor* b) {
  TRN_TENSOR({ return trn::wrap(torch::where(*cond, *a, *b)); })
}
TRN_EXPORT torch::Tensor* trn_tensor_masked_fill(const torch::Tensor* t, const torch::Tensor* mask,
                                                 double value) {
  TRN_TENSOR({ return trn::wrap(t->masked_fill(*mask, value)); })
}
// Same shape and same values (PyTorch's torch.equal).
TRN_EXPORT int trn_tensor_equal(const torch::Tensor* a, const torch::Tensor* b, bool* out) {
  TRN_STATUS({ *out = a->equal(*b); })
}
TRN_EXPORT int trn_tensor_allclose(const torch::Tensor* a, const torch::Tensor* b, double rtol,
                                   double atol, bool equal_nan, bool* out) {
  TRN_STATUS({ *out = a->allclose(*b, rtol, atol, equal_nan); })
}
