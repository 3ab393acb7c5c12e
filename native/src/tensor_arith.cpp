// Elementwise arithmetic with broadcasting, tensor-tensor and tensor-scalar, and matmul.
#include "tensor_core.h"

#include <ATen/ScalarOps.h>

namespace {
// A C# number enters an op the way PyTorch passes a Python number: as a 0-d "wrapped number"
// tensor. Type promotion treats it as weakly typed (int64 tensor + 1 stays int64, + 0.5 gives
// float32), and autograd records the Tensor overload, so graphs print PyTorch's names
// (MulBackward0, not the C++ Scalar overload's MulBackward1).
torch::Tensor number(double s) { return at::native::wrapped_scalar_tensor(s); }
torch::Tensor number(int64_t s) { return at::native::wrapped_scalar_tensor(s); }
}  // namespace

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
TRN_BINARY_SCALAR(add, *a + number(s))
TRN_BINARY_SCALAR(sub, *a - number(s))
TRN_BINARY_SCALAR(mul, *a * number(s))
TRN_BINARY_SCALAR(div, *a / number(s))
// s - a and s / a, for C#'s `2 - t` and `2 / t`.
TRN_BINARY_SCALAR(rsub, s - *a)
TRN_BINARY_SCALAR(rdiv, s / *a)

// a + alpha * b: the optimizer's workhorse, without a temporary for alpha * b.
TRN_EXPORT torch::Tensor* trn_tensor_add_alpha(const torch::Tensor* a, const torch::Tensor* b,
                                               double alpha) {
  TRN_TENSOR({ return trn::wrap(torch::add(*a, *b, alpha)); })
}

// Integer numbers, so that `arange(3) + 1` stays int64 as in PyTorch.
#define TRN_BINARY_LONG(NAME, EXPR)                                                        \
  TRN_EXPORT torch::Tensor* trn_tensor_##NAME##_long(const torch::Tensor* a, int64_t s) {  \
    TRN_TENSOR({ return trn::wrap(EXPR); })                                                \
  }
TRN_BINARY_LONG(add, *a + number(s))
TRN_BINARY_LONG(sub, *a - number(s))
TRN_BINARY_LONG(mul, *a * number(s))
TRN_BINARY_LONG(div, *a / number(s))
TRN_BINARY_LONG(rsub, number(s) - *a)
TRN_BINARY_LONG(rdiv, number(s) / *a)
