// The evaluation engine behind Evaluate(), check, tier and the planner API: a
// regime catalogue compiled against a scenario (country and accelerator
// indices, each country's group per regime and date) and the decision logic
// for one shipment. Immutable once built; what a batch consumes lives in a
// UsageState, so the engine stays pure.
#ifndef STARGATE_RULES_ENGINE_H_
#define STARGATE_RULES_ENGINE_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "stargate/model/model.h"
#include "stargate/rules/cap_usage.h"
#include "stargate/rules/decision.h"
#include "stargate/rules/regime.h"
#include "stargate/rules/shipment.h"

namespace stargate::rules {

// A shipment with its names resolved to indices.
struct ResolvedShipment {
  const Shipment* shipment = nullptr;
  int regime = -1;       // index into the catalogue's regimes
  int accelerator = -1;  // -1 for a hypothetical chip
  ChipMetrics chip;
  int destination = -1;  // country index
  int hq = -1;           // country index of the consignee's HQ (the destination when not given)
  bool hq_given = false;
  int consignee = -1;    // UsageState's id for the consignee; -1 without a state
  double tpp_total = 0;  // chip TPP x quantity
};

// How a country came to be in its group: listed by code, a member of a
// listed group of countries (EU, ...), or in the default group. Never spelled
// as a token (the trace and the tier report say it in words).
enum class GroupVia : int8_t { kListed, kMembership, kDefault };

// Where a country sits in a regime on a date, and why.
struct GroupAssignment {
  int16_t group = -1;       // after upgrades
  int16_t base_group = -1;  // before upgrades
  int16_t upgrade = -1;     // index of the upgrade that promoted it, or -1
  GroupVia via = GroupVia::kListed;
};

// What one batch consumed: cap instances, LPP allowances and the fleets of
// consignees that claim UVEU status. Starts from a CapUsage.
class UsageState {
 public:
  explicit UsageState(const CapUsage& initial) : initial_(initial) {}

  int InternConsignee(const std::string& name);
  const std::string& ConsigneeKey(int id) const { return consignee_keys_[id]; }

  struct CapInstance {
    std::string id;
    double limit = 0;
    double used = 0;
  };
  // Cap instances live in slots: FindCap() gives -1 for a key not seen yet;
  // AddCap() creates it with the usage the initial CapUsage records for `id`.
  int FindCap(uint64_t key) const;
  int AddCap(uint64_t key, std::string id, double limit);
  CapInstance& cap(int slot) { return caps_[slot]; }
  double& Lpp(int consignee, int year);

  // Fleets are kept only for consignees that claim UVEU status: TrackFleet()
  // starts one from what the initial usage holds; AddFleet() ignores the others.
  using Fleet = std::vector<double>;  // TPP by country index
  void TrackFleet(int consignee, const std::vector<std::string>& country_codes);
  bool TracksFleet(int consignee) const {
    return static_cast<size_t>(consignee) < fleet_slot_.size() && fleet_slot_[consignee] >= 0;
  }
  void AddFleet(int consignee, int country, double tpp) {
    if (TracksFleet(consignee)) fleets_[fleet_slot_[consignee]][country] += tpp;
  }
  const Fleet* FleetOf(int consignee) const {
    return TracksFleet(consignee) ? &fleets_[fleet_slot_[consignee]] : nullptr;
  }

  // The initial usage plus everything consumed since.
  CapUsage ToUsage(const std::vector<std::string>& country_codes) const;

 private:
  const CapUsage& initial_;
  absl::flat_hash_map<std::string, int> consignee_ids_;
  absl::flat_hash_map<std::string, int> raw_ids_;
  std::vector<std::string> consignee_keys_;
  absl::flat_hash_map<uint64_t, int> cap_index_;
  absl::flat_hash_map<std::string, int> id_index_;  // instance id -> slot
  std::vector<CapInstance> caps_;
  absl::flat_hash_map<uint64_t, double> lpp_;
  std::vector<int> fleet_slot_;  // per consignee id: index into fleets_, or -1
  std::vector<Fleet> fleets_;
  std::vector<int> fleet_owner_;  // per fleet: its consignee id
};

// Which caps count a shipment. One answer for decide, evaluate, the export
// constraints, regime diff and the tier report (they used to code it each).
enum class ConsigneeFilter {
  kAny,          // every cap, named-entity allowances included (tier report)
  kMatch,        // unnamed caps, and named ones that name `consignee_key`
  kUnnamedOnly,  // caps that count every consignee (regime diff)
};
struct CapQuery {
  int regime = -1;
  int country = -1;  // destination country index
  Date date;
  int group = -1;                      // the destination's group on `date`; -1: looked up
  std::optional<Eccn> classification;  // unset: any class
  ConsigneeFilter consignee = ConsigneeFilter::kAny;
  std::string_view consignee_key;  // normalized (NormalizeConsignee) for kMatch
};

struct DecideOptions {
  bool trace = false;
  // The regime choice as given ("by_date" or an id), for the trace.
  std::string_view regime_choice = "by_date";
};

namespace internal {
struct EngineTables;
}  // namespace internal

class Engine {
 public:
  Engine(const RegimeCatalog& catalog, const Scenario& scenario);
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  const RegimeCatalog& catalog() const { return catalog_; }
  const Scenario& scenario() const { return scenario_; }
  const Regime& regime(int index) const { return catalog_.regimes()[index]; }

  int CountryIndex(std::string_view iso2) const;
  int AcceleratorIndex(std::string_view id) const;
  int RegimeIndex(std::string_view id) const;
  // "by_date" -> the regime in force on `date`; otherwise the named one. -1: none.
  int RegimeFor(std::string_view choice, Date date) const;

  GroupAssignment GroupOf(int regime, int country, Date date) const;
  // A cap rule's limit for a country, with the upgrades the country meets on `date`.
  double CapLimit(const Regime& regime, const CapRule& cap, int country, Date date) const;
  // The id of a cap instance: "<regime>/<cap>/<country>[/<year>]" (a cap that
  // names `counts_as` shares that prefix across regimes, so a window split by
  // a regime change is counted once).
  std::string CapInstanceId(const Regime& regime, const CapRule& cap, int country, int year) const;
  // The id of an NVEU installed-base allowance: "<regime>/nveu/<country>/<consignee>".
  std::string NveuInstanceId(const Regime& regime, int country,
                             std::string_view consignee_key) const;

  // Whether cap `cap_index` of `query.regime` counts the shipment `query` describes.
  bool CapApplies(const CapQuery& query, int cap_index) const;
  // Every such cap, in file order, appended to `out` (no limit on how many).
  template <typename Out>
  void ApplicableCaps(const CapQuery& query, Out* out) const {
    CapQuery q = query;
    if (q.group < 0) q.group = GroupOf(q.regime, q.country, q.date).group;
    const int n = static_cast<int>(regime(q.regime).caps.size());
    for (int i = 0; i < n; ++i) {
      if (CapApplies(q, i)) out->push_back(i);
    }
  }

  // The first license-requirement row that applies, or nullptr. Rows that name
  // products are left out; FindNamedRow() tries only those.
  const LicenseRow* FindRow(int regime, Eccn eccn, int effective_group, int hq_group,
                            int destination, Date date, const ChipMetrics& chip) const;
  const LicenseRow* FindNamedRow(int regime, int accelerator, int effective_group, int hq_group,
                                 int destination, Date date) const;

  // Resolves names; on failure returns false and says which field is wrong.
  bool Resolve(const Shipment& shipment, std::string_view regime_choice, ResolvedShipment* out,
               std::string* field, std::string* problem) const;

  // Decides one shipment. With `state`, caps and allowances are checked and
  // consumed; without, they are taken as available (used for "could this ever
  // ship" questions).
  Decision Decide(const ResolvedShipment& shipment, UsageState* state,
                  const DecideOptions& options) const;
  // The same, into a default-constructed decision (no copy for large batches).
  void DecideInto(const ResolvedShipment& shipment, UsageState* state, const DecideOptions& options,
                  Decision* out) const;

  const std::vector<std::string>& country_codes() const { return country_codes_; }
  // The class of a shipment's chip under a regime on its date.
  Classification ClassifyChip(int regime, const ResolvedShipment& s, bool explain) const;

 private:
  RegimeCatalog catalog_;
  Scenario scenario_;
  std::vector<std::string> country_codes_;
  // Country and accelerator indices and each regime's rows, caps and groups
  // as index tables (rules/internal/engine_tables.h): the module's own.
  std::unique_ptr<const internal::EngineTables> tables_;
};

}  // namespace stargate::rules

#endif  // STARGATE_RULES_ENGINE_H_
