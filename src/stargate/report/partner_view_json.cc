// The partner view as JSON: the engine's tier answer (rules::ToJson, the
// machine fields) with every amount also in H100e and chips, the plain
// words, the links, the plan by year and the glossary entries it used. The
// engine's criterion evidence names source keys; here it is plain words.
#include "stargate/report/partner_view.h"
#include "stargate/rules/rules.h"

namespace stargate::report {
namespace {

using nlohmann::json;

json LinksJson(const std::vector<Link>& links) {
  json out = json::array();
  for (const auto& l : links) out.push_back({{"label", l.label}, {"url", l.url}});
  return out;
}

json ChipJson(const ReferenceChip& c) {
  return {{"id", c.id}, {"name", c.name}, {"tpp", c.tpp}, {"why", c.why}};
}

json AmountJson(const Amount& a) {
  return {{"tpp", a.tpp}, {"h100e", a.h100e}, {"chips", a.chips}};
}

}  // namespace

json PartnerViewJson(const PartnerView& v) {
  json j = rules::ToJson(v.tier);
  j["regime_name"] = v.regime_term;
  j["regime_links"] = LinksJson(v.regime_links);
  j["tier_meaning"] = v.tier_meaning;
  j["tier_links"] = LinksJson(v.tier_links);
  j["how_plain"] = v.how;
  j["values"] = {{"freedom_score", v.freedom_score},
                 {"rated_free", v.rated_free},
                 {"free_min_freedom_score", kFreedomHouseFreeMinScore},
                 {"data_protection_zone", v.data_protection_zone}};
  j["reference_chips"] = {{"h100", ChipJson(v.h100)}, {"current", ChipJson(v.current)}};
  json plain = json::array();
  for (const auto& l : v.treatments) {
    plain.push_back({{"chips", l.chips},
                     {"condition", l.condition},
                     {"answer", l.answer},
                     {"links", LinksJson(l.links)}});
  }
  j["plain_treatments"] = plain;
  if (v.lpp) {
    j["lpp"] = AmountJson(*v.lpp);
    j["lpp"]["links"] = LinksJson(v.lpp_links);
    j["lpp_h100e_per_consignee_per_year"] = v.lpp->h100e;
  } else {
    j["lpp"] = nullptr;
    j["lpp_h100e_per_consignee_per_year"] = nullptr;
  }
  for (size_t i = 0; i < v.caps.size() && i < j["caps"].size(); ++i) {
    const PlainCap& c = v.caps[i];
    json& cap = j["caps"][i];
    cap["title"] = c.title;
    cap["limit_h100e"] = c.limit.h100e;
    cap["limit_chips"] = c.limit.chips;
    cap["used_h100e"] = c.used.h100e;
    cap["remaining_h100e"] = c.left.h100e;
    cap["remaining_chips"] = c.left.chips;
    cap["multiplied_by_plain"] = c.multiplied_by.empty() ? json(nullptr) : json(c.multiplied_by);
    cap["links"] = LinksJson(c.links);
  }
  for (size_t i = 0; i < v.upgrades.size() && i < j["upgrades"].size(); ++i) {
    const PlainUpgrade& u = v.upgrades[i];
    json& up = j["upgrades"][i];
    for (size_t c = 0; c < u.checklist.size() && c < up["criteria"].size(); ++c) {
      up["criteria"][c]["evidence"] = u.checklist[c].evidence;
    }
    up["unlocks_plain"] = u.unlocks;
    up["unlocks_h100e"] = u.unlocks_h100e;
    up["unlocks_unlimited"] = u.unlocks_unlimited;
    up["links"] = LinksJson(u.links);
  }
  json years = json::array();
  for (const auto& y : v.plan_by_year) {
    years.push_back({{"year", y.year},
                     {"h100e", y.h100e},
                     {"chips", y.chips},
                     {"mw_online", y.mw_online},
                     {"chips_by_type", y.chips_by_type}});
  }
  j["plan"] = v.plan_origin.empty() ? json(nullptr) : json({{"origin", v.plan_origin}});
  j["plan_by_year"] = years;
  json sources = json::array();
  for (const auto& s : v.sources)
    sources.push_back({{"title", s.title}, {"date", s.date}, {"urls", s.urls}});
  j["sources"] = sources;
  json glossary = json::array();
  for (const GlossaryEntry* e : v.terms) {
    glossary.push_back(
        {{"key", e->key}, {"term", e->term}, {"meaning", e->meaning}, {"urls", e->urls}});
  }
  j["glossary"] = glossary;
  return j;
}

}  // namespace stargate::report
