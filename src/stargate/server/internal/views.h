// JSON views the API shares with the CLI's --json output, for results whose
// JSON is built in the CLI's command files rather than in a library (the
// scenario summary of `validate`, `tier`, `regime diff`, `ledger list` and
// `ledger verify`). Field names and shapes match the CLI exactly; tests
// compare the two.
#ifndef STARGATE_SERVER_INTERNAL_VIEWS_H_
#define STARGATE_SERVER_INTERNAL_VIEWS_H_

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "stargate/ledger/ledger.h"
#include "stargate/model/model.h"
#include "stargate/rules/rules.h"

namespace stargate::server {

// `stargate validate --json`.
nlohmann::json ScenarioSummaryJson(const Scenario& scenario);
// `stargate regime diff A B --json`.
nlohmann::json RegimeDiffJson(const rules::RegimeDiff& diff,
                              const std::optional<std::string>& country);
// `stargate ledger verify --json`.
nlohmann::json VerifyReportJson(const ledger::VerifyReport& report, const std::string& shown_uri,
                                double seconds);
nlohmann::json HeadJson(const ledger::Head& head);

}  // namespace stargate::server

#endif  // STARGATE_SERVER_INTERNAL_VIEWS_H_
