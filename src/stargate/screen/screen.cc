// Screen(): the query's two readings, blocking (blocking.h), scoring and the
// hits with their explanations.
#include "stargate/screen/screen.h"

#include <algorithm>
#include <array>
#include <cctype>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "stargate/core/diagnostic.h"
#include "stargate/screen/internal/blocking.h"
#include "stargate/screen/internal/text_util.h"
#include "stargate/screen/internal/transliterate.h"
#include "stargate/screen/list_index.h"

namespace stargate::screen {

struct ScreenAccess {
  static const ListIndex& Index(const ScreeningList& list) { return *list.index_; }
};

namespace {

bool SameReading(const NormalizedName& a, const NormalizedName& b) {
  if (a.tokens.size() != b.tokens.size() || a.legal_families != b.legal_families ||
      a.script_key != b.script_key) {
    return false;
  }
  for (size_t i = 0; i < a.tokens.size(); ++i) {
    if (a.tokens[i].text != b.tokens[i].text || a.tokens[i].role != b.tokens[i].role) return false;
  }
  return true;
}

std::string Tokens(std::span<const MatchToken> tokens, int begin, int end) {
  std::string out;
  for (int i = begin; i < end && i < static_cast<int>(tokens.size()); ++i) {
    if (!out.empty()) out += ' ';
    out.append(tokens[i].text);
  }
  return out;
}

}  // namespace

uint32_t ScreeningList::EntriesWithToken(std::string_view token) const {
  return index_ ? index_->EntriesWithToken(token) : 0;
}

absl::Status CheckQueryName(std::string_view name) {
  if (Trim(name).empty()) {
    return Problem(absl::StatusCode::kInvalidArgument, "name is empty",
                   "the name of a person or organisation to screen");
  }
  if (name.size() > kMaxQueryBytes) {
    return Problem(absl::StatusCode::kInvalidArgument,
                   absl::StrCat("name is ", name.size(), " bytes long"),
                   absl::StrCat("at most ", kMaxQueryBytes, " bytes"));
  }
  size_t bad = 0;
  if (!IsCleanUtf8(name, &bad)) {
    return Problem(absl::StatusCode::kInvalidArgument,
                   absl::StrCat("name is not clean UTF-8 text (bad byte at offset ", bad, ")"),
                   "UTF-8 text without control characters");
  }
  const bool has_alnum = std::any_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || static_cast<unsigned char>(c) >= 0x80;
  });
  if (!has_alnum) {
    return Problem(absl::StatusCode::kInvalidArgument,
                   absl::StrCat("name '", std::string(name), "' has no letters or digits"),
                   "a name");
  }
  return absl::OkStatus();
}

namespace {

float TypeFactor(const ScreenOptions& options, EntryType listed) {
  const EntryType query = options.query_type;
  if (query == EntryType::kUnknown || listed == EntryType::kUnknown || query == listed) return 1.0f;
  return options.params.type_mismatch;
}

struct Facts {
  std::string imo;
  std::vector<int> birth_years;
  std::vector<std::string> countries;  // CountryKey
};

Facts ReadFacts(std::string_view text) {
  Facts facts;
  if (text.empty()) return facts;
  const size_t bar = text.find('\x1f');
  facts.imo = std::string(text.substr(0, bar));
  if (bar == std::string_view::npos) return facts;
  const size_t bar2 = text.find('\x1f', bar + 1);
  for (std::string_view year : SplitAny(text.substr(bar + 1, bar2 - bar - 1), " ")) {
    int value = 0;
    for (char c : year) value = value * 10 + (c - '0');
    if (!year.empty()) facts.birth_years.push_back(value);
  }
  if (bar2 != std::string_view::npos) {
    for (std::string_view country : SplitAny(text.substr(bar2 + 1), "\n")) {
      if (!country.empty()) facts.countries.emplace_back(country);
    }
  }
  return facts;
}

// Identifiers of the query against the entry's; `why` receives what differed.
float IdentifierFactor(const ScreenOptions& options, const Facts& facts,
                       std::vector<std::string>* why) {
  float factor = 1.0f;
  if (!options.imo.empty() && !facts.imo.empty() && options.imo != facts.imo) {
    factor *= options.params.identifier_mismatch;
    if (why) why->push_back(absl::StrCat("IMO ", facts.imo, " is not ", options.imo));
  }
  if (options.birth_year > 0 && !facts.birth_years.empty() &&
      std::find(facts.birth_years.begin(), facts.birth_years.end(), options.birth_year) ==
          facts.birth_years.end()) {
    factor *= options.params.birth_year_mismatch;
    if (why)
      why->push_back(absl::StrCat("born ", absl::StrJoin(facts.birth_years, "/"), ", not ",
                                  options.birth_year));
  }
  return factor;
}

// The query's country against the entry's: 1 when either is unknown.
// `against` / `supporting` receive the reason in words.
float CountryFactor(const ScreenOptions& options, const Facts& facts,
                    std::vector<std::string>* against, std::vector<std::string>* supporting) {
  if (!options.country.given() || facts.countries.empty()) return 1.0f;
  for (const auto& listed : facts.countries) {
    for (const auto& key : options.country.keys) {
      if (listed == key) {
        if (supporting) supporting->push_back(absl::StrCat("listed in ", listed));
        return options.params.country_match;
      }
    }
  }
  if (against) {
    against->push_back(absl::StrCat("listed in ", absl::StrJoin(facts.countries, "/"), ", not ",
                                    options.country.name));
  }
  return options.params.country_mismatch;
}

// The parts and factors in words, for a reader of the hit.
void Summarize(const NameScore& why, const ScreenOptions& options, Hit* hit) {
  for (const HitPart& part : hit->parts) {
    if (part.kind == PartKind::kMatch) hit->matched.push_back(part.query);
    if (part.kind == PartKind::kConflict) hit->against.push_back(part.query + "!=" + part.listed);
  }
  if (why.number_factor < 1) hit->against.emplace_back("numbers differ");
  if (why.legal_factor < 1) hit->against.emplace_back("legal forms differ");
  if (why.order_factor < 1) hit->against.emplace_back("another order");
  if (why.script_factor < 1) hit->against.emplace_back("other characters");
  if (hit->identifier_factor < 1) {
    const Facts facts{hit->imo, hit->birth_years, {}};
    IdentifierFactor(options, facts, &hit->against);
  }
  if (hit->country_factor != 1) {
    const Facts facts{{}, {}, hit->countries};
    CountryFactor(options, facts, &hit->against, &hit->supporting);
  }
  if (hit->type_factor < 1) {
    hit->against.push_back(absl::StrCat("type ", EntryTypeName(hit->type), " is not the query's"));
  }
}

}  // namespace

absl::StatusOr<std::vector<Hit>> Screen(const ScreeningList& list, std::string_view name,
                                        const ScreenOptions& options) {
  if (auto status = CheckQueryName(name); !status.ok()) return status;
  const ListIndex& index = ScreenAccess::Index(list);
  const MatchParams& params = options.params;
  // The query read as a person and as an organisation; usually both
  // readings are the same and are prepared once. A name in another script
  // may have a second reading (NormalizeReadings), screened the same way.
  std::vector<NormalizedName> as_person = NormalizeReadings(name, NameKind::kPerson);
  std::vector<NormalizedName> as_orgs = NormalizeReadings(name, NameKind::kOrganization);
  const size_t variants = std::min(as_person.size(), as_orgs.size());
  std::vector<std::array<PreparedName, 2>> readings(variants);
  std::vector<std::array<const PreparedName*, 2>> prepared(variants);
  // The query's words weigh by their rarity in this list, as the list's do.
  const TokenFrequency frequency = [&index](std::string_view token) {
    return index.EntriesWithToken(token);
  };
  for (size_t v = 0; v < variants; ++v) {
    readings[v][0] = PreparedName(std::move(as_person[v]), NameKind::kPerson);
    readings[v][0].ApplyRarity(frequency);
    const bool same = SameReading(readings[v][0].normalized(), as_orgs[v]);
    if (!same) {
      readings[v][1] = PreparedName(std::move(as_orgs[v]), NameKind::kOrganization);
      readings[v][1].ApplyRarity(frequency);
    }
    prepared[v] = {&readings[v][0], same ? &readings[v][0] : &readings[v][1]};
  }

  // Best name per entry: score, name id, reading.
  struct Best {
    float score;
    uint32_t name_id;
    size_t variant;
  };
  absl::flat_hash_map<uint32_t, Best> best;
  for (size_t v = 0; v < variants; ++v) {
    auto consider = [&](uint32_t name_id) {
      const ListIndex::Name& n = index.name(name_id);
      float score = ScoreName(*prepared[v][n.kind], index.view(name_id), params);
      const ListIndex::Entry& e = index.entry(n.entry);
      score *= TypeFactor(options, static_cast<EntryType>(e.type));
      if (!options.imo.empty() || options.birth_year > 0 || options.country.given()) {
        const Facts facts = ReadFacts(index.String(e.facts));
        score *= IdentifierFactor(options, facts, nullptr);
        score = std::min(1.0f, score * CountryFactor(options, facts, nullptr, nullptr));
      }
      if (score < options.threshold) return;
      auto [it, inserted] = best.try_emplace(n.entry, Best{score, name_id, v});
      if (!inserted && score > it->second.score) it->second = {score, name_id, v};
    };
    if (options.exhaustive) {
      for (uint32_t n = 0; n < index.name_count(); ++n) consider(n);
    } else {
      const PreparedName* const pair[2] = {prepared[v][0], prepared[v][1]};
      for (uint32_t name_id : FindCandidates(index, pair, options.threshold, params)) {
        consider(name_id);
      }
    }
  }

  std::vector<std::pair<uint32_t, Best>> ranked(best.begin(), best.end());
  std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
    return a.second.score != b.second.score ? a.second.score > b.second.score : a.first < b.first;
  });
  if (options.max_hits > 0 && ranked.size() > options.max_hits) ranked.resize(options.max_hits);

  std::vector<Hit> hits;
  for (const auto& [entry_id, scored] : ranked) {
    const ListIndex::Entry& e = index.entry(entry_id);
    const ListIndex::Name& n = index.name(scored.name_id);
    Hit hit;
    hit.score = scored.score;
    hit.list = index.String(e.list);
    hit.entry_id = index.String(e.id);
    hit.entry_name = index.String(e.name);
    hit.type = static_cast<EntryType>(e.type);
    const std::string_view programs = index.String(e.programs);
    if (!programs.empty())
      for (auto p : SplitAny(programs, "\n")) hit.programs.emplace_back(p);
    hit.matched_name = index.String(n.text);
    hit.name_role = static_cast<NameRole>(n.role);
    hit.source = index.String(e.source);
    Facts facts = ReadFacts(index.String(e.facts));
    hit.identifier_factor = IdentifierFactor(options, facts, nullptr);
    hit.country_factor = CountryFactor(options, facts, nullptr, nullptr);
    hit.imo = std::move(facts.imo);
    hit.birth_years = std::move(facts.birth_years);
    hit.countries = std::move(facts.countries);
    if (const std::string_view terms = index.String(e.terms); !terms.empty()) {
      const auto parts = SplitAny(terms, "\x1f");
      if (parts.size() == 3) {
        hit.license_requirement = parts[0];
        hit.license_policy = parts[1];
        hit.federal_register_notice = parts[2];
      }
    }
    if (options.explain) {
      const PreparedName& q = *prepared[scored.variant][n.kind];
      const NameView view = index.view(scored.name_id);
      NameScore why;
      ScoreName(q, view, params, &why);
      std::vector<MatchToken> q_tokens;
      for (size_t i = 0; i < q.size(); ++i) q_tokens.push_back(q.token(i));
      for (const MatchPart& part : why.parts) {
        hit.parts.push_back({part.kind, Tokens(q_tokens, part.query_begin, part.query_end),
                             Tokens(view.tokens, part.candidate_begin, part.candidate_end),
                             part.similarity, part.quality, part.weight});
      }
      hit.coverage = why.coverage;
      hit.quality = why.quality;
      hit.order_factor = why.order_factor;
      hit.legal_factor = why.legal_factor;
      hit.script_factor = why.script_factor;
      hit.initials_factor = why.initials_factor;
      hit.number_factor = why.number_factor;
      hit.type_factor = TypeFactor(options, hit.type);
      Summarize(why, options, &hit);
    }
    hits.push_back(std::move(hit));
  }
  return hits;
}

}  // namespace stargate::screen
