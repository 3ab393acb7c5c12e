// Factory functions: zeros, ones, full, arange, rand, randn, eye, and the *_like forms.
#include "tensor_core.h"

#define TRN_OPTS trn::options(dtype, device_type, device_index)
#define TRN_FACTORY_ARGS const int64_t *dims, int ndim, int dtype, int device_type, int device_index

TRN_EXPORT torch::Tensor* trn_zeros(TRN_FACTORY_ARGS) {
  TRN_TENSOR({ return trn::wrap(torch::zeros(trn::shape(dims, ndim), TRN_OPTS)); })
}
TRN_EXPORT torch::Tensor* trn_ones(TRN_FACTORY_ARGS) {
  TRN_TENSOR({ return trn::wrap(torch::ones(trn::shape(dims, ndim), TRN_OPTS)); })
}
TRN_EXPORT torch::Tensor* trn_empty(TRN_FACTORY_ARGS) {
  TRN_TENSOR({ return trn::wrap(torch::empty(trn::shape(dims, ndim), TRN_OPTS)); })
}
TRN_EXPORT torch::Tensor* trn_full(TRN_FACTORY_ARGS, double value) {
  TRN_TENSOR({ return trn::wrap(torch::full(trn::shape(dims, ndim), value, TRN_OPTS)); })
}
TRN_EXPORT torch::Tensor* trn_rand(TRN_FACTORY_ARGS) {
  TRN_TENSOR({ return trn::wrap(torch::rand(trn::shape(dims, ndim), TRN_OPTS)); })
}
TRN_EXPORT torch::Tensor* trn_randn(TRN_FACTORY_ARGS) {
  TRN_TENSOR({ return trn::wrap(torch::randn(trn::shape(dims, ndim), TRN_OPTS)); })
}
TRN_EXPORT torch::Tensor* trn_randint(int64_t low, int64_t high, TRN_FACTORY_ARGS) {
  TRN_TENSOR({ return trn::wrap(torch::randint(low, high, trn::shape(dims, ndim), TRN_OPTS)); })
}
TRN_EXPORT torch::Tensor* trn_arange(double start, double end, double step, int dtype,
                                     int device_type, int device_index) {
  TRN_TENSOR({ return trn::wrap(torch::arange(start, end, step, TRN_OPTS)); })
}
TRN_EXPORT torch::Tensor* trn_eye(int64_t n, int64_t m, int dtype, int device_type,
                                  int device_index) {
  TRN_TENSOR({ return trn::wrap(torch::eye(n, m, TRN_OPTS)); })
}
TRN_EXPORT torch::Tensor* trn_zeros_like(const torch::Tensor* t) {
  TRN_TENSOR({ return trn::wrap(torch::zeros_like(*t)); })
}
TRN_EXPORT torch::Tensor* trn_ones_like(const torch::Tensor* t) {
  TRN_TENSOR({ return trn::wrap(torch::ones_like(*t)); })
}
TRN_EXPORT torch::Tensor* trn_scalar_tensor(double value, int dtype, int device_type,
                                            int device_index) {
  TRN_TENSOR({ return trn::wrap(torch::scalar_tensor(value, TRN_OPTS)); })
}
