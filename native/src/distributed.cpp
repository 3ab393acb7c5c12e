// Collectives between processes: a Gloo process group (libtorch's c10d) with a TCPStore
// rendezvous. One handle owns the store and the group; every blocking call is bounded by the
// group's timeout so that a missing or stalled peer ends in an error, never a hang.
#define USE_C10D_GLOO 1
#include "common.h"

#include <torch/csrc/distributed/c10d/PrefixStore.hpp>
#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#include <torch/csrc/distributed/c10d/TCPStore.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;
using Millis = std::chrono::milliseconds;

// Keys of our own handshakes live under "trn/"; Gloo's rendezvous gets its own prefix so
// the two can never collide.
const std::string kArrivedPrefix = "trn/arrived/";
const std::string kWorldKey = "trn/world";
const std::string kShutdownKey = "trn/shutdown";
const std::string kAbortKey = "trn/abort";
const std::string kAbortSeenKey = "trn/abort_seen";

struct Group {
  int rank = 0;
  int size = 1;
  Millis timeout{0};
  c10::intrusive_ptr<c10d::Store> store;
  c10::intrusive_ptr<c10d::ProcessGroupGloo> pg;
  std::atomic<bool> shut_down{false};
};

std::string seconds(Millis ms) {
  std::ostringstream s;
  s << static_cast<double>(ms.count()) / 1000.0 << " s";
  return s.str();
}

std::vector<uint8_t> bytes(const std::string& s) { return {s.begin(), s.end()}; }

std::string missing_ranks(c10d::Store& store, const std::vector<std::string>& keys, int* absent) {
  std::ostringstream missing;
  *absent = 0;
  for (size_t r = 0; r < keys.size(); ++r) {
    if (store.check({keys[r]})) continue;
    missing << ((*absent)++ ? ", " : "") << r;
  }
  return missing.str();
}

// Every rank announces itself, then waits until all ranks have, polling so that on timeout
// the error can name exactly which ranks never came (the store's own wait cannot).
// Rank 0 hosts the store and is the first to time out; before it goes (taking the store with
// it) it posts its verdict, so the ranks that did arrive fail with the same clear message
// instead of a broken connection.
void await_all_ranks(c10d::Store& store, int rank, int size, Millis timeout,
                     const std::string& where) {
  auto count = store.add(kArrivedPrefix + std::to_string(rank), 1);
  TORCH_CHECK(count == 1, "rank ", rank, " joined ", where,
              " twice: two processes were started with the same rank");

  // All ranks must agree on the world size; the first to arrive records it.
  auto agreed = store.compareSet(kWorldKey, {}, bytes(std::to_string(size)));
  auto agreed_size = std::string(agreed.begin(), agreed.end());
  TORCH_CHECK(agreed_size == std::to_string(size), "rank ", rank, " was started with world_size ",
              size, " but another rank uses world_size ", agreed_size);

  auto deadline = Clock::now() + timeout;
  std::vector<std::string> keys;
  for (int r = 0; r < size; ++r) keys.push_back(kArrivedPrefix + std::to_string(r));
  try {
    while (!store.check(keys)) {
      if (rank != 0 && store.check({kAbortKey})) {
        auto verdict = store.get(kAbortKey);
        store.add(kAbortSeenKey, 1);
        TORCH_CHECK(false, std::string(verdict.begin(), verdict.end()));
      }
      if (Clock::now() >= deadline) {
        int absent = 0;
        auto missing = missing_ranks(store, keys, &absent);
        std::ostringstream verdict;
        verdict << "rendezvous at " << where << " timed out: " << absent << " of " << size
                << " peer(s) did not arrive within the timeout of " << seconds(timeout)
                << " (missing rank(s): " << missing << ")";
        if (rank == 0) {
          store.set(kAbortKey, bytes(verdict.str()));
          auto others = size - absent - 1;  // ranks here besides rank 0
          auto grace = Clock::now() + std::min(timeout, Millis(2000));
          while (store.add(kAbortSeenKey, 0) < others && Clock::now() < grace)
            std::this_thread::sleep_for(Millis(10));
        }
        TORCH_CHECK(false, verdict.str());
      }
      std::this_thread::sleep_for(Millis(10));
    }
  } catch (const c10::Error&) {
    throw;
  } catch (const std::exception& e) {
    // Only a worker can lose the store: rank 0 hosts it.
    TORCH_CHECK(false, "rank ", rank, " lost the connection to the rendezvous master (rank 0) at ",
                where, " while waiting for the other ranks: ", e.what());
  }
}

[[noreturn]] void fail_store(int rank, const std::string& where, Millis timeout,
                             const char* detail) {
  if (rank == 0) TORCH_CHECK(false, "rank 0 could not host the rendezvous at ", where, ": ", detail);
  TORCH_CHECK(false, "rank ", rank, " could not reach the rendezvous at ", where,
              " within the timeout of ", seconds(timeout),
              " (the master, rank 0, did not arrive): ", detail);
  std::abort();  // unreachable: TORCH_CHECK(false) throws
}

// Gloo binds to one local address. Loopback rendezvous means a one-machine job; otherwise an
// interface named by GLOO_SOCKET_IFNAME (PyTorch's variable), else the host's own address.
std::shared_ptr<::gloo::transport::Device> gloo_device(const std::string& master_addr,
                                                       const char* hostname) {
  if (hostname && *hostname) return c10d::ProcessGroupGloo::createDeviceForHostname(hostname);
  if (const char* ifname = std::getenv("GLOO_SOCKET_IFNAME"); ifname && *ifname)
    return c10d::ProcessGroupGloo::createDeviceForInterface(ifname);
  if (master_addr == "127.0.0.1" || master_addr == "localhost")
    return c10d::ProcessGroupGloo::createDeviceForHostname("127.0.0.1");
  return c10d::ProcessGroupGloo::createDefaultDevice();
}

// Waits for one piece of work, bounded by the group's timeout, naming the collective on failure.
void finish(Group& g, const c10::intrusive_ptr<c10d::Work>& work, const char* what) {
  try {
    work->wait(g.timeout);
  } catch (const c10::Error& e) {
    TORCH_CHECK(false, what, " failed on rank ", g.rank, " of ", g.size, " (timeout ",
                seconds(g.timeout), "): ", e.what_without_backtrace());
  } catch (const std::exception& e) {
    TORCH_CHECK(false, what, " failed on rank ", g.rank, " of ", g.size, " (timeout ",
                seconds(g.timeout), "): ", e.what());
  }
}

// A slice of the caller's tensors that travels as one flat buffer.
struct Bucket {
  std::vector<size_t> members;
  at::Tensor flat;
  bool in_place = false;  // a lone contiguous CPU tensor: Gloo works on it directly, no copies
  c10::intrusive_ptr<c10d::Work> work;
};

// Tensors at least this big travel alone and in place: for them copying into a bucket costs
// more memory traffic than the message it saves (measured: 784x2048 floats, 2 ranks).
constexpr int64_t kSoloBytes = 1 << 20;

// Groups tensors into buckets of one dtype and at most cap_bytes each (cap_bytes <= 0: no
// cap), keeping the caller's order inside each dtype. Big tensors get a bucket of their own.
std::vector<Bucket> plan_buckets(const std::vector<at::Tensor>& ts, int64_t cap_bytes) {
  std::vector<Bucket> buckets;
  std::map<c10::ScalarType, std::pair<size_t, int64_t>> open;  // dtype -> (bucket, bytes)
  for (size_t i = 0; i < ts.size(); ++i) {
    auto size_i = static_cast<int64_t>(ts[i].numel() * ts[i].element_size());
    if (size_i >= kSoloBytes) {
      buckets.emplace_back();
      buckets.back().members.push_back(i);
      continue;
    }
    auto it = open.find(ts[i].scalar_type());
    if (it == open.end() || (cap_bytes > 0 && it->second.second + size_i > cap_bytes)) {
      buckets.emplace_back();
      it = open.insert_or_assign(ts[i].scalar_type(), std::make_pair(buckets.size() - 1, int64_t{0}))
               .first;
    }
    buckets[it->second.first].members.push_back(i);
    it->second.second += size_i;
  }
  return buckets;
}

// Flattens each bucket into one contiguous CPU buffer (Gloo moves host memory; a CUDA tensor is
// staged through the host), runs `launch` on every bucket so that they overlap on Gloo's worker
// threads, waits for all, then copies the results back into the caller's tensors.
template <typename Launch>
void coalesced(Group& g, std::vector<at::Tensor>& ts, int64_t cap_bytes, const char* what,
               Launch launch, double scale) {
  torch::NoGradGuard no_grad;
  auto buckets = plan_buckets(ts, cap_bytes);
  for (auto& b : buckets) {
    const auto& first = ts[b.members[0]];
    b.in_place = b.members.size() == 1 && first.device().is_cpu() && first.is_contiguous();
    if (b.in_place) {
      b.flat = first.detach();  // same storage: Gloo writes the caller's tensor
    } else {
      std::vector<at::Tensor> flats;
      for (auto i : b.members) flats.push_back(ts[i].detach().reshape(-1).to(torch::kCPU));
      b.flat = torch::cat(flats);
    }
    std::vector<at::Tensor> one{b.flat};
    b.work = launch(one);
  }
  for (auto& b : buckets) finish(g, b.work, what);
  for (auto& b : buckets) {
    if (scale != 1.0) b.flat.mul_(scale);
    if (b.in_place) continue;
    int64_t offset = 0;
    for (auto i : b.members) {
      auto n = ts[i].numel();
      ts[i].detach().copy_(b.flat.narrow(0, offset, n).view(ts[i].sizes()));
      offset += n;
    }
  }
}

std::vector<at::Tensor> gather(torch::Tensor** tensors, int count, const char* what) {
  TORCH_CHECK(count >= 0, what, ": negative tensor count ", count);
  std::vector<at::Tensor> ts;
  ts.reserve(static_cast<size_t>(count));
  for (int i = 0; i < count; ++i) {
    TORCH_CHECK(tensors[i] && tensors[i]->defined(), what, ": tensor ", i, " is undefined");
    ts.push_back(*tensors[i]);
  }
  return ts;
}

}  // namespace

// Joins (rank 0: hosts) the rendezvous at master_addr:port, then builds the Gloo group.
// gloo_hostname may be null: see gloo_device for how the local address is chosen.
TRN_EXPORT Group* trn_pg_create(const char* master_addr, int port, int rank, int size,
                                int64_t timeout_ms, const char* gloo_hostname) {
  TRN_TRY(nullptr, {
    TORCH_CHECK(master_addr && *master_addr, "master_addr is empty");
    TORCH_CHECK(size >= 1, "world_size must be at least 1, got ", size);
    TORCH_CHECK(rank >= 0 && rank < size, "rank ", rank, " is outside [0, ", size, ")");
    TORCH_CHECK(port > 0 && port < 65536, "master_port ", port, " is outside 1..65535");
    TORCH_CHECK(timeout_ms > 0, "timeout must be positive, got ", timeout_ms, " ms");

    auto g = std::make_unique<Group>();
    g->rank = rank;
    g->size = size;
    g->timeout = Millis(timeout_ms);
    std::string addr(master_addr);
    std::string where = addr + ":" + std::to_string(port);

    c10d::TCPStoreOptions opts;
    opts.port = static_cast<std::uint16_t>(port);
    opts.isServer = rank == 0;
    opts.waitWorkers = false;  // we wait ourselves, to report which ranks are missing
    opts.timeout = g->timeout;
    try {
      g->store = c10::make_intrusive<c10d::TCPStore>(addr, opts);
    } catch (const c10::Error& e) {
      fail_store(rank, where, g->timeout, e.what_without_backtrace());
    } catch (const std::exception& e) {
      fail_store(rank, where, g->timeout, e.what());
    }
    await_all_ranks(*g->store, rank, size, g->timeout, where);

    auto options = c10d::ProcessGroupGloo::Options::create(g->timeout);
    options->devices.push_back(gloo_device(addr, gloo_hostname));
    options->threads = 2;
    auto prefixed = c10::make_intrusive<c10d::PrefixStore>("gloo", g->store);
    g->pg = c10::make_intrusive<c10d::ProcessGroupGloo>(prefixed, rank, size, options);
    return g.release();
  })
}

// Clean shutdown: every rank checks out through the store, and rank 0 (which hosts the store)
// waits until all have, so no peer loses the store or a Gloo pair while still using it. The
// wait is bounded by min(timeout, kShutdownWait): a peer that died, or that works on without
// collectives, is left behind (its own shutdown ignores the vanished store). Never fails;
// runs once. Called by Dispose, not by the finalizer (which must not block).
constexpr Millis kShutdownWait{10000};

TRN_EXPORT void trn_pg_shutdown(Group* g) {
  if (!g || g->shut_down.exchange(true)) return;
  try {
    g->store->add(kShutdownKey, 1);
    if (g->rank == 0) {
      auto deadline = Clock::now() + std::min(g->timeout, kShutdownWait);
      while (g->store->add(kShutdownKey, 0) < g->size && Clock::now() < deadline)
        std::this_thread::sleep_for(Millis(5));
    }
  } catch (...) {
  }
}

// Releases Gloo's context and sockets, then the store (rank 0: stops serving it).
TRN_EXPORT void trn_pg_free(Group* g) {
  if (!g) return;
  try {
    g->pg.reset();
    g->store.reset();
  } catch (...) {
  }
  delete g;
}

TRN_EXPORT int trn_pg_rank(const Group* g) { return g->rank; }
TRN_EXPORT int trn_pg_size(const Group* g) { return g->size; }

// In-place allreduce of `count` tensors; op is c10d::ReduceOp's value (AVG = sum / size, as
// Gloo has no average). Tensors travel in buckets of at most bucket_bytes.
TRN_EXPORT int trn_pg_allreduce(Group* g, torch::Tensor** tensors, int count, int op,
                                int64_t bucket_bytes) {
  TRN_STATUS({
    auto ts = gather(tensors, count, "allreduce");
    if (ts.empty()) return 0;
    double scale = 1.0;
    auto reduce = static_cast<c10d::ReduceOp::RedOpType>(op);
    TORCH_CHECK(reduce == c10d::ReduceOp::SUM || reduce == c10d::ReduceOp::AVG ||
                    reduce == c10d::ReduceOp::PRODUCT || reduce == c10d::ReduceOp::MIN ||
                    reduce == c10d::ReduceOp::MAX,
                "allreduce: unsupported reduce op ", op);
    if (reduce == c10d::ReduceOp::AVG) {
      for (auto& t : ts)
        TORCH_CHECK(at::isFloatingType(t.scalar_type()),
                    "allreduce: AVG needs floating-point tensors, got ", t.scalar_type());
      reduce = c10d::ReduceOp::SUM;
      scale = 1.0 / g->size;
    }
    c10d::AllreduceOptions opts;
    opts.reduceOp = c10d::ReduceOp(reduce);
    opts.timeout = g->timeout;
    coalesced(*g, ts, bucket_bytes, "allreduce",
              [&](std::vector<at::Tensor>& one) { return g->pg->allreduce(one, opts); }, scale);
  })
}

// In-place broadcast of `count` tensors from rank src.
TRN_EXPORT int trn_pg_broadcast(Group* g, torch::Tensor** tensors, int count, int src,
                                int64_t bucket_bytes) {
  TRN_STATUS({
    TORCH_CHECK(src >= 0 && src < g->size, "broadcast: src ", src, " is outside [0, ", g->size,
                ")");
    auto ts = gather(tensors, count, "broadcast");
    if (ts.empty()) return 0;
    c10d::BroadcastOptions opts;
    opts.rootRank = src;
    opts.timeout = g->timeout;
    coalesced(*g, ts, bucket_bytes, "broadcast",
              [&](std::vector<at::Tensor>& one) { return g->pg->broadcast(one, opts); }, 1.0);
  })
}

TRN_EXPORT int trn_pg_barrier(Group* g) {
  TRN_STATUS({
    c10d::BarrierOptions opts;
    opts.timeout = g->timeout;
    finish(*g, g->pg->barrier(opts), "barrier");
  })
}
