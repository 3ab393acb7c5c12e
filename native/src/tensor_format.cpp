// What C#'s PyTorch-style ToString needs beyond values: the name of a tensor's grad_fn.
#include "common.h"

#include <cstring>

// Writes the short name of the node that made `t` ("AddBackward0"), as PyTorch's repr shows
// it; returns its length, 0 for a tensor without grad_fn, -1 on failure.
TRN_EXPORT int trn_tensor_grad_fn_name(const torch::Tensor* t, char* out, int capacity) {
  TRN_TRY(-1, {
    const auto& fn = t->grad_fn();
    if (!fn) return 0;
    auto name = fn->name();
    auto cut = name.rfind("::");
    if (cut != std::string::npos) name = name.substr(cut + 2);
    return trn::copy_string_out(name, out, capacity);
  })
}
