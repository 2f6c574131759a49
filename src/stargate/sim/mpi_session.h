// Open MPI for scaling a simulation across processes. MPI starts only when
// the process was launched by mpirun (OMPI_COMM_WORLD_SIZE is set), so the
// same binary runs alone without MPI's start-up cost or messages. This is
// the only file that includes <mpi.h>.
#ifndef STARGATE_SIM_MPI_SESSION_H_
#define STARGATE_SIM_MPI_SESSION_H_

#include <cstdint>
#include <memory>
#include <vector>

#include "absl/status/statusor.h"

namespace stargate::sim {

class MpiSession {
 public:
  // Starts MPI when launched by mpirun; nullptr otherwise (one process).
  static std::unique_ptr<MpiSession> StartIfLaunched();
  ~MpiSession();  // MPI_Finalize
  MpiSession(const MpiSession&) = delete;
  MpiSession& operator=(const MpiSession&) = delete;

  int rank() const { return rank_; }
  int size() const { return size_; }

  // Rank 0 receives every rank's `local` values, concatenated in rank order;
  // other ranks receive an empty vector.
  absl::StatusOr<std::vector<double>> GatherToRoot(const std::vector<double>& local) const;
  // Every rank receives rank 0's `values` (the others' are ignored; at most
  // INT_MAX of them).
  std::vector<double> BroadcastFromRoot(const std::vector<double>& values) const;
  // The largest of every rank's `value` (an exit code all ranks agree on).
  int MaxOverRanks(int value) const;

 private:
  MpiSession(int rank, int size) : rank_(rank), size_(size) {}
  int rank_ = 0, size_ = 1;
};

// Runs [first, last) of `runs` for `rank` of `size`: contiguous blocks in
// rank order, so the gathered results are in run order.
struct RunRange {
  int64_t first = 0, last = 0;
};
RunRange RangeOf(int64_t runs, int rank, int size);

}  // namespace stargate::sim

#endif  // STARGATE_SIM_MPI_SESSION_H_
