// The data path of the DataLoader: a whole batch in one call, so that a training step
// spends its time in the model, not in marshalling.
#include "common.h"

// Rows [start, start + length) of `source`, or, when `order` is defined, the rows whose
// indices are order[start .. start + length) (a shuffled epoch). The unshuffled case is
// a view that shares storage with the data set; the shuffled one is a fresh gather.
TRN_EXPORT torch::Tensor* trn_data_rows(const torch::Tensor* source, const torch::Tensor* order,
                                        int64_t start, int64_t length) {
  TRN_TENSOR({
    if (!order->defined()) return trn::wrap(source->narrow(0, start, length));
    return trn::wrap(source->index_select(0, order->narrow(0, start, length)));
  })
}
