// In-place operations; each returns a status, C# returns the same tensor object.
#include "tensor_core.h"

TRN_EXPORT int trn_tensor_add_(torch::Tensor* a, const torch::Tensor* b, double alpha) {
  TRN_STATUS({ a->add_(*b, alpha); })
}
TRN_EXPORT int trn_tensor_add_scalar_(torch::Tensor* a, double s) { TRN_STATUS({ a->add_(s); }) }
TRN_EXPORT int trn_tensor_mul_(torch::Tensor* a, const torch::Tensor* b) {
  TRN_STATUS({ a->mul_(*b); })
}
TRN_EXPORT int trn_tensor_mul_scalar_(torch::Tensor* a, double s) { TRN_STATUS({ a->mul_(s); }) }
TRN_EXPORT int trn_tensor_div_scalar_(torch::Tensor* a, double s) { TRN_STATUS({ a->div_(s); }) }
TRN_EXPORT int trn_tensor_zero_(torch::Tensor* a) { TRN_STATUS({ a->zero_(); }) }
TRN_EXPORT int trn_tensor_fill_(torch::Tensor* a, double value) { TRN_STATUS({ a->fill_(value); }) }
TRN_EXPORT int trn_tensor_copy_(torch::Tensor* a, const torch::Tensor* src) {
  TRN_STATUS({ a->copy_(*src); })
}
TRN_EXPORT int trn_tensor_uniform_(torch::Tensor* a, double from, double to) {
  TRN_STATUS({ a->uniform_(from, to); })
}
TRN_EXPORT int trn_tensor_normal_(torch::Tensor* a, double mean, double std) {
  TRN_STATUS({ a->normal_(mean, std); })
}
TRN_EXPORT int trn_tensor_sub_(torch::Tensor* a, const torch::Tensor* b, double alpha) {
  TRN_STATUS({ a->sub_(*b, alpha); })
}
TRN_EXPORT int trn_tensor_sub_scalar_(torch::Tensor* a, double s) { TRN_STATUS({ a->sub_(s); }) }
TRN_EXPORT int trn_tensor_div_(torch::Tensor* a, const torch::Tensor* b) {
  TRN_STATUS({ a->div_(*b); })
}
TRN_EXPORT int trn_tensor_masked_fill_(torch::Tensor* a, const torch::Tensor* mask, double value) {
  TRN_STATUS({ a->masked_fill_(*mask, value); })
}
