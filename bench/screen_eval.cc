// screen_eval: precision, recall and F1 of the name matcher on labelled name
// pairs. The default set is tests/data/screening-eval/pairs.csv (5,000+ pairs
// from public sources, split into a tune and a test part; see its
// PROVENANCE.md); the nomenklatura cases.csv layout is read too. Printed: the
// figures at the threshold and at the best threshold, per category, per
// script, and the threshold's precision/recall curve.
//
//   screen_eval [PAIRS_CSV] [--split tune|test|all] [--threshold X] [--errors]
//               [--param NAME=VALUE ...] [--no-rarity]
//   screen_eval --pair NAME1 NAME2 person|org     explain one comparison
//
// Tuning reads only --split tune; the figures in docs/screening.md are of
// --split test. Words weigh by their rarity in the shipped lists
// (data/screening: OFAC SDN, non-SDN, Entity List), as `stargate screen`
// weighs them against those lists; --no-rarity leaves that out.
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "stargate/core/csv_reader.h"
#include "stargate/screen/screen.h"

namespace {

using stargate::CsvField;
using stargate::CsvReader;
using stargate::screen::MatchParams;
using stargate::screen::NameKind;
using stargate::screen::NameScore;

struct Case {
  std::string group, schema, name1, name2, category, script, split;
  bool match = false;
  float score = 0;
};

struct Counts {
  int tp = 0, fp = 0, tn = 0, fn = 0;
  void Add(bool predicted, bool actual) {
    if (predicted && actual) ++tp;
    if (predicted && !actual) ++fp;
    if (!predicted && actual) ++fn;
    if (!predicted && !actual) ++tn;
  }
  double Precision() const { return tp + fp ? static_cast<double>(tp) / (tp + fp) : 0; }
  double Recall() const { return tp + fn ? static_cast<double>(tp) / (tp + fn) : 0; }
  double F1() const { return 2.0 * tp / std::max(1, 2 * tp + fp + fn); }
};

Counts Count(const std::vector<Case>& cases, float threshold, int fold = -1) {
  Counts counts;
  for (size_t i = 0; i < cases.size(); ++i) {
    if (fold >= 0 && static_cast<int>(i % 2) != fold) continue;
    counts.Add(cases[i].score >= threshold, cases[i].match);
  }
  return counts;
}

float BestThreshold(const std::vector<Case>& cases, int fold) {
  float best = 0.5f;
  double best_f1 = -1;
  for (int t = 40; t <= 99; ++t) {
    const double f1 = Count(cases, t / 100.0f, fold).F1();
    if (f1 > best_f1) {
      best_f1 = f1;
      best = t / 100.0f;
    }
  }
  return best;
}

bool SetParam(MatchParams* p, const std::string& assignment) {
  const size_t eq = assignment.find('=');
  if (eq == std::string::npos) return false;
  const std::string name = assignment.substr(0, eq);
  const float value = std::strtof(assignment.c_str() + eq + 1, nullptr);
  std::map<std::string, float*> fields = {{"fold_factor", &p->fold_factor},
                                          {"initial_similarity", &p->initial_similarity},
                                          {"number_mismatch", &p->number_mismatch},
                                          {"acronym_similarity", &p->acronym_similarity},
                                          {"min_pair", &p->min_pair},
                                          {"quality_scale", &p->quality_scale},
                                          {"quality_power", &p->quality_power},
                                          {"conflict_quality", &p->conflict_quality},
                                          {"lambda_query", &p->lambda_query},
                                          {"lambda_candidate", &p->lambda_candidate},
                                          {"lambda_org", &p->lambda_org},
                                          {"order_factor", &p->order_factor},
                                          {"lambda_single", &p->lambda_single},
                                          {"patronymic_swap", &p->patronymic_swap},
                                          {"legal_mismatch", &p->legal_mismatch},
                                          {"only_initials", &p->only_initials},
                                          {"type_mismatch", &p->type_mismatch},
                                          {"plural_similarity", &p->plural_similarity},
                                          {"skeleton_factor", &p->skeleton_factor}};
  auto it = fields.find(name);
  if (it == fields.end()) return false;
  *it->second = value;
  return true;
}

std::string DefaultCasesPath() {
  return std::string(STARGATE_SOURCE_DIR) + "/tests/data/screening-eval/pairs.csv";
}

// "Person", "Company", "Vessel", or "Vessel|Company" (the two names' types).
NameKind KindOf(const std::string& schema) {
  return schema.substr(0, schema.find('|')) == "Person" ? NameKind::kPerson
                                                        : NameKind::kOrganization;
}

float ScoreCase(const Case& c, const MatchParams& params,
                const stargate::screen::TokenFrequency& frequency) {
  float score =
      stargate::screen::ScoreNames(c.name1, c.name2, KindOf(c.schema), params, nullptr, frequency);
  const size_t bar = c.schema.find('|');
  if (bar != std::string::npos && c.schema.substr(0, bar) != c.schema.substr(bar + 1)) {
    score *= params.type_mismatch;  // the pair says both types, and they differ
  }
  return score;
}

void PrintTable(const char* title, const std::map<std::string, Counts>& table) {
  std::printf("\n%-26s %5s %5s %5s %5s %7s %7s %7s\n", title, "TP", "FP", "TN", "FN", "prec",
              "recall", "F1");
  for (const auto& [key, g] : table) {
    std::printf("%-26s %5d %5d %5d %5d %7.3f %7.3f %7.3f\n", key.c_str(), g.tp, g.fp, g.tn, g.fn,
                g.Precision(), g.Recall(), g.F1());
  }
}

// Entries per token in the shipped lists, loaded (from the index cache) on
// first use; an empty function when they cannot be read.
stargate::screen::TokenFrequency ShippedListFrequency() {
  static const auto* list = [] {
    const std::filesystem::path dir = std::filesystem::path(STARGATE_SOURCE_DIR) / "data/screening";
    auto loaded = stargate::screen::LoadScreeningList(
        {dir / "ofac-sdn", dir / "ofac-consolidated", dir / "us-csl"});
    if (!loaded.ok()) {
      std::cerr << "note: no rarity weights: " << loaded.status().message() << "\n";
      return static_cast<stargate::screen::ScreeningList*>(nullptr);
    }
    return new stargate::screen::ScreeningList(std::move(*loaded));
  }();
  if (!list) return {};
  return [](std::string_view token) { return list->EntriesWithToken(token); };
}

}  // namespace

void ExplainPair(const std::string& a, const std::string& b, NameKind kind,
                 const MatchParams& params, const stargate::screen::TokenFrequency& frequency) {
  NameScore score;
  stargate::screen::ScoreNames(a, b, kind, params, &score, frequency);
  const auto qa = stargate::screen::NormalizeName(a, kind);
  const auto qb = stargate::screen::NormalizeName(b, kind);
  auto tokens = [](const stargate::screen::NormalizedName& n, int begin, int end) {
    std::string s;
    for (int i = begin; i < end; ++i) s += (i > begin ? " " : "") + n.tokens[i].text;
    return s;
  };
  std::printf(
      "score %.3f = coverage %.3f x quality %.3f x order %.2f x legal %.2f x script %.2f x "
      "initials %.2f\n",
      score.score, score.coverage, score.quality, score.order_factor, score.legal_factor,
      score.script_factor, score.initials_factor);
  for (const auto& part : score.parts) {
    std::printf("  %-10s %-24s %-24s sim %.3f quality %.3f weight %.3f\n",
                stargate::screen::PartKindName(part.kind),
                tokens(qa, part.query_begin, part.query_end).c_str(),
                tokens(qb, part.candidate_begin, part.candidate_end).c_str(), part.similarity,
                part.quality, part.weight);
  }
}

int main(int argc, char** argv) {
  std::string path = DefaultCasesPath();
  float threshold = stargate::screen::kDefaultThreshold;
  bool show_errors = false;
  std::string split = "test";
  MatchParams params;
  bool rarity = true;
  std::vector<std::string> pair;  // --pair NAME1 NAME2 KIND
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--threshold" && i + 1 < argc) {
      threshold = std::strtof(argv[++i], nullptr);
    } else if (arg == "--split" && i + 1 < argc) {
      split = argv[++i];
      if (split != "tune" && split != "test" && split != "all") {
        std::cerr << "error: --split " << split << ": expected tune, test or all\n";
        return 2;
      }
    } else if (arg == "--errors") {
      show_errors = true;
    } else if (arg == "--no-rarity") {
      rarity = false;
    } else if (arg == "--param" && i + 1 < argc) {
      if (!SetParam(&params, argv[++i])) {
        std::cerr << "error: unknown parameter '" << argv[i] << "'; expected NAME=VALUE\n";
        return 2;
      }
    } else if (arg == "--pair" && i + 3 < argc) {
      pair = {argv[i + 1], argv[i + 2], argv[i + 3]};
      i += 3;
    } else if (!arg.empty() && arg[0] != '-') {
      path = arg;
    } else {
      std::cerr << "usage: screen_eval [PAIRS_CSV] [--split tune|test|all] [--threshold X] "
                   "[--errors] [--param N=V] [--no-rarity]\n";
      return 2;
    }
  }
  const stargate::screen::TokenFrequency frequency =
      rarity ? ShippedListFrequency() : stargate::screen::TokenFrequency{};
  if (!pair.empty()) {
    ExplainPair(pair[0], pair[1], pair[2] == "person" ? NameKind::kPerson : NameKind::kOrganization,
                params, frequency);
    return 0;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::cerr << "error: cannot read " << path << "; expected a labelled pairs CSV\n";
    return 2;
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  const std::string data = buffer.str();
  CsvReader reader(data, path);
  std::vector<CsvField> record;
  std::vector<Case> cases;
  std::map<std::string, size_t> column;
  auto field = [&](const std::string& name) -> std::string {
    auto it = column.find(name);
    return it != column.end() && it->second < record.size() ? record[it->second].text : "";
  };
  while (reader.Next(&record)) {
    if (column.empty()) {  // the header names the columns
      for (size_t k = 0; k < record.size(); ++k) column[record[k].text] = k;
      for (const char* required : {"schema", "name1", "name2", "is_match"}) {
        if (!column.contains(required)) {
          std::cerr << "error: " << path << ":1:1: no column '" << required
                    << "'; expected a header with schema, name1, name2 and is_match\n";
          return 2;
        }
      }
      continue;
    }
    if (record.size() != column.size()) {
      std::cerr << "error: " << path << ":" << reader.record_line() << ":1: " << record.size()
                << " fields; expected " << column.size() << " as in the header\n";
      return 2;
    }
    Case c;
    c.split = column.contains("split") ? field("split") : "test";
    if (split != "all" && c.split != split) continue;
    c.group = column.contains("case_group") ? field("case_group") : field("category");
    c.schema = field("schema");
    c.name1 = field("name1");
    c.name2 = field("name2");
    c.match = field("is_match") == "true";
    c.category = c.group.substr(0, c.group.find(':'));
    c.script = column.contains("script") ? field("script") : "";
    cases.push_back(std::move(c));
  }
  if (!reader.status().ok()) {
    std::cerr << "error: " << reader.status().message() << "\n";
    return 2;
  }
  for (auto& c : cases) {
    c.score = ScoreCase(c, params, frequency);
  }

  const Counts at = Count(cases, threshold);
  std::printf("%zu labelled pairs (%d match, %d non-match), split %s, from %s\n", cases.size(),
              at.tp + at.fn, at.fp + at.tn, split.c_str(), path.c_str());
  std::printf("threshold %.2f: precision %.3f  recall %.3f  F1 %.3f  (TP %d FP %d TN %d FN %d)\n",
              threshold, at.Precision(), at.Recall(), at.F1(), at.tp, at.fp, at.tn, at.fn);
  const float best = BestThreshold(cases, -1);
  const Counts b = Count(cases, best);
  std::printf("best threshold %.2f: precision %.3f  recall %.3f  F1 %.3f\n", best, b.Precision(),
              b.Recall(), b.F1());
  // Threshold picked on one half of the pairs, measured on the other.
  for (int fold = 0; fold < 2; ++fold) {
    const float t = BestThreshold(cases, fold);
    const Counts held = Count(cases, t, 1 - fold);
    std::printf("2-fold: threshold %.2f chosen on half %d gives F1 %.3f on half %d\n", t, fold,
                held.F1(), 1 - fold);
  }
  std::map<std::string, Counts> groups, categories, scripts;
  for (const auto& c : cases) {
    const bool predicted = c.score >= threshold;
    groups[c.group].Add(predicted, c.match);
    categories[c.category].Add(predicted, c.match);
    if (!c.script.empty()) {
      scripts[c.script].Add(predicted, c.match);
      scripts[c.script == "Latin" ? "(Latin only)" : "(across scripts)"].Add(predicted, c.match);
    }
  }
  if (categories.size() < groups.size()) PrintTable("category", categories);
  PrintTable("case group", groups);
  if (!scripts.empty()) PrintTable("script", scripts);
  std::printf("\nthreshold  precision  recall     F1\n");
  for (int t = 50; t <= 95; t += 5) {
    const Counts k = Count(cases, t / 100.0f);
    std::printf("%9.2f  %9.3f  %6.3f  %6.3f\n", t / 100.0f, k.Precision(), k.Recall(), k.F1());
  }
  if (show_errors) {
    std::printf("\nerrors at threshold %.2f:\n", threshold);
    for (const auto& c : cases) {
      const bool predicted = c.score >= threshold;
      if (predicted == c.match) continue;
      std::printf("%s %.3f  %-14s %-7s %s | %s\n", predicted ? "FP" : "FN", c.score,
                  c.group.c_str(), c.schema.c_str(), c.name1.c_str(), c.name2.c_str());
    }
  }
  return 0;
}
