// Tensor lifetime, metadata, and moving data between C# arrays and tensors.
#include "tensor_core.h"

#include <cstring>

TRN_EXPORT void trn_tensor_free(torch::Tensor* t) { delete t; }

// Copies `data` (a C# array pinned for the duration of the call) into a new tensor.
TRN_EXPORT torch::Tensor* trn_tensor_from_data(const void* data, const int64_t* dims, int ndim,
                                               int dtype, int device_type, int device_index,
                                               bool requires_grad) {
  TRN_TENSOR({
    auto cpu = torch::from_blob(const_cast<void*>(data), trn::shape(dims, ndim),
                                torch::TensorOptions().dtype(static_cast<c10::ScalarType>(dtype)));
    auto t = cpu.to(trn::options(dtype, device_type, device_index), false, /*copy=*/true);
    if (requires_grad) t.set_requires_grad(true);
    return trn::wrap(std::move(t));
  })
}

TRN_EXPORT int trn_tensor_dim(const torch::Tensor* t) { return static_cast<int>(t->dim()); }

// Writes dim() sizes into the caller's buffer.
TRN_EXPORT void trn_tensor_sizes(const torch::Tensor* t, int64_t* out) {
  auto sizes = t->sizes();
  std::memcpy(out, sizes.data(), sizes.size() * sizeof(int64_t));
}

TRN_EXPORT int64_t trn_tensor_numel(const torch::Tensor* t) { return t->numel(); }
TRN_EXPORT int trn_tensor_dtype(const torch::Tensor* t) {
  return static_cast<int>(t->scalar_type());
}
TRN_EXPORT int trn_tensor_device_type(const torch::Tensor* t) {
  return static_cast<int>(t->device().type());
}
TRN_EXPORT int trn_tensor_device_index(const torch::Tensor* t) {
  return static_cast<int>(t->device().index());
}
TRN_EXPORT bool trn_tensor_defined(const torch::Tensor* t) { return t->defined(); }

// Copies the tensor's elements, in row-major order, into a caller-owned buffer of `bytes`
// (pinned for the call): one copy, straight from the device (or a strided view) into the buffer.
TRN_EXPORT int trn_tensor_copy_to(const torch::Tensor* t, void* out, int64_t bytes) {
  TRN_STATUS({
    auto source = t->detach();
    auto need = static_cast<int64_t>(source.numel() * source.element_size());
    TORCH_CHECK(need == bytes, "copy_to: buffer holds ", bytes, " bytes, tensor needs ", need);
    if (source.is_contiguous() && source.device().is_cpu()) {
      std::memcpy(out, source.data_ptr(), static_cast<size_t>(need));
    } else {
      auto target = torch::from_blob(out, source.sizes(),
                                     torch::TensorOptions().dtype(source.scalar_type()));
      target.copy_(source);
    }
  })
}

// Overwrites the tensor's elements, in row-major order, from a caller-owned buffer of `bytes`
// (pinned for the call), in place and outside autograd: reuses the tensor's storage, so a
// per-step transfer costs one copy and no allocation.
TRN_EXPORT int trn_tensor_copy_from(torch::Tensor* t, const void* data, int64_t bytes) {
  TRN_STATUS({
    auto need = static_cast<int64_t>(t->numel() * t->element_size());
    TORCH_CHECK(need == bytes, "copy_from: buffer holds ", bytes, " bytes, tensor needs ", need);
    auto target = t->detach();
    if (target.is_contiguous() && target.device().is_cpu()) {
      std::memcpy(target.data_ptr(), data, static_cast<size_t>(need));
    } else {
      auto source = torch::from_blob(const_cast<void*>(data), target.sizes(),
                                     torch::TensorOptions().dtype(target.scalar_type()));
      target.copy_(source);
    }
  })
}

// item() as a double, and exactly as an int64 for integer tensors.
TRN_EXPORT int trn_tensor_item_double(const torch::Tensor* t, double* out) {
  TRN_STATUS({ *out = t->item<double>(); })
}
TRN_EXPORT int trn_tensor_item_long(const torch::Tensor* t, int64_t* out) {
  TRN_STATUS({ *out = t->item<int64_t>(); })
}

TRN_EXPORT torch::Tensor* trn_tensor_to(const torch::Tensor* t, int dtype, int device_type,
                                        int device_index, bool copy) {
  TRN_TENSOR({ return trn::wrap(t->to(trn::options(dtype, device_type, device_index), false, copy)); })
}

TRN_EXPORT torch::Tensor* trn_tensor_clone(const torch::Tensor* t) {
  TRN_TENSOR({ return trn::wrap(t->clone()); })
}
TRN_EXPORT torch::Tensor* trn_tensor_detach(const torch::Tensor* t) {
  TRN_TENSOR({ return trn::wrap(t->detach()); })
}
TRN_EXPORT torch::Tensor* trn_tensor_contiguous(const torch::Tensor* t) {
  TRN_TENSOR({ return trn::wrap(t->contiguous()); })
}
// A second handle on the same tensor (shares storage and autograd identity).
TRN_EXPORT torch::Tensor* trn_tensor_alias(const torch::Tensor* t) {
  TRN_TENSOR({ return trn::wrap(*t); })
}
TRN_EXPORT bool trn_tensor_same(const torch::Tensor* a, const torch::Tensor* b) {
  return a->is_same(*b);
}
TRN_EXPORT bool trn_tensor_is_contiguous(const torch::Tensor* t) { return t->is_contiguous(); }

// PyTorch's own printing of a tensor (used for diagnostics; C# formats ToString itself).
TRN_EXPORT int trn_tensor_print(const torch::Tensor* t, char* out, int capacity) {
  TRN_TRY(-1, {
    std::ostringstream s;
    s << *t;
    auto text = s.str();
    return trn::copy_string_out(text, out, capacity);
  })
}

// An undefined tensor: C# passes it where PyTorch passes None for an optional tensor.
TRN_EXPORT torch::Tensor* trn_tensor_undefined() { return new torch::Tensor(); }

// A CPU tensor over caller memory, without a copy (torch.from_numpy's contract): the C# side
// pins an array and passes a handle as `context`; libtorch calls `release(context)` when the
// last tensor or view using the memory is freed, which unpins it. The shape is checked by the
// caller, so nothing here throws after the deleter has taken ownership of `context`.
TRN_EXPORT torch::Tensor* trn_tensor_from_array(void* data, const int64_t* dims, int ndim, int dtype,
                                                void (*release)(void*), void* context) {
  TRN_TENSOR({
    auto options = torch::TensorOptions().dtype(static_cast<c10::ScalarType>(dtype));
    auto shape = trn::shape(dims, ndim);
    return trn::wrap(torch::from_blob(data, shape, [release, context](void*) { release(context); }, options));
  })
}

// The address of the first element (PyTorch's data_ptr()): lets a caller check that a tensor
// still lives in memory it handed out, e.g. a gradient bound to a flat buffer.
TRN_EXPORT int64_t trn_tensor_data_ptr(const torch::Tensor* t) {
  return t->defined() ? reinterpret_cast<int64_t>(t->data_ptr()) : 0;
}
