// Python-style indexing (t[1:3, None, ..., idx]) and assignment into it, via torch::indexing.
#include "tensor_core.h"

#include <vector>

namespace {

namespace ti = torch::indexing;

// One index spec as C# lays it out (StructLayout.Sequential, same field order).
struct IndexSpec {
  int32_t kind;   // 0 integer, 1 slice, 2 None (new axis), 3 Ellipsis, 4 tensor, 5 bool
  int32_t flags;  // slice: bit 0 start given, bit 1 stop given, bit 2 step given
  int64_t a;      // integer / slice start / bool
  int64_t b;      // slice stop
  int64_t c;      // slice step
  const torch::Tensor* tensor;
};

std::vector<ti::TensorIndex> specs(const IndexSpec* idx, int n) {
  std::vector<ti::TensorIndex> out;
  out.reserve(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) {
    const auto& s = idx[i];
    switch (s.kind) {
      case 0: out.emplace_back(s.a); break;
      case 1: {
        c10::optional<int64_t> start, stop, step;
        if (s.flags & 1) start = s.a;
        if (s.flags & 2) stop = s.b;
        if (s.flags & 4) step = s.c;
        out.emplace_back(ti::Slice(start, stop, step));
        break;
      }
      case 2: out.emplace_back(ti::None); break;
      case 3: out.emplace_back(ti::Ellipsis); break;
      case 4:
        TORCH_CHECK(s.tensor && s.tensor->defined(), "index ", i, " is an undefined tensor");
        out.emplace_back(*s.tensor);
        break;
      case 5: out.emplace_back(s.a != 0); break;
      default: TORCH_CHECK(false, "unknown index kind ", s.kind, " at position ", i);
    }
  }
  return out;
}

}  // namespace

TRN_EXPORT torch::Tensor* trn_tensor_index(const torch::Tensor* t, const IndexSpec* idx, int n) {
  TRN_TENSOR({ return trn::wrap(t->index(specs(idx, n))); })
}
TRN_EXPORT int trn_tensor_index_put(torch::Tensor* t, const IndexSpec* idx, int n,
                                    const torch::Tensor* value) {
  TRN_STATUS({ t->index_put_(specs(idx, n), *value); })
}
TRN_EXPORT int trn_tensor_index_put_scalar(torch::Tensor* t, const IndexSpec* idx, int n,
                                           double value) {
  TRN_STATUS({ t->index_put_(specs(idx, n), value); })
}
TRN_EXPORT torch::Tensor* trn_tensor_index_select(const torch::Tensor* t, int64_t dim,
                                                  const torch::Tensor* index) {
  TRN_TENSOR({ return trn::wrap(t->index_select(dim, *index)); })
}
TRN_EXPORT torch::Tensor* trn_tensor_gather(const torch::Tensor* t, int64_t dim,
                                            const torch::Tensor* index) {
  TRN_TENSOR({ return trn::wrap(t->gather(dim, *index)); })
}
TRN_EXPORT torch::Tensor* trn_tensor_masked_select(const torch::Tensor* t, const torch::Tensor* mask) {
  TRN_TENSOR({ return trn::wrap(t->masked_select(*mask)); })
}
TRN_EXPORT torch::Tensor* trn_tensor_nonzero(const torch::Tensor* t) {
  TRN_TENSOR({ return trn::wrap(t->nonzero()); })
}
