// screen_eval: precision, recall and F1 of the name matcher on labelled name
// pairs (the public nomenklatura name_bench set, cases.csv), printed at the
// default threshold, at the best threshold, by case group, and with a 2-fold
// cross-check of the threshold choice.
//
//   screen_eval [CASES_CSV] [--threshold X] [--errors] [--param NAME=VALUE ...]
//   screen_eval --pair NAME1 NAME2 person|org     explain one comparison
//
// CASES_CSV defaults to $STARGATE_SCREENING_DATA/cases.csv, else
// ../shared/data/screening/cases.csv beside the source tree.
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
#include "stargate/screen/name_match.h"
#include "stargate/screen/screen.h"

namespace {

using stargate::CsvField;
using stargate::CsvReader;
using stargate::screen::MatchParams;
using stargate::screen::NameKind;
using stargate::screen::NameScore;

struct Case {
  std::string group, schema, name1, name2, category;
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
                                          {"only_initials", &p->only_initials}};
  auto it = fields.find(name);
  if (it == fields.end()) return false;
  *it->second = value;
  return true;
}

std::string DefaultCasesPath() {
  if (const char* dir = std::getenv("STARGATE_SCREENING_DATA"); dir && *dir) {
    return std::string(dir) + "/cases.csv";
  }
  return std::string(STARGATE_SOURCE_DIR) + "/../shared/data/screening/cases.csv";
}

}  // namespace

void ExplainPair(const std::string& a, const std::string& b, NameKind kind,
                 const MatchParams& params) {
  NameScore score;
  stargate::screen::ScoreNames(a, b, kind, params, &score);
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
  MatchParams params;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--threshold" && i + 1 < argc) {
      threshold = std::strtof(argv[++i], nullptr);
    } else if (arg == "--errors") {
      show_errors = true;
    } else if (arg == "--param" && i + 1 < argc) {
      if (!SetParam(&params, argv[++i])) {
        std::cerr << "error: unknown parameter '" << argv[i] << "'; expected NAME=VALUE\n";
        return 2;
      }
    } else if (arg == "--pair" && i + 3 < argc) {
      const std::string kind = argv[i + 3];
      ExplainPair(argv[i + 1], argv[i + 2],
                  kind == "person" ? NameKind::kPerson : NameKind::kOrganization, params);
      return 0;
    } else if (!arg.empty() && arg[0] != '-') {
      path = arg;
    } else {
      std::cerr << "usage: screen_eval [CASES_CSV] [--threshold X] [--errors] [--param N=V]\n";
      return 2;
    }
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::cerr << "error: cannot read " << path << "; expected the name_bench cases.csv\n";
    return 2;
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  const std::string data = buffer.str();
  CsvReader reader(data, path);
  std::vector<CsvField> record;
  std::vector<Case> cases;
  bool header = true;
  while (reader.Next(&record)) {
    if (header) {
      header = false;
      continue;
    }
    if (record.size() < 5) {
      std::cerr << "error: " << path << ":" << reader.record_line() << ": " << record.size()
                << " fields; expected at least 5\n";
      return 2;
    }
    Case c;
    c.group = record[0].text;
    c.schema = record[1].text;
    c.name1 = record[2].text;
    c.name2 = record[3].text;
    c.match = record[4].text == "true";
    c.category = record.size() > 6 ? record[6].text : "";
    cases.push_back(std::move(c));
  }
  if (!reader.status().ok()) {
    std::cerr << "error: " << reader.status().message() << "\n";
    return 2;
  }
  for (auto& c : cases) {
    const NameKind kind = c.schema == "Person" ? NameKind::kPerson : NameKind::kOrganization;
    c.score = stargate::screen::ScoreNames(c.name1, c.name2, kind, params);
  }

  const Counts at = Count(cases, threshold);
  std::printf("name_bench: %zu labelled pairs (%d match, %d non-match) from %s\n", cases.size(),
              at.tp + at.fn, at.fp + at.tn, path.c_str());
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
  std::map<std::string, Counts> groups;
  for (const auto& c : cases) groups[c.group].Add(c.score >= threshold, c.match);
  std::printf("\n%-18s %5s %5s %5s %5s %7s %7s %7s\n", "case group", "TP", "FP", "TN", "FN", "prec",
              "recall", "F1");
  for (const auto& [group, g] : groups) {
    std::printf("%-18s %5d %5d %5d %5d %7.3f %7.3f %7.3f\n", group.c_str(), g.tp, g.fp, g.tn, g.fn,
                g.Precision(), g.Recall(), g.F1());
  }
  if (show_errors) {
    std::printf("\nerrors at threshold %.2f:\n", threshold);
    for (const auto& c : cases) {
      const bool predicted = c.score >= threshold;
      if (predicted == c.match) continue;
      std::printf("%s %.3f  %-7s %s | %s\n", predicted ? "FP" : "FN", c.score, c.schema.c_str(),
                  c.name1.c_str(), c.name2.c_str());
    }
  }
  return 0;
}
