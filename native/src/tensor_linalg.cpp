// Linear algebra beyond matmul: mm, mv, dot, bmm, outer, norms.
#include "tensor_core.h"

#define TRN_BINARY_LINALG(NAME)                                                              \
  TRN_EXPORT torch::Tensor* trn_tensor_##NAME(const torch::Tensor* a, const torch::Tensor* b) { \
    TRN_TENSOR({ return trn::wrap(a->NAME(*b)); })                                           \
  }

TRN_BINARY_LINALG(mm)
TRN_BINARY_LINALG(mv)
TRN_BINARY_LINALG(dot)
TRN_BINARY_LINALG(bmm)
TRN_BINARY_LINALG(outer)

// The p-norm of all elements (p = 2 is the L2 / Frobenius norm).
TRN_EXPORT torch::Tensor* trn_tensor_norm(const torch::Tensor* t, double p) {
  TRN_TENSOR({ return trn::wrap(t->norm(p)); })
}
TRN_EXPORT torch::Tensor* trn_tensor_norm_dims(const torch::Tensor* t, double p, const int64_t* dims,
                                               int ndim, bool keepdim) {
  TRN_TENSOR({ return trn::wrap(t->norm(p, trn::shape(dims, ndim), keepdim)); })
}
