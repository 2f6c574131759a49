#include "stargate/screen/internal/name_forms.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "stargate/core/diagnostic.h"

namespace stargate::screen {
namespace {

struct FamilyName {
  const char* name;
  LegalFamily family;
};
constexpr FamilyName kFamilies[] = {
    {"generic", LegalFamily::kGeneric},
    {"limited_liability", LegalFamily::kLimitedLiability},
    {"joint_stock", LegalFamily::kJointStock},
    {"stock_corporation", LegalFamily::kStockCorporation},
    {"public_limited", LegalFamily::kPublicLimited},
    {"societe_anonyme", LegalFamily::kSocieteAnonyme},
    {"simplified_stock", LegalFamily::kSimplifiedStock},
    {"private_limited", LegalFamily::kPrivateLimited},
    {"public_company_nv", LegalFamily::kPublicCompanyNv},
    {"nordic_stock", LegalFamily::kNordicStock},
    {"partnership", LegalFamily::kPartnership},
    {"belgian_private", LegalFamily::kBelgianPrivate},
    {"non_profit", LegalFamily::kNonProfit},
    {"national_bank", LegalFamily::kNationalBank},
    {"free_zone", LegalFamily::kFreeZone},
    {"indonesian", LegalFamily::kIndonesian},
};

std::vector<std::string_view> Split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  for (size_t start = 0;;) {
    const size_t end = text.find(separator, start);
    parts.push_back(text.substr(start, end == std::string_view::npos ? end : end - start));
    if (end == std::string_view::npos) return parts;
    start = end + 1;
  }
}

std::vector<std::string> Words(std::string_view phrase) {
  std::vector<std::string> words;
  for (std::string_view w : Split(phrase, ' ')) words.emplace_back(w);
  return words;
}

// A line's fields with the column (1-based) each starts at.
struct Line {
  size_t number = 0;
  std::vector<std::pair<std::string_view, size_t>> fields;
};

std::vector<Line> DataLines(std::string_view text) {
  std::vector<Line> lines;
  size_t number = 0;
  for (std::string_view raw : Split(text, '\n')) {
    ++number;
    if (!raw.empty() && raw.back() == '\r') raw.remove_suffix(1);
    if (raw.empty() || raw[0] == '#') continue;
    Line line{number, {}};
    size_t column = 1;
    for (std::string_view field : Split(raw, '\t')) {
      line.fields.emplace_back(field, column);
      column += field.size() + 1;
    }
    lines.push_back(std::move(line));
  }
  return lines;
}

// Normalized words: lower-case ASCII letters and digits, one space apart.
bool IsNormalizedPhrase(std::string_view s) {
  if (s.empty() || s.front() == ' ' || s.back() == ' ') return false;
  char previous = 0;
  for (char c : s) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == ' ';
    if (!ok || (c == ' ' && previous == ' ')) return false;
    previous = c;
  }
  return true;
}

absl::Status FieldProblem(const std::string& file, const Line& line, size_t field,
                          std::string_view what, std::string_view expected) {
  const size_t column =
      field < line.fields.size()
          ? line.fields[field].second
          : (line.fields.empty() ? 1 : line.fields.back().second + line.fields.back().first.size());
  return InputError({std::string(file), static_cast<int>(line.number), static_cast<int>(column)},
                    std::string(what), std::string(expected));
}

absl::Status CheckFields(const std::string& file, const Line& line, size_t min, size_t max,
                         std::string_view layout) {
  if (line.fields.size() < min || line.fields.size() > max) {
    return FieldProblem(file, line, std::min(line.fields.size(), max),
                        absl::StrCat(line.fields.size(), " tab-separated fields"), layout);
  }
  for (size_t k = 0; k < line.fields.size(); ++k) {
    if (line.fields[k].first.empty()) return FieldProblem(file, line, k, "empty field", layout);
  }
  return absl::OkStatus();
}

absl::Status CheckPhrase(const std::string& file, const Line& line, size_t field) {
  if (!IsNormalizedPhrase(line.fields[field].first)) {
    return FieldProblem(
        file, line, field,
        absl::StrCat("'", std::string(line.fields[field].first), "' is not in normalized form"),
        "lower-case ASCII letters and digits, words one space apart");
  }
  return absl::OkStatus();
}

absl::Status ReadLegalForms(const NameFormsFile& f, NameForms* forms) {
  constexpr std::string_view kLayout = "PHRASE<TAB>FAMILY[<TAB>ambiguous]";
  for (const Line& line : DataLines(f.text)) {
    if (auto s = CheckFields(f.name, line, 2, 3, kLayout); !s.ok()) return s;
    if (auto s = CheckPhrase(f.name, line, 0); !s.ok()) return s;
    LegalPhrase phrase;
    phrase.words = Words(line.fields[0].first);
    const auto* family =
        std::find_if(std::begin(kFamilies), std::end(kFamilies),
                     [&](const FamilyName& n) { return line.fields[1].first == n.name; });
    if (family == std::end(kFamilies)) {
      return FieldProblem(
          f.name, line, 1,
          absl::StrCat("unknown legal-form family '", std::string(line.fields[1].first), "'"),
          "generic, limited_liability, joint_stock, ... (name_forms.cc kFamilies)");
    }
    phrase.family = family->family;
    if (line.fields.size() == 3) {
      if (line.fields[2].first != "ambiguous") {
        return FieldProblem(f.name, line, 2,
                            absl::StrCat("'", std::string(line.fields[2].first), "'"),
                            "'ambiguous' or nothing");
      }
      phrase.ambiguous = true;
    }
    forms->legal_by_first[phrase.words[0]].push_back(std::move(phrase));
  }
  for (auto& [first, phrases] : forms->legal_by_first) {
    std::stable_sort(phrases.begin(), phrases.end(),
                     [](const auto& a, const auto& b) { return a.words.size() > b.words.size(); });
  }
  return absl::OkStatus();
}

absl::Status ReadBusinessWords(const NameFormsFile& f, NameForms* forms) {
  constexpr std::string_view kLayout = "WORD<TAB>WEIGHT (a number in (0, 1])";
  for (const Line& line : DataLines(f.text)) {
    if (auto s = CheckFields(f.name, line, 2, 2, kLayout); !s.ok()) return s;
    if (auto s = CheckPhrase(f.name, line, 0); !s.ok()) return s;
    float weight = 0;
    if (!absl::SimpleAtof(std::string(line.fields[1].first), &weight) ||
        !(weight > 0 && weight <= 1)) {
      return FieldProblem(f.name, line, 1,
                          absl::StrCat("weight '", std::string(line.fields[1].first), "'"),
                          "a number in (0, 1]");
    }
    forms->business_words[std::string(line.fields[0].first)] = weight;
  }
  return absl::OkStatus();
}

absl::Status ReadAbbreviations(const NameFormsFile& f, NameForms* forms) {
  constexpr std::string_view kLayout = "ABBREVIATION<TAB>EXPANSION[<TAB>org]";
  for (const Line& line : DataLines(f.text)) {
    if (auto s = CheckFields(f.name, line, 2, 3, kLayout); !s.ok()) return s;
    for (size_t k = 0; k < 2; ++k) {
      if (auto s = CheckPhrase(f.name, line, k); !s.ok()) return s;
    }
    if (line.fields.size() == 3 && line.fields[2].first != "org") {
      return FieldProblem(f.name, line, 2,
                          absl::StrCat("'", std::string(line.fields[2].first), "'"),
                          "'org' or nothing");
    }
    const std::string key(line.fields[0].first);
    const std::string_view expansion = line.fields[1].first;
    if (key.find(' ') != std::string::npos) {
      return FieldProblem(f.name, line, 0, "an abbreviation of several words", "one word");
    }
    if (line.fields.size() == 3 || expansion.find(' ') != std::string_view::npos) {
      forms->org_expansions[key] = Words(expansion);
    } else {
      forms->spellings[key] = std::string(expansion);
    }
  }
  return absl::OkStatus();
}

absl::Status ReadParticles(const NameFormsFile& f, NameForms* forms) {
  constexpr std::string_view kLayout = "WORD<TAB>particle|stop|title";
  for (const Line& line : DataLines(f.text)) {
    if (auto s = CheckFields(f.name, line, 2, 2, kLayout); !s.ok()) return s;
    if (auto s = CheckPhrase(f.name, line, 0); !s.ok()) return s;
    const std::string_view role = line.fields[1].first;
    SmallWordRole value;
    if (role == "particle") {
      value = SmallWordRole::kParticle;
    } else if (role == "stop") {
      value = SmallWordRole::kStop;
    } else if (role == "title") {
      value = SmallWordRole::kTitle;
    } else {
      return FieldProblem(f.name, line, 1, absl::StrCat("role '", std::string(role), "'"),
                          "particle, stop or title");
    }
    forms->small_words[std::string(line.fields[0].first)] = value;
  }
  return absl::OkStatus();
}

absl::Status ReadVesselPrefixes(const NameFormsFile& f, NameForms* forms) {
  for (const Line& line : DataLines(f.text)) {
    if (auto s = CheckFields(f.name, line, 1, 1, "PREFIX"); !s.ok()) return s;
    if (auto s = CheckPhrase(f.name, line, 0); !s.ok()) return s;
    forms->vessel_prefixes.insert(std::string(line.fields[0].first));
  }
  return absl::OkStatus();
}

absl::Status ReadScriptWords(const NameFormsFile& f, NameForms* forms) {
  constexpr std::string_view kLayout = "NATIVE TEXT<TAB>LATIN FORM";
  for (const Line& line : DataLines(f.text)) {
    if (auto s = CheckFields(f.name, line, 2, 2, kLayout); !s.ok()) return s;
    forms->script_words.emplace_back(line.fields[0].first, line.fields[1].first);
  }
  std::stable_sort(forms->script_words.begin(), forms->script_words.end(),
                   [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<NameForms> ParseNameForms(const std::vector<NameFormsFile>& files) {
  NameForms forms;
  for (const NameFormsFile& f : files) {
    absl::Status status;
    if (f.name.ends_with("legal-forms.tsv")) {
      status = ReadLegalForms(f, &forms);
    } else if (f.name.ends_with("business-words.tsv")) {
      status = ReadBusinessWords(f, &forms);
    } else if (f.name.ends_with("abbreviations.tsv")) {
      status = ReadAbbreviations(f, &forms);
    } else if (f.name.ends_with("particles.tsv")) {
      status = ReadParticles(f, &forms);
    } else if (f.name.ends_with("vessel-prefixes.tsv")) {
      status = ReadVesselPrefixes(f, &forms);
    } else if (f.name.ends_with("script-words.tsv")) {
      status = ReadScriptWords(f, &forms);
    } else {
      status = InputError({f.name, 1, 1}, "unknown name-forms file",
                          "legal-forms.tsv, business-words.tsv, abbreviations.tsv, particles.tsv, "
                          "vessel-prefixes.tsv or script-words.tsv");
    }
    if (!status.ok()) return status;
  }
  return forms;
}

const NameForms& BuiltInNameForms() {
  static const NameForms* forms = [] {
    auto parsed = ParseNameForms(BuiltInNameFormsFiles());
    if (!parsed.ok()) {
      std::fprintf(stderr, "error: %s\n", std::string(parsed.status().message()).c_str());
      std::abort();
    }
    return new NameForms(std::move(*parsed));
  }();
  return *forms;
}

}  // namespace stargate::screen
