#include "plan_stochastic_mpi.h"

#include <cstdlib>

#include "stargate/sim/sim.h"

namespace stargate::cli {
namespace {

// sim's MpiSession (the one file that includes <mpi.h>) as the solver's group.
class MpiGroup : public plan::SolveGroup {
 public:
  explicit MpiGroup(std::unique_ptr<sim::MpiSession> session) : session_(std::move(session)) {}
  int rank() const override { return session_->rank(); }
  int size() const override { return session_->size(); }
  absl::StatusOr<std::vector<double>> GatherToRoot(const std::vector<double>& mine) override {
    return session_->GatherToRoot(mine);
  }
  absl::StatusOr<std::vector<double>> BroadcastFromRoot(
      const std::vector<double>& values) override {
    return session_->BroadcastFromRoot(values);
  }

 private:
  std::unique_ptr<sim::MpiSession> session_;
};

}  // namespace

std::unique_ptr<plan::SolveGroup> JoinMpiGroup() {
  // A rank whose solves are done waits in the gather for rank 0's extensive
  // form; Open MPI polls there at full speed unless told to yield, which
  // takes a core from the extensive form when ranks share cores. Read at
  // MPI_Init; a value the user set is kept.
  setenv("OMPI_MCA_mpi_yield_when_idle", "1", /*overwrite=*/0);
  auto session = sim::MpiSession::StartIfLaunched();
  // One rank is the plain run (the session, dropped here, finalises MPI).
  if (!session || session->size() == 1) return nullptr;
  return std::make_unique<MpiGroup>(std::move(session));
}

}  // namespace stargate::cli
