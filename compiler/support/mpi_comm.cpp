// mpi_comm: MPI_COMM_WORLD when built with MPI (HEAVISIDE_HAVE_MPI) and launched by mpirun, one
// rank otherwise (see mpi_comm.hpp).
#include "support/mpi_comm.hpp"

#include <cstdlib>
#include <cstring>
#include <new>

#ifdef HEAVISIDE_HAVE_MPI
#define OMPI_SKIP_MPICXX 1  // the C API only (the deprecated C++ bindings warn)
#define MPICH_SKIP_MPICXX 1
#include <mpi.h>
#endif

namespace hv::comm {

namespace {
[[maybe_unused]] bool g_started = false;  // MPI_Init was called by init() (MPI builds)
int g_rank = 0, g_size = 1;
uint64_t g_bytes = 0;

#ifdef HEAVISIDE_HAVE_MPI
template <class T>
MPI_Datatype type_of();
template <>
MPI_Datatype type_of<double>() { return MPI_DOUBLE; }
template <>
MPI_Datatype type_of<int64_t>() { return MPI_INT64_T; }
template <>
MPI_Datatype type_of<uint64_t>() { return MPI_UINT64_T; }

// Large spans go in chunks: MPI counts are ints.
template <class T>
void reduce(std::span<T> v, MPI_Op op) {
  if (g_size <= 1 || v.empty()) return;
  constexpr size_t kChunk = size_t{1} << 28;
  for (size_t at = 0; at < v.size(); at += kChunk) {
    const int n = static_cast<int>(std::min(kChunk, v.size() - at));
    MPI_Allreduce(MPI_IN_PLACE, v.data() + at, n, type_of<T>(), op, MPI_COMM_WORLD);
  }
  g_bytes += v.size() * sizeof(T);
}
#define HV_REDUCE(v, op) reduce(v, op)
#else
#define HV_REDUCE(v, op) (void)(v)
#endif
}  // namespace

void init([[maybe_unused]] int* argc, [[maybe_unused]] char*** argv) {
#ifdef HEAVISIDE_HAVE_MPI
  if (!std::getenv("OMPI_COMM_WORLD_SIZE") && !std::getenv("PMI_SIZE") && !std::getenv("PMIX_RANK")) return;
  int already = 0;
  MPI_Initialized(&already);
  if (!already) {
    MPI_Init(argc, argv);
    g_started = true;
  }
  MPI_Comm_rank(MPI_COMM_WORLD, &g_rank);
  MPI_Comm_size(MPI_COMM_WORLD, &g_size);
#endif
}

void finalize() {
#ifdef HEAVISIDE_HAVE_MPI
  if (g_started) MPI_Finalize();
  g_started = false;
#endif
  g_rank = 0;
  g_size = 1;
}

void abort_all(int code) {
#ifdef HEAVISIDE_HAVE_MPI
  if (g_size > 1) MPI_Abort(MPI_COMM_WORLD, code);
#endif
  std::exit(code);
}

int rank() { return g_rank; }
int size() { return g_size; }
bool distributed() { return g_size > 1; }
bool built_with_mpi() {
#ifdef HEAVISIDE_HAVE_MPI
  return true;
#else
  return false;
#endif
}

void sum(std::span<double> v) { HV_REDUCE(v, MPI_SUM); }
void sum(std::span<int64_t> v) { HV_REDUCE(v, MPI_SUM); }
void sum(std::span<uint64_t> v) { HV_REDUCE(v, MPI_SUM); }
void min(std::span<double> v) { HV_REDUCE(v, MPI_MIN); }
void max(std::span<double> v) { HV_REDUCE(v, MPI_MAX); }
void bit_xor(std::span<uint64_t> v) { HV_REDUCE(v, MPI_BXOR); }
double sum(double v) {
  sum(std::span<double>(&v, 1));
  return v;
}
uint64_t sum(uint64_t v) {
  sum(std::span<uint64_t>(&v, 1));
  return v;
}
int64_t sum(int64_t v) {
  sum(std::span<int64_t>(&v, 1));
  return v;
}

uint64_t exclusive_sum(uint64_t v) {
  uint64_t below = 0;
#ifdef HEAVISIDE_HAVE_MPI
  if (g_size > 1) {
    MPI_Exscan(&v, &below, 1, MPI_UINT64_T, MPI_SUM, MPI_COMM_WORLD);
    if (g_rank == 0) below = 0;  // MPI leaves rank 0's result undefined
    g_bytes += sizeof v;
  }
#endif
  (void)v;
  return below;
}

std::vector<std::string> all_gather(const std::string& bytes) {
#ifdef HEAVISIDE_HAVE_MPI
  if (g_size > 1) {
    int len = static_cast<int>(bytes.size());
    std::vector<int> lens(static_cast<size_t>(g_size)), at(static_cast<size_t>(g_size), 0);
    MPI_Allgather(&len, 1, MPI_INT, lens.data(), 1, MPI_INT, MPI_COMM_WORLD);
    for (size_t r = 1; r < lens.size(); ++r) at[r] = at[r - 1] + lens[r - 1];
    std::string all(static_cast<size_t>(at.back() + lens.back()), '\0');
    MPI_Allgatherv(bytes.data(), len, MPI_CHAR, all.data(), lens.data(), at.data(), MPI_CHAR, MPI_COMM_WORLD);
    g_bytes += bytes.size() + sizeof len;
    std::vector<std::string> out;
    for (size_t r = 0; r < lens.size(); ++r) out.push_back(all.substr(static_cast<size_t>(at[r]), static_cast<size_t>(lens[r])));
    return out;
  }
#endif
  return {bytes};
}

std::vector<int32_t> all_gather_concat(const std::vector<int32_t>& v) {
#ifdef HEAVISIDE_HAVE_MPI
  if (g_size > 1) {
    int len = static_cast<int>(v.size());
    std::vector<int> lens(static_cast<size_t>(g_size)), at(static_cast<size_t>(g_size), 0);
    MPI_Allgather(&len, 1, MPI_INT, lens.data(), 1, MPI_INT, MPI_COMM_WORLD);
    for (size_t r = 1; r < lens.size(); ++r) at[r] = at[r - 1] + lens[r - 1];
    std::vector<int32_t> all(static_cast<size_t>(at.back() + lens.back()));
    MPI_Allgatherv(v.data(), len, MPI_INT32_T, all.data(), lens.data(), at.data(), MPI_INT32_T, MPI_COMM_WORLD);
    g_bytes += v.size() * sizeof(int32_t) + sizeof len;
    return all;
  }
#endif
  return v;
}

std::vector<std::string> all_gather_concat(const std::vector<std::string>& v) {
  if (g_size <= 1) return v;
  std::string packed;  // each string as its 8-byte length, then its bytes
  for (const auto& e : v) {
    const uint64_t len = e.size();
    packed.append(reinterpret_cast<const char*>(&len), sizeof len);
    packed += e;
  }
  std::vector<std::string> out;
  for (const auto& part : all_gather(packed))
    for (size_t at = 0; at < part.size();) {
      uint64_t len = 0;
      std::memcpy(&len, part.data() + at, sizeof len);
      out.push_back(part.substr(at + sizeof len, static_cast<size_t>(len)));
      at += sizeof len + static_cast<size_t>(len);
    }
  return out;
}

uint64_t bytes_sent() { return g_bytes; }
void reset_bytes_sent() { g_bytes = 0; }

void collective(const std::function<void()>& f) {
  std::string error;
  bool failed = false;
  try {
    f();
  } catch (const UserError& e) {
    error = e.what();
    failed = true;
  } catch (const std::bad_alloc&) {
    error = "error: out of memory";
    failed = true;
  }
  if (g_size <= 1) {
    if (failed) throw CollectiveError(error);
    return;
  }
  uint64_t any = failed ? 1 : 0;
  any = sum(any);
  if (any == 0) return;
  for (const auto& e : all_gather(failed ? "1" + error : "0"))
    if (e[0] == '1') throw CollectiveError(e.substr(1));
}

}  // namespace hv::comm
