#include "stargate/rules/export_constraints.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>

#include "stargate/rules/evaluate.h"
#include "stargate/scenario/scenario.h"

namespace stargate::rules {
namespace {

using ::testing::Contains;
using ::testing::Not;

const Scenario& Global() {
  static const Scenario s =
      *LoadScenario(std::string(STARGATE_SOURCE_DIR) + "/data/scenarios/stargate-global.yaml");
  return s;
}

const RegimeCatalog& Catalog() {
  static const RegimeCatalog c =
      *LoadRegimeCatalog(std::string(STARGATE_SOURCE_DIR) + "/data/regimes");
  return c;
}

Quarter Q(int year, int number) { return Quarter::FromYearAndNumber(year, number); }

const CapConstraint* Find(const ExportConstraints& e, const std::string& id) {
  for (const auto& c : e.caps()) {
    if (c.id == id) return &c;
  }
  return nullptr;
}

Site SiteIn(const std::string& country, const std::string& hq, const std::string& op = "Operator") {
  Site s;
  s.id = "test-" + country;
  s.country = country;
  s.operator_name = op;
  s.operator_hq = hq;
  return s;
}

// The shipment the planner emits for an install.
Shipment Install(const Site& site, const std::string& accelerator, Quarter q, long long units) {
  Shipment s;
  s.id = site.id + "/" + accelerator + "/" + q.ToString();
  s.date = Date::FirstDayOf(q);
  s.accelerator = accelerator;
  s.quantity = units;
  s.destination = site.country;
  s.consignee = site.operator_name;
  s.consignee_hq = site.operator_hq;
  s.veu = site.uveu ? VeuKind::kUniversal : VeuKind::kNone;
  return s;
}

TEST(ExportConstraintsTest, RegimeTierAndSharesByQuarter) {
  auto e = BuildExportConstraints(Global(), Catalog(), "by_date", {});
  ASSERT_TRUE(e.ok()) << e.status();
  // By date the framework never governed: oct-2023 until the rescission.
  EXPECT_EQ(e->RegimeAt(Q(2025, 1)), "oct-2023");
  EXPECT_EQ(e->RegimeAt(Q(2025, 2)), "oct-2023");
  EXPECT_EQ(e->RegimeAt(Q(2025, 3)), "post-rescission-2025");
  EXPECT_EQ(e->RegimeAt(Q(2023, 1)), "");
  EXPECT_EQ(e->TierAt("IN", Q(2025, 2)), "other");
  EXPECT_EQ(e->TierAt("MO", Q(2025, 2)), "d5_macau");
  EXPECT_EQ(e->TierAt("AE", Q(2026, 1)), "d1_d4");
  EXPECT_EQ(e->TierAt("IL", Q(2026, 1)), "other");  // A:6: outside 742.6(a)(6)'s D:1/D:4 reach
  EXPECT_EQ(e->TierAt("XX", Q(2026, 1)), "");
  EXPECT_FALSE(e->UveuSharesAt(Q(2025, 2)));
  // The framework, named as a what-if.
  auto f = BuildExportConstraints(Global(), Catalog(), "ai-diffusion-2025", {});
  ASSERT_TRUE(f.ok()) << f.status();
  EXPECT_EQ(f->TierAt("IN", Q(2025, 2)), "tier2");
  EXPECT_EQ(f->TierAt("FR", Q(2025, 2)), "tier1");
  EXPECT_EQ(f->TierAt("MO", Q(2025, 2)), "tier3");
  ASSERT_TRUE(f->UveuSharesAt(Q(2025, 2)));
  EXPECT_DOUBLE_EQ(f->UveuSharesAt(Q(2025, 2))->min_tier1_share, 0.75);
  EXPECT_DOUBLE_EQ(f->UveuSharesAt(Q(2025, 2))->max_single_tier2_share, 0.07);
}

TEST(ExportConstraintsTest, ByDateCapsCoverTheQuartersTheirRegimeIsInForce) {
  CapUsage usage;
  usage.AddCap("post-rescission-2025/us-uae-2025-quota/AE/2026", 1e9);
  auto e = BuildExportConstraints(Global(), Catalog(), "by_date", usage);
  ASSERT_TRUE(e.ok()) << e.status();
  // The framework's caps never bound anyone: none by date.
  EXPECT_EQ(Find(*e, "ai-diffusion-2025/tier2-country-cap/IN"), nullptr);
  const CapConstraint* ae2025 = Find(*e, "post-rescission-2025/us-uae-2025-quota/AE/2025");
  ASSERT_NE(ae2025, nullptr);
  EXPECT_EQ(ae2025->from, Q(2025, 3));
  EXPECT_EQ(ae2025->to, Q(2025, 4));
  const CapConstraint* ae2026 = Find(*e, "post-rescission-2025/us-uae-2025-quota/AE/2026");
  ASSERT_NE(ae2026, nullptr);
  EXPECT_EQ(ae2026->from, Q(2026, 1));
  EXPECT_EQ(ae2026->to, Q(2026, 4));
  EXPECT_DOUBLE_EQ(ae2026->used_tpp, 1e9);
  EXPECT_DOUBLE_EQ(ae2026->remaining_tpp(), 17e9);
  EXPECT_THAT(ae2026->accelerators, Contains("H100-SXM"));
  EXPECT_THAT(ae2026->accelerators, Not(Contains("H20")));
  EXPECT_FALSE(ae2026->counts_uveu_sites);
  // No site is operated by G42, so its authorization cannot bind; Humain operates one.
  EXPECT_EQ(Find(*e, "post-rescission-2025/us-uae-g42-2025-g42/AE"), nullptr);
  const CapConstraint* humain = Find(*e, "post-rescission-2025/us-ksa-humain-2025-humain/SA");
  ASSERT_NE(humain, nullptr);
  EXPECT_EQ(humain->from, Q(2026, 1));  // authorized 2025-11-19: the first quarter starting after
  EXPECT_EQ(humain->to, Q(2030, 4));
  EXPECT_THAT(humain->consignees, ::testing::ElementsAre("Humain (PIF)"));
  // Tier 1 and US sites meet no cap.
  for (const auto& c : e->caps()) {
    EXPECT_NE(c.country, "US");
    EXPECT_NE(c.country, "FR");
  }
}

TEST(ExportConstraintsTest, NamedRegimeCapsSpanTheirWholeWindow) {
  auto e = BuildExportConstraints(Global(), Catalog(), "ai-diffusion-2025", {});
  ASSERT_TRUE(e.ok()) << e.status();
  const CapConstraint* in = Find(*e, "ai-diffusion-2025/tier2-country-cap/IN");
  ASSERT_NE(in, nullptr);
  EXPECT_EQ(in->from, Q(2025, 1));
  EXPECT_EQ(in->to, Q(2027, 4));
  const CapConstraint* ae = Find(*e, "ai-diffusion-2025/tier2-country-cap/AE");
  ASSERT_NE(ae, nullptr);
  // The g2g flag holds from 2025-05-15, after the window opens: the doubling
  // does not cover the whole span, and one constraint takes its smallest limit.
  EXPECT_DOUBLE_EQ(ae->limit_tpp, 790e6);
  EXPECT_EQ(e->RegimeAt(Q(2029, 1)), "ai-diffusion-2025");
}

TEST(ExportConstraintsTest, UnknownRegimeIsAnError) {
  auto e = BuildExportConstraints(Global(), Catalog(), "ai-difusion-2025", {});
  ASSERT_FALSE(e.ok());
  EXPECT_THAT(e.status().message(), ::testing::HasSubstr("regime 'ai-difusion-2025' is not known"));
}

TEST(ExportConstraintsTest, AllowedFollowsTheRegimeInForce) {
  auto e = BuildExportConstraints(Global(), Catalog(), "by_date", {});
  ASSERT_TRUE(e.ok());
  const Site china = SiteIn("CN", "CN");
  EXPECT_FALSE(e->Allowed(china, "H100-SXM", Q(2025, 2)));
  EXPECT_FALSE(e->Allowed(china, "H200-SXM", Q(2025, 4)));
  EXPECT_TRUE(e->Allowed(china, "H200-SXM", Q(2026, 2)));  // case by case from 2026-01-15
  EXPECT_FALSE(e->Allowed(china, "B200", Q(2026, 2)));     // over 21,000 TPP
  EXPECT_TRUE(e->Allowed(china, "H20", Q(2025, 2)));       // not controlled
  EXPECT_TRUE(e->Allowed(SiteIn("IN", "IN"), "GB300", Q(2025, 2)));
  EXPECT_FALSE(e->Allowed(SiteIn("MY", "CN"), "GB300", Q(2025, 2)));  // headquartered in D:5
  EXPECT_FALSE(e->Allowed(SiteIn("IN", "IN"), "NOT-A-CHIP", Q(2025, 2)));
  EXPECT_FALSE(e->Allowed(SiteIn("IN", "IN"), "GB300", Q(2020, 1)));  // before any regime
}

// The planner's contract: Allowed() is exactly "check does not refuse one unit".
TEST(ExportConstraintsTest, AllowedAgreesWithCheckOnEverySiteChipAndQuarter) {
  for (const std::string regime : {"by_date", "ai-diffusion-2025", "partner-program"}) {
    auto e = BuildExportConstraints(Global(), Catalog(), regime, {});
    ASSERT_TRUE(e.ok());
    std::vector<Shipment> allowed, refused;
    std::vector<Site> sites = Global().sites;
    sites.push_back(SiteIn("CN", "CN"));
    sites.push_back(SiteIn("MY", "CN"));
    for (const auto& site : sites) {
      for (const auto& a : Global().accelerators) {
        for (Quarter q = Global().start; q <= Global().end; q = q + 1) {
          (e->Allowed(site, a.id, q) ? allowed : refused).push_back(Install(site, a.id, q, 1));
        }
      }
    }
    ASSERT_FALSE(allowed.empty());
    ASSERT_FALSE(refused.empty());
    for (const auto& d : Evaluate(Catalog(), Global(), allowed, regime, {}, false)) {
      EXPECT_TRUE(Permits(d)) << regime << " " << d.id;
    }
    for (const auto& s : refused) {
      const auto d = Evaluate(Catalog(), Global(), {s}, regime, {}, false);
      EXPECT_FALSE(Permits(d[0])) << regime << " " << s.id;
    }
  }
}

// A plan that fills every cap to the last whole chip passes check; one chip
// more on any cap does not.
TEST(ExportConstraintsTest, ShipmentsWithinTheCapsPassCheck) {
  for (const std::string regime : {"by_date", "ai-diffusion-2025", "partner-program"}) {
    auto e = BuildExportConstraints(Global(), Catalog(), regime, {});
    ASSERT_TRUE(e.ok());
    ASSERT_FALSE(e->caps().empty()) << regime;
    std::vector<Shipment> plan;
    std::vector<size_t> filling;  // per cap, the index of the shipment that fills it
    for (const auto& cap : e->caps()) {
      const Site* site = nullptr;
      for (const auto& s : Global().sites) {
        const bool consignee_ok =
            cap.consignees.empty() || std::find(cap.consignees.begin(), cap.consignees.end(),
                                                s.operator_name) != cap.consignees.end();
        if (s.country == cap.country && consignee_ok && !s.uveu) site = &s;
      }
      ASSERT_NE(site, nullptr) << cap.id;
      const Accelerator* chip = nullptr;
      for (const auto& id : cap.accelerators) {
        if (e->Allowed(*site, id, cap.from)) chip = Global().FindAccelerator(id);
      }
      ASSERT_NE(chip, nullptr) << cap.id;
      filling.push_back(plan.size());
      plan.push_back(
          Install(*site, chip->id, cap.from,
                  static_cast<long long>(std::floor(cap.remaining_tpp() / chip->tpp()))));
    }
    // No shipment counts toward two caps here (each cap's window and site differ).
    for (const auto& d : Evaluate(Catalog(), Global(), plan, regime, {}, false)) {
      EXPECT_TRUE(Permits(d)) << regime << " " << d.id;
    }
    for (size_t c = 0; c < e->caps().size(); ++c) {
      std::vector<Shipment> over = plan;
      over[filling[c]].accelerator = "GB300";  // 60,000 TPP, counted by every cap
      over[filling[c]].quantity =
          static_cast<long long>(std::floor(e->caps()[c].remaining_tpp() / 60000)) + 1;
      bool any_refused = false;
      for (const auto& d : Evaluate(Catalog(), Global(), over, regime, {}, false)) {
        any_refused = any_refused || !Permits(d);
      }
      EXPECT_TRUE(any_refused) << regime << " " << e->caps()[c].id;
    }
  }
}

}  // namespace
}  // namespace stargate::rules
