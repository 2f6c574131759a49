// What every handler shares: the data loaded once at startup (scenario,
// regimes and the rules engine compiled against them), the tokens, the
// ledger connections, the screening list and the job manager, with the
// routing table built over them. Everything here is immutable after
// Create() or synchronized inside its own class, so handlers on many
// threads use it without locks.
#ifndef STARGATE_SERVER_SERVICE_H_
#define STARGATE_SERVER_SERVICE_H_

#include <filesystem>
#include <iosfwd>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>

#include "absl/status/statusor.h"
#include "stargate/compliance/compliance.h"
#include "stargate/model/bibliography.h"
#include "stargate/model/model.h"
#include "stargate/rules/rules.h"
#include "stargate/screen/screen.h"
#include "stargate/server/internal/auth.h"
#include "stargate/server/internal/jobs.h"
#include "stargate/server/internal/ledger_pool.h"
#include "stargate/server/internal/router.h"
#include "stargate/server/server.h"

namespace stargate::plan {
struct Plan;
}

namespace stargate::server {

class Service {
 public:
  static absl::StatusOr<std::unique_ptr<Service>> Create(const ServerOptions& options,
                                                         std::ostream& log);

  const ServerOptions& options() const { return options_; }
  const Scenario& scenario() const { return scenario_; }
  const std::filesystem::path& scenario_path() const { return scenario_path_; }
  const rules::RegimeCatalog& catalog() const { return catalog_; }
  const rules::Engine& engine() const { return *engine_; }
  const TokenTable& tokens() const { return tokens_; }
  LedgerPool* ledgers() const { return ledgers_.get(); }  // null without a ledger
  // The lists every check screens against (null list: --no-screening).
  const compliance::Screening& check_screening() const { return check_screening_; }
  const screen::ScreeningList* screening() const { return check_screening_.list.get(); }
  JobManager& jobs() const { return *jobs_; }
  const Router& router() const { return router_; }
  const std::filesystem::path& web_dir() const { return web_dir_; }
  // docs/sources.md next to the data directory; empty when absent.
  const Bibliography& bibliography() const { return bibliography_; }

  // The server's plan: the one read from --plan DIR, else the scenario's
  // plan under its own regime and objective, solved once on first use and
  // kept (for /api/finance, /api/tier and simulations without a plan job).
  absl::StatusOr<std::shared_ptr<const plan::Plan>> FreshPlan() const;
  // Where FreshPlan's plan comes from, in words ("read from DIR" or "the
  // scenario's plan, solved on the server"), for every answer that shows it.
  std::string FreshPlanOrigin() const;
  // The scenario's plan solved here, even when --plan DIR gave another (the
  // deterministic plan a hedged one is shown beside).
  absl::StatusOr<std::shared_ptr<const plan::Plan>> SolvedPlan() const;
  // plan.json of --plan DIR as written (with its `stochastic` block when it
  // has one); null without --plan.
  const nlohmann::json& plan_document() const { return plan_document_; }

 private:
  Service() = default;

  ServerOptions options_;
  std::filesystem::path scenario_path_;
  Scenario scenario_;
  rules::RegimeCatalog catalog_;
  std::unique_ptr<const rules::Engine> engine_;
  TokenTable tokens_;
  std::unique_ptr<LedgerPool> ledgers_;
  compliance::Screening check_screening_;
  std::unique_ptr<JobManager> jobs_;
  Router router_;
  std::filesystem::path web_dir_;
  Bibliography bibliography_;
  mutable std::mutex fresh_plan_mutex_;
  mutable std::shared_ptr<const plan::Plan> fresh_plan_;
  std::shared_ptr<const plan::Plan> loaded_plan_;  // --plan DIR
  nlohmann::json plan_document_;
};

// Route tables, one file per area.
void AddCatalogRoutes(const Service& service,
                      Router* router);  // health, scenario, entities, regimes, tier
void AddCheckRoutes(const Service& service, Router* router);   // check
void AddLedgerRoutes(const Service& service, Router* router);  // ledger list and verify
void AddScreenRoutes(const Service& service, Router* router);  // screen
void AddJobRoutes(const Service& service, Router* router);     // plans, simulations, jobs, finance
// A plan as a document, its sites by quarter, its files and its report.
void AddPlanViewRoutes(const Service& service, Router* router);
void AddDecisionsCsvRoute(const Service& service, Router* router);  // ledger decisions as CSV

// A regime choice from a request ("by_date" or a known id), with a "did you
// mean" when unknown.
Expected<std::string> RegimeChoice(const Service& service, const std::string& value,
                                   const std::string& where);

}  // namespace stargate::server

#endif  // STARGATE_SERVER_SERVICE_H_
