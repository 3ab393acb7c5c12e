// Shared plumbing for every exported function of the shim: the export macro, the
// catch-everything wrapper and the thread-local last error that C# reads back.
#pragma once

#include <torch/torch.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string>

#define TRN_EXPORT extern "C" __attribute__((visibility("default")))

namespace trn {

// The last error raised on this thread. C# reads it right after a call reports failure;
// it stays valid until the next failing call on the same thread, so C# never frees it.
void set_last_error(const char* message);
void clear_last_error();

// Every tensor crossing the ABI is a heap-allocated torch::Tensor owned by exactly one
// C# SafeHandle, which calls trn_tensor_free once.
inline torch::Tensor* wrap(torch::Tensor&& t) { return new torch::Tensor(std::move(t)); }
inline torch::Tensor* wrap(const torch::Tensor& t) { return new torch::Tensor(t); }

// Strings leave the shim through a caller-owned buffer: copies what fits (NUL-terminated) and
// returns the full length, so C# can call once with no buffer to size it, then again to fill it.
inline int copy_string_out(const std::string& text, char* out, int capacity) {
  auto n = static_cast<int>(text.size());
  if (out && capacity > 0) {
    auto k = std::min(n, capacity - 1);
    std::memcpy(out, text.data(), static_cast<size_t>(k));
    out[k] = '\0';
  }
  return n;
}

}  // namespace trn

// Runs BODY; any exception becomes the thread's last error and the function returns FAIL.
// c10::Error is caught first so that C# gets libtorch's message without its C++ backtrace.
#define TRN_TRY(FAIL, BODY)                                              \
  try {                                                                  \
    BODY                                                                 \
  } catch (const c10::Error& e) {                                        \
    trn::set_last_error(e.what_without_backtrace());                     \
    return FAIL;                                                         \
  } catch (const std::exception& e) {                                    \
    trn::set_last_error(e.what());                                       \
    return FAIL;                                                         \
  } catch (...) {                                                        \
    trn::set_last_error("unknown native exception");                     \
    return FAIL;                                                         \
  }

// Shorthands: functions returning a new tensor yield nullptr on failure; functions
// returning a status yield 0 on success and -1 on failure.
#define TRN_TENSOR(BODY) TRN_TRY(nullptr, BODY)
#define TRN_STATUS(BODY) TRN_TRY(-1, BODY return 0;)
