// mpi_comm: the communicator the row-partitioned trainer reduces through (docs/TRAINER.md, "MPI").
// Training is SPMD over rows: every rank holds a block of the training rows, and every sum over
// rows (correlations, Grams, norms, counts) is all-reduced here, so that every rank takes the same
// decisions from the same reduced numbers. A build without MPI (no MPI found, or
// -DHEAVISIDE_MPI=OFF), and an MPI build not launched by mpirun, have one rank: every reduction
// is the identity. Calls are collective: every rank makes the same calls in the same order, from
// the thread that called init() (the OpenMP kernels never call in here).
#pragma once
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "support/diagnostics.hpp"

namespace hv::comm {

// Starts MPI when the process was launched by an MPI launcher (mpirun sets OMPI_COMM_WORLD_SIZE,
// PMI_SIZE or PMIX_RANK); otherwise, and in a build without MPI, nothing: one rank.
void init(int* argc, char*** argv);
void finalize();  // after init(); a no-op otherwise
// Ends every rank with `code` at once (MPI_Abort); a plain std::exit on one rank.
[[noreturn]] void abort_all(int code);

int rank();
int size();
bool distributed();  // size() > 1
bool built_with_mpi();

// In-place all-reductions over every rank (identity on one rank).
void sum(std::span<double> v);
void sum(std::span<int64_t> v);
void sum(std::span<uint64_t> v);
void min(std::span<double> v);
void max(std::span<double> v);
void bit_xor(std::span<uint64_t> v);
double sum(double v);
uint64_t sum(uint64_t v);
int64_t sum(int64_t v);
// The sum of v over the ranks below this one (0 on rank 0): a rank's first global row.
uint64_t exclusive_sum(uint64_t v);
// Every rank's bytes, in rank order.
std::vector<std::string> all_gather(const std::string& bytes);
// The concatenation of every rank's values, in rank order.
std::vector<int32_t> all_gather_concat(const std::vector<int32_t>& v);
std::vector<std::string> all_gather_concat(const std::vector<std::string>& v);

// The bytes sent by this process through the reductions above since the last reset (the
// benchmark's communication volume; 0 on one rank).
uint64_t bytes_sent();
void reset_bytes_sent();

// A UserError every rank raised together with the same text (collective() below): the driver
// prints it once (rank 0) and every rank exits 1 normally.
class CollectiveError : public UserError {
 public:
  using UserError::UserError;
};

// Runs `f`, which does only local work (no collective call). If it raises a UserError on any
// rank, every rank raises a CollectiveError with the text of the lowest failing rank's error, so
// that a bad row in one rank's block stops every rank with that file:line:col.
void collective(const std::function<void()>& f);

}  // namespace hv::comm
