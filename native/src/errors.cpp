// The thread-local last error and its exports.
#include "common.h"

namespace {
thread_local std::string last_error;
thread_local bool has_error = false;
}  // namespace

namespace trn {
void set_last_error(const char* message) {
  last_error = message ? message : "";
  has_error = true;
}
void clear_last_error() {
  last_error.clear();
  has_error = false;
}
}  // namespace trn

// Returns the message of the last failure on this thread, or null if none; owned by the shim.
TRN_EXPORT const char* trn_last_error() { return has_error ? last_error.c_str() : nullptr; }

TRN_EXPORT void trn_clear_error() { trn::clear_last_error(); }
