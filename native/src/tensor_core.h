// Helpers shared by the tensor areas: turning ABI codes into libtorch options.
#pragma once

#include "common.h"

namespace trn {

// dtype is c10::ScalarType's numeric value; device_type is c10::DeviceType's (0 cpu, 1 cuda).
inline torch::TensorOptions options(int dtype, int device_type, int device_index) {
  return torch::TensorOptions()
      .dtype(static_cast<c10::ScalarType>(dtype))
      .device(torch::Device(static_cast<c10::DeviceType>(device_type),
                            static_cast<c10::DeviceIndex>(device_index)));
}

inline torch::IntArrayRef shape(const int64_t* dims, int ndim) {
  return torch::IntArrayRef(dims, static_cast<size_t>(ndim));
}

}  // namespace trn
