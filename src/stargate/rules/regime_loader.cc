#include "stargate/rules/regime_loader.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "stargate/core/file_reader.h"
#include "stargate/core/text.h"
#include "stargate/core/yaml_file.h"
#include "stargate/rules/internal/regime_yaml.h"

namespace stargate::rules {
namespace {

namespace fs = std::filesystem;

constexpr std::uintmax_t kMaxFileBytes = 1u << 20;

// Sections in the order they are read: each may refer to what came before
// (rows to groups and exceptions, upgrades to caps), whatever the file order.
const std::vector<std::string>& Sections() {
  static const std::vector<std::string> k = {"regime",
                                             "classification",
                                             "groups",
                                             "license_exceptions",
                                             "validated_end_users",
                                             "caps",
                                             "bilateral_agreements",
                                             "tier_upgrades",
                                             "license_requirements",
                                             "timeline",
                                             "affiliates_rule",
                                             "duties"};
  return k;
}

void ReadRegimeText(const std::string& text, const std::string& name, DiagnosticList* d,
                    Regime* regime) {
  regime->file = name;
  std::optional<YAML::Node> parsed = ParseYaml(text, name, d);
  if (!parsed) return;
  const YAML::Node root = *parsed;
  if (!root.IsMap()) {
    d->Add({name, 1, 1}, "the regime file is not a map of sections", OneOf(Sections()));
    return;
  }
  for (auto it = root.begin(); it != root.end(); ++it) {
    const std::string key = it->first.IsScalar() ? it->first.Scalar() : "";
    const auto& known = Sections();
    if (std::find(known.begin(), known.end(), key) != known.end()) continue;
    std::string what = absl::StrCat("unknown section '", key, "'");
    if (auto near = ClosestMatch(key, known))
      absl::StrAppend(&what, " (did you mean '", *near, "'?)");
    d->Add(LocationOf(name, it->first), what, OneOf(known));
  }
  auto section = [&](const char* key, bool required, bool list) -> YAML::Node {
    const YAML::Node& r = root;
    YAML::Node node = r[key];
    if (!node || node.IsNull()) {
      if (required) {
        d->Add({name, 1, 1}, absl::StrCat("the regime file has no '", key, "' section"),
               absl::StrCat("a top-level '", key, ":'"));
      }
      return YAML::Node(YAML::NodeType::Undefined);
    }
    if (list && !node.IsSequence()) {
      d->Add(LocationOf(name, node), absl::StrCat(key, " is not a list"),
             absl::StrCat("a list of ", key, " entries"));
      return YAML::Node(YAML::NodeType::Undefined);
    }
    return node;
  };
  using internal::ReadAgreements, internal::ReadCaps, internal::ReadClassification,
      internal::ReadGroups, internal::ReadLicenseExceptions, internal::ReadLicenseRows,
      internal::ReadRegimeBlock, internal::ReadUpgrades, internal::ReadValidatedEndUsers;
  if (auto n = section("regime", true, false)) ReadRegimeBlock(n, name, d, regime);
  if (auto n = section("classification", true, false)) ReadClassification(n, name, d, regime);
  if (auto n = section("groups", true, true)) ReadGroups(n, name, d, regime);
  if (auto n = section("license_exceptions", false, false))
    ReadLicenseExceptions(n, name, d, regime);
  if (auto n = section("validated_end_users", false, false))
    ReadValidatedEndUsers(n, name, d, regime);
  if (auto n = section("caps", false, true)) ReadCaps(n, name, d, regime);
  if (auto n = section("bilateral_agreements", false, true)) ReadAgreements(n, name, d, regime);
  if (auto n = section("tier_upgrades", false, true)) ReadUpgrades(n, name, d, regime);
  if (auto n = section("license_requirements", true, true)) ReadLicenseRows(n, name, d, regime);
  if (auto n = section("timeline", false, true)) internal::ReadTimeline(n, name, d, regime);
  if (auto n = section("affiliates_rule", false, false))
    internal::ReadAffiliatesRule(n, name, d, regime);
  if (auto n = section("duties", false, true)) internal::ReadDuties(n, name, d, regime);
}

bool ReadFile(const fs::path& path, const std::string& shown, DiagnosticList* d,
              std::string* text) {
  FileReadOptions options;
  options.max_bytes = kMaxFileBytes;
  options.expected = "an existing, readable file under 1 MiB";
  options.name = shown;
  auto read = ReadFileText(path.string(), d, options);
  if (!read) return false;
  *text = std::move(*read);
  return true;
}

void CheckCatalog(const std::vector<Regime>& regimes, DiagnosticList* d) {
  for (size_t i = 0; i < regimes.size(); ++i) {
    for (size_t j = 0; j < i; ++j) {
      const Regime& a = regimes[j];
      const Regime& b = regimes[i];
      if (a.id == b.id) {
        d->Add({b.file, 1, 1}, absl::StrCat("regime id '", b.id, "' is also defined in ", a.file),
               "one file per regime id");
        continue;
      }
      if (!a.by_date || !b.by_date || !a.effective_from || !b.effective_from) continue;
      const Date a_end = a.effective_to.value_or(*Date::FromYmd(2200, 12, 31));
      const Date b_end = b.effective_to.value_or(*Date::FromYmd(2200, 12, 31));
      if (*a.effective_from <= b_end && *b.effective_from <= a_end) {
        d->Add({b.file, 1, 1},
               absl::StrCat("regime '", b.id, "' (", b.EffectiveRange(), ") overlaps regime '",
                            a.id, "' (", a.EffectiveRange(), ") in ", a.file),
               "by-date regimes whose effective dates do not overlap");
      }
    }
  }
}

absl::Status Finish(DiagnosticList& d, std::vector<Diagnostic>* diagnostics) {
  d.Sort();
  if (diagnostics) *diagnostics = d.items();
  return d.ToStatus();
}

}  // namespace

absl::StatusOr<Regime> LoadRegimeFromText(const std::string& text, const std::string& name,
                                          std::vector<Diagnostic>* diagnostics) {
  DiagnosticList d;
  Regime regime;
  ReadRegimeText(text, name, &d, &regime);
  if (auto status = Finish(d, diagnostics); !status.ok()) return status;
  return regime;
}

absl::StatusOr<RegimeCatalog> MakeRegimeCatalog(std::vector<Regime> regimes,
                                                std::vector<Diagnostic>* diagnostics) {
  DiagnosticList d;
  CheckCatalog(regimes, &d);
  if (auto status = Finish(d, diagnostics); !status.ok()) return status;
  return RegimeCatalog(std::move(regimes));
}

absl::StatusOr<RegimeCatalog> LoadRegimeCatalog(const std::filesystem::path& dir,
                                                std::vector<Diagnostic>* diagnostics) {
  DiagnosticList d;
  std::error_code ec;
  std::vector<fs::path> files;
  if (fs::is_directory(dir, ec)) {
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
      const auto ext = entry.path().extension();
      if (entry.is_regular_file() && (ext == ".yaml" || ext == ".yml"))
        files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  if (files.empty()) {
    d.Add({dir.string(), 0, 0}, absl::StrCat("no regime files in '", dir.string(), "'"),
          "a directory with one .yaml file per regime (data/regimes)");
    if (auto status = Finish(d, diagnostics); !status.ok()) return status;
  }
  std::vector<Regime> regimes;
  for (const auto& path : files) {
    std::string text;
    const std::string shown = path.string();
    if (!ReadFile(path, shown, &d, &text)) continue;
    Regime regime;
    const size_t before = d.size();
    ReadRegimeText(text, shown, &d, &regime);
    if (d.size() == before) regimes.push_back(std::move(regime));
  }
  if (d.empty()) CheckCatalog(regimes, &d);
  if (auto status = Finish(d, diagnostics); !status.ok()) return status;
  return RegimeCatalog(std::move(regimes));
}

}  // namespace stargate::rules
