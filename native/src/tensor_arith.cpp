// Elementwise arithmetic with broadcasting, tensor-tensor and tensor-scalar, and matmul.
#include "tensor_core.h"

#define TRN_BINARY(NAME, EXPR)                                                          \
  TRN_EXPORT torch::Tensor* trn_tensor_##NAME(const torch::Tensor* a, const torch::Tensor* b) { \
    TRN_TENSOR({ return trn::wrap(EXPR); })                                             \
  }
#define TRN_BINARY_SCALAR(NAME, EXPR)                                                  \
  TRN_EXPORT torch::Tensor* trn_tensor_##NAME##_scalar(const torch::Tensor* a, double s) { \
    TRN_TENSOR({ return trn::wrap(EXPR); })                                            \
  }

TRN_BINARY(add, *a + *b)
TRN_BINARY(sub, *a - *b)
TRN_BINARY(mul, *a * *b)
TRN_BINARY(div, *a / *b)
TRN_BINARY(matmul, a->matmul(*b))
TRN_BINARY_SCALAR(add, *a + s)
TRN_BINARY_SCALAR(sub, *a - s)
TRN_BINARY_SCALAR(mul, *a * s)
TRN_BINARY_SCALAR(div, *a / s)
// s - a and s / a, for C#'s `2 - t` and `2 / t`.
TRN_BINARY_SCALAR(rsub, s - *a)
TRN_BINARY_SCALAR(rdiv, s / *a)

// a + alpha * b: the optimizer's workhorse, without a temporary for alpha * b.
TRN_EXPORT torch::Tensor* trn_tensor_add_alpha(const torch::Tensor* a, const torch::Tensor* b,
                                               double alpha) {
  TRN_TENSOR({ return trn::wrap(torch::add(*a, *b, alpha)); })
}
