#include "stargate/sim/mpi_session.h"

#include <mpi.h>

#include <climits>
#include <cstdlib>

#include "absl/strings/str_cat.h"

namespace stargate::sim {

std::unique_ptr<MpiSession> MpiSession::StartIfLaunched() {
  const char* world = std::getenv("OMPI_COMM_WORLD_SIZE");
  if (!world || !*world) return nullptr;
  int initialized = 0;
  MPI_Initialized(&initialized);
  if (!initialized) MPI_Init(nullptr, nullptr);
  int rank = 0, size = 1;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  return std::unique_ptr<MpiSession>(new MpiSession(rank, size));
}

MpiSession::~MpiSession() {
  int finalized = 0;
  MPI_Finalized(&finalized);
  if (!finalized) MPI_Finalize();
}

absl::StatusOr<std::vector<double>> MpiSession::GatherToRoot(
    const std::vector<double>& local) const {
  if (local.size() > static_cast<size_t>(INT_MAX)) {
    return absl::ResourceExhaustedError(absl::StrCat("a rank holds ", local.size(),
                                                     " values; MPI_Gatherv takes at most ", INT_MAX,
                                                     ": use more ranks or fewer runs"));
  }
  const int count = static_cast<int>(local.size());
  std::vector<int> counts(rank_ == 0 ? size_ : 0), offsets(rank_ == 0 ? size_ : 0);
  MPI_Gather(&count, 1, MPI_INT, counts.data(), 1, MPI_INT, 0, MPI_COMM_WORLD);
  std::vector<double> all;
  if (rank_ == 0) {
    // The caller keeps the total within INT_MAX (every rank checks the same sum).
    int64_t total = 0;
    for (int r = 0; r < size_; ++r) {
      offsets[r] = static_cast<int>(total);
      total += counts[r];
    }
    all.resize(total);
  }
  MPI_Gatherv(local.data(), count, MPI_DOUBLE, all.data(), counts.data(), offsets.data(),
              MPI_DOUBLE, 0, MPI_COMM_WORLD);
  return all;
}

std::vector<double> MpiSession::BroadcastFromRoot(const std::vector<double>& values) const {
  int count = static_cast<int>(values.size());
  MPI_Bcast(&count, 1, MPI_INT, 0, MPI_COMM_WORLD);
  std::vector<double> out = rank_ == 0 ? values : std::vector<double>(count);
  MPI_Bcast(out.data(), count, MPI_DOUBLE, 0, MPI_COMM_WORLD);
  return out;
}

int MpiSession::MaxOverRanks(int value) const {
  int result = value;
  MPI_Allreduce(&value, &result, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
  return result;
}

RunRange RangeOf(int64_t runs, int rank, int size) {
  return {runs * rank / size, runs * (rank + 1) / size};
}

}  // namespace stargate::sim
