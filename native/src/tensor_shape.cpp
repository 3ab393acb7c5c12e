// Shape operations: views (reshape, transpose, permute, squeeze...) and joining (cat, stack).
#include "tensor_core.h"

#include <vector>

namespace {
// Gathers a C# array of tensor pointers into the list libtorch's joining ops take.
std::vector<torch::Tensor> gather(torch::Tensor* const* ts, int n) {
  TORCH_CHECK(n > 0, "expected a non-empty list of tensors");
  std::vector<torch::Tensor> out;
  out.reserve(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) out.push_back(*ts[i]);
  return out;
}
}  // namespace

TRN_EXPORT torch::Tensor* trn_tensor_reshape(const torch::Tensor* t, const int64_t* dims, int ndim) {
  TRN_TENSOR({ return trn::wrap(t->reshape(trn::shape(dims, ndim))); })
}
TRN_EXPORT torch::Tensor* trn_tensor_view(const torch::Tensor* t, const int64_t* dims, int ndim) {
  TRN_TENSOR({ return trn::wrap(t->view(trn::shape(dims, ndim))); })
}
TRN_EXPORT torch::Tensor* trn_tensor_expand(const torch::Tensor* t, const int64_t* dims, int ndim) {
  TRN_TENSOR({ return trn::wrap(t->expand(trn::shape(dims, ndim))); })
}
TRN_EXPORT torch::Tensor* trn_tensor_flatten(const torch::Tensor* t, int64_t start, int64_t end) {
  TRN_TENSOR({ return trn::wrap(t->flatten(start, end)); })
}
TRN_EXPORT torch::Tensor* trn_tensor_transpose(const torch::Tensor* t, int64_t d0, int64_t d1) {
  TRN_TENSOR({ return trn::wrap(t->transpose(d0, d1)); })
}
// PyTorch's .t(): a 0-d, 1-d or 2-d tensor transposed (anything else is an error).
TRN_EXPORT torch::Tensor* trn_tensor_t(const torch::Tensor* t) {
  TRN_TENSOR({ return trn::wrap(t->t()); })
}
TRN_EXPORT torch::Tensor* trn_tensor_permute(const torch::Tensor* t, const int64_t* dims, int ndim) {
  TRN_TENSOR({ return trn::wrap(t->permute(trn::shape(dims, ndim))); })
}
TRN_EXPORT torch::Tensor* trn_tensor_unsqueeze(const torch::Tensor* t, int64_t dim) {
  TRN_TENSOR({ return trn::wrap(t->unsqueeze(dim)); })
}
TRN_EXPORT torch::Tensor* trn_tensor_squeeze(const torch::Tensor* t) {
  TRN_TENSOR({ return trn::wrap(t->squeeze()); })
}
TRN_EXPORT torch::Tensor* trn_tensor_squeeze_dim(const torch::Tensor* t, int64_t dim) {
  TRN_TENSOR({ return trn::wrap(t->squeeze(dim)); })
}
TRN_EXPORT torch::Tensor* trn_tensor_narrow(const torch::Tensor* t, int64_t dim, int64_t start,
                                            int64_t length) {
  TRN_TENSOR({ return trn::wrap(t->narrow(dim, start, length)); })
}
TRN_EXPORT torch::Tensor* trn_tensor_select(const torch::Tensor* t, int64_t dim, int64_t index) {
  TRN_TENSOR({ return trn::wrap(t->select(dim, index)); })
}
TRN_EXPORT torch::Tensor* trn_tensor_repeat(const torch::Tensor* t, const int64_t* dims, int ndim) {
  TRN_TENSOR({ return trn::wrap(t->repeat(trn::shape(dims, ndim))); })
}
TRN_EXPORT torch::Tensor* trn_tensor_flip(const torch::Tensor* t, const int64_t* dims, int ndim) {
  TRN_TENSOR({ return trn::wrap(t->flip(trn::shape(dims, ndim))); })
}

TRN_EXPORT torch::Tensor* trn_cat(torch::Tensor* const* ts, int n, int64_t dim) {
  TRN_TENSOR({ return trn::wrap(torch::cat(gather(ts, n), dim)); })
}
TRN_EXPORT torch::Tensor* trn_stack(torch::Tensor* const* ts, int n, int64_t dim) {
  TRN_TENSOR({ return trn::wrap(torch::stack(gather(ts, n), dim)); })
}

// Splits into pieces of `size` along `dim`; writes up to `capacity` new tensors into `out` and
// returns how many pieces there are (call with capacity 0 first to learn the count).
TRN_EXPORT int trn_tensor_split(const torch::Tensor* t, int64_t size, int64_t dim,
                                torch::Tensor** out, int capacity) {
  TRN_TRY(-1, {
    auto parts = t->split(size, dim);
    auto n = static_cast<int>(parts.size());
    if (out && capacity >= n)
      for (int i = 0; i < n; ++i) out[i] = trn::wrap(parts[static_cast<size_t>(i)]);
    return n;
  })
}
TRN_EXPORT int trn_tensor_chunk(const torch::Tensor* t, int64_t chunks, int64_t dim,
                                torch::Tensor** out, int capacity) {
  TRN_TRY(-1, {
    auto parts = t->chunk(chunks, dim);
    auto n = static_cast<int>(parts.size());
    if (out && capacity >= n)
      for (int i = 0; i < n; ++i) out[i] = trn::wrap(parts[static_cast<size_t>(i)]);
    return n;
  })
}
