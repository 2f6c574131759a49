// The MPI ranks `mpirun -np R stargate plan --stochastic` runs on, as the
// solver's SolveGroup. MPI is optional at run time: without mpirun
// (sim::MpiSession looks for its environment) no group is made and MPI is
// never initialised.
#ifndef STARGATE_APPS_STARGATE_PLAN_STOCHASTIC_MPI_H_
#define STARGATE_APPS_STARGATE_PLAN_STOCHASTIC_MPI_H_

#include <memory>

#include "stargate/plan/stochastic.h"

namespace stargate::cli {

// The group of this process's MPI job, initialising MPI (finalised when the
// group is destroyed); null when the process was not started by mpirun or
// the job has one rank.
std::unique_ptr<plan::SolveGroup> JoinMpiGroup();

}  // namespace stargate::cli

#endif  // STARGATE_APPS_STARGATE_PLAN_STOCHASTIC_MPI_H_
