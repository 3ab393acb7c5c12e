// Storage-level access for torch.save / torch.load: a tensor's place in its storage
// (offset, strides, identity, size in bytes), the storage's raw bytes, and tensors rebuilt
// over a storage at a given offset and strides, as PyTorch's _rebuild_tensor does.
#include "tensor_core.h"

#include <cstring>

// Identity of the storage a tensor uses: equal for tensors that share memory (tied weights).
TRN_EXPORT int64_t trn_tensor_storage_id(const torch::Tensor* t) {
  return reinterpret_cast<int64_t>(t->storage().unsafeGetStorageImpl());
}
TRN_EXPORT int64_t trn_tensor_storage_nbytes(const torch::Tensor* t) {
  return static_cast<int64_t>(t->storage().nbytes());
}
TRN_EXPORT int64_t trn_tensor_storage_offset(const torch::Tensor* t) { return t->storage_offset(); }

// Writes dim() strides (in elements) into the caller's buffer.
TRN_EXPORT void trn_tensor_strides(const torch::Tensor* t, int64_t* out) {
  auto strides = t->strides();
  std::memcpy(out, strides.data(), strides.size() * sizeof(int64_t));
}

// Copies the whole storage behind `t` (not just its elements) into a caller-owned buffer,
// moving it to the CPU first when it lives on a GPU.
TRN_EXPORT int trn_tensor_storage_copy_to(const torch::Tensor* t, void* out, int64_t bytes) {
  TRN_STATUS({
    auto nbytes = static_cast<int64_t>(t->storage().nbytes());
    TORCH_CHECK(nbytes == bytes, "storage_copy_to: buffer holds ", bytes, " bytes, storage has ", nbytes);
    auto elem = static_cast<int64_t>(t->element_size());
    TORCH_CHECK(nbytes % elem == 0, "storage of ", nbytes, " bytes is not a whole number of ", elem,
                "-byte elements");
    // A flat view over the entire storage, so the copy sees bytes outside t's own view too.
    auto flat = torch::empty({0}, t->options()).set_(t->storage(), 0, {nbytes / elem}, {1});
    auto cpu = flat.detach().to(torch::kCPU);
    if (bytes > 0) std::memcpy(out, cpu.data_ptr(), static_cast<size_t>(bytes));
  })
}

// A 1-d tensor of `nbytes / element_size` elements holding a copy of `data`: a loaded storage.
TRN_EXPORT torch::Tensor* trn_tensor_from_bytes(const void* data, int64_t nbytes, int dtype,
                                                int device_type, int device_index) {
  TRN_TENSOR({
    auto opts = torch::TensorOptions().dtype(static_cast<c10::ScalarType>(dtype));
    auto elem = static_cast<int64_t>(c10::elementSize(static_cast<c10::ScalarType>(dtype)));
    TORCH_CHECK(nbytes >= 0 && nbytes % elem == 0, nbytes, " bytes are not a whole number of ", elem,
                "-byte elements");
    auto n = nbytes / elem;
    auto cpu = torch::empty({n}, opts);
    if (nbytes > 0) std::memcpy(cpu.data_ptr(), data, static_cast<size_t>(nbytes));
    return trn::wrap(cpu.to(trn::options(dtype, device_type, device_index)));
  })
}

// A tensor over base's storage with the given offset, sizes and strides. Like PyTorch's
// _rebuild_tensor it uses set_, so the result shares memory with base but is not an autograd
// view of it (it may become a leaf requiring grad). Bounds are checked against the storage.
TRN_EXPORT torch::Tensor* trn_tensor_on_storage(const torch::Tensor* base, int64_t offset,
                                                const int64_t* sizes, const int64_t* strides,
                                                int ndim) {
  TRN_TENSOR({
    TORCH_CHECK(offset >= 0, "negative storage offset ", offset);
    int64_t last = offset;
    for (int i = 0; i < ndim; ++i) {
      TORCH_CHECK(sizes[i] >= 0, "negative size ", sizes[i], " in dimension ", i);
      TORCH_CHECK(strides[i] >= 0, "negative stride ", strides[i], " in dimension ", i);
      if (sizes[i] == 0) { last = -1; break; }
      last += (sizes[i] - 1) * strides[i];
    }
    auto elem = static_cast<int64_t>(base->element_size());
    auto numel = static_cast<int64_t>(base->storage().nbytes()) / elem;
    TORCH_CHECK(last < numel, "tensor reaches element ", last, " of a storage holding ", numel);
    auto t = torch::empty({0}, base->options())
                 .set_(base->storage(), offset, trn::shape(sizes, ndim),
                       torch::IntArrayRef(strides, static_cast<size_t>(ndim)));
    return trn::wrap(std::move(t));
  })
}

// PyTorch's as_strided: an autograd view of t with the given sizes, strides and offset.
TRN_EXPORT torch::Tensor* trn_tensor_as_strided(const torch::Tensor* t, const int64_t* sizes,
                                                const int64_t* strides, int ndim, int64_t offset) {
  TRN_TENSOR({
    return trn::wrap(t->as_strided(trn::shape(sizes, ndim),
                                   torch::IntArrayRef(strides, static_cast<size_t>(ndim)), offset));
  })
}
