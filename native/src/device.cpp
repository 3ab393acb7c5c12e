// What devices this libtorch can see.
#include "common.h"

TRN_EXPORT bool trn_cuda_is_available() { return torch::cuda::is_available(); }
TRN_EXPORT int trn_cuda_device_count() { return static_cast<int>(torch::cuda::device_count()); }
TRN_EXPORT bool trn_cuda_is_built() {
#ifdef USE_CUDA
  return true;
#else
  return false;
#endif
}
