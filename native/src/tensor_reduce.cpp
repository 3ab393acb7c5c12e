// Reductions over all elements or over dimensions, with keepdim; cumulative sums.
#include "tensor_core.h"

// Reductions that take an optional list of dims: ndim 0 means "over everything".
#define TRN_REDUCE_DIMS(NAME)                                                               \
  TRN_EXPORT torch::Tensor* trn_tensor_##NAME(const torch::Tensor* t) {                     \
    TRN_TENSOR({ return trn::wrap(t->NAME()); })                                            \
  }                                                                                         \
  TRN_EXPORT torch::Tensor* trn_tensor_##NAME##_dims(const torch::Tensor* t,                \
                                                     const int64_t* dims, int ndim,         \
                                                     bool keepdim) {                        \
    TRN_TENSOR({ return trn::wrap(t->NAME(trn::shape(dims, ndim), keepdim)); })             \
  }

TRN_REDUCE_DIMS(sum)
TRN_REDUCE_DIMS(mean)

TRN_EXPORT torch::Tensor* trn_tensor_prod(const torch::Tensor* t) {
  TRN_TENSOR({ return trn::wrap(t->prod()); })
}
TRN_EXPORT torch::Tensor* trn_tensor_prod_dim(const torch::Tensor* t, int64_t dim, bool keepdim) {
  TRN_TENSOR({ return trn::wrap(t->prod(dim, keepdim)); })
}
TRN_EXPORT torch::Tensor* trn_tensor_std(const torch::Tensor* t, bool unbiased) {
  TRN_TENSOR({ return trn::wrap(t->std(unbiased)); })
}
TRN_EXPORT torch::Tensor* trn_tensor_std_dims(const torch::Tensor* t, const int64_t* dims, int ndim,
                                              bool unbiased, bool keepdim) {
  TRN_TENSOR({ return trn::wrap(t->std(trn::shape(dims, ndim), unbiased, keepdim)); })
}
TRN_EXPORT torch::Tensor* trn_tensor_var(const torch::Tensor* t, bool unbiased) {
  TRN_TENSOR({ return trn::wrap(t->var(unbiased)); })
}
TRN_EXPORT torch::Tensor* trn_tensor_var_dims(const torch::Tensor* t, const int64_t* dims, int ndim,
                                              bool unbiased, bool keepdim) {
  TRN_TENSOR({ return trn::wrap(t->var(trn::shape(dims, ndim), unbiased, keepdim)); })
}

TRN_EXPORT torch::Tensor* trn_tensor_max(const torch::Tensor* t) {
  TRN_TENSOR({ return trn::wrap(t->max()); })
}
TRN_EXPORT torch::Tensor* trn_tensor_min(const torch::Tensor* t) {
  TRN_TENSOR({ return trn::wrap(t->min()); })
}
// max/min along a dim give (values, indices); both come back through out-parameters.
TRN_EXPORT int trn_tensor_max_dim(const torch::Tensor* t, int64_t dim, bool keepdim,
                                  torch::Tensor** values, torch::Tensor** indices) {
  TRN_STATUS({
    auto r = t->max(dim, keepdim);
    *values = trn::wrap(std::get<0>(r));
    *indices = trn::wrap(std::get<1>(r));
  })
}
TRN_EXPORT int trn_tensor_min_dim(const torch::Tensor* t, int64_t dim, bool keepdim,
                                  torch::Tensor** values, torch::Tensor** indices) {
  TRN_STATUS({
    auto r = t->min(dim, keepdim);
    *values = trn::wrap(std::get<0>(r));
    *indices = trn::wrap(std::get<1>(r));
  })
}
// argmax/argmin; has_dim false means over the flattened tensor.
TRN_EXPORT torch::Tensor* trn_tensor_argmax(const torch::Tensor* t, bool has_dim, int64_t dim,
                                            bool keepdim) {
  TRN_TENSOR({
    return trn::wrap(has_dim ? t->argmax(dim, keepdim) : t->argmax(c10::nullopt, keepdim));
  })
}
TRN_EXPORT torch::Tensor* trn_tensor_argmin(const torch::Tensor* t, bool has_dim, int64_t dim,
                                            bool keepdim) {
  TRN_TENSOR({
    return trn::wrap(has_dim ? t->argmin(dim, keepdim) : t->argmin(c10::nullopt, keepdim));
  })
}
TRN_EXPORT torch::Tensor* trn_tensor_cumsum(const torch::Tensor* t, int64_t dim) {
  TRN_TENSOR({ return trn::wrap(t->cumsum(dim)); })
}
TRN_EXPORT torch::Tensor* trn_tensor_cumprod(const torch::Tensor* t, int64_t dim) {
  TRN_TENSOR({ return trn::wrap(t->cumprod(dim)); })
}
TRN_EXPORT torch::Tensor* trn_tensor_all(const torch::Tensor* t) {
  TRN_TENSOR({ return trn::wrap(t->all()); })
}
TRN_EXPORT torch::Tensor* trn_tensor_any(const torch::Tensor* t) {
  TRN_TENSOR({ return trn::wrap(t->any()); })
}
TRN_EXPORT torch::Tensor* trn_tensor_all_dim(const torch::Tensor* t, int64_t dim, bool keepdim) {
  TRN_TENSOR({ return trn::wrap(t->all(dim, keepdim)); })
}
TRN_EXPORT torch::Tensor* trn_tensor_any_dim(const torch::Tensor* t, int64_t dim, bool keepdim) {
  TRN_TENSOR({ return trn::wrap(t->any(dim, keepdim)); })
}
