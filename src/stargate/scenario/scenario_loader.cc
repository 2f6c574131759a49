#include <algorithm>
#include <set>

#include "absl/strings/str_cat.h"
#include "stargate/core/file_reader.h"
#include "stargate/core/record_reader.h"
#include "stargate/core/text.h"
#include "stargate/core/yaml_file.h"
#include "stargate/scenario/internal/load_context.h"
#include "stargate/scenario/scenario.h"

namespace stargate {
namespace {

namespace fs = std::filesystem;

// Larger inputs are refused before parsing: no real scenario file is near it.
constexpr std::uintmax_t kMaxFileBytes = 16u << 20;
constexpr int kMaxIncludeDepth = 16;

const std::vector<std::string>& TopLevelKeys() {
  static const std::vector<std::string> k = {"include", "scenario",   "accelerators", "countries",
                                             "sites",   "financiers", "demand",       "supply"};
  return k;
}

class Loader {
 public:
  Loader(LoadContext* ctx, bool follow_includes) : ctx_(ctx), follow_includes_(follow_includes) {}

  void LoadFile(const fs::path& path, const std::string& shown, const TextLocation& included_at,
                int depth) {
    std::error_code ec;
    const fs::path canonical = fs::weakly_canonical(path, ec);
    const std::string identity = ec ? path.string() : canonical.string();
    if (std::find(stack_.begin(), stack_.end(), identity) != stack_.end()) {
      ctx_->diagnostics.Add(included_at,
                            absl::StrCat("include cycle: '", shown, "' includes itself"),
                            "an include graph without cycles");
      return;
    }
    if (!loaded_.insert(identity).second) return;  // included twice: loaded once
    if (depth > kMaxIncludeDepth) {
      ctx_->diagnostics.Add(included_at, "includes nest too deeply",
                            "at most 16 levels of include");
      return;
    }
    std::string text;
    if (!ReadText(path, shown, included_at, &text)) return;
    stack_.push_back(identity);
    LoadText(text, shown, path.parent_path(), depth);
    stack_.pop_back();
  }

  void LoadText(const std::string& text, const std::string& shown, const fs::path& dir, int depth) {
    ctx_->scenario.files.push_back(shown);
    std::optional<YAML::Node> parsed = ParseYaml(text, shown, &ctx_->diagnostics);
    if (!parsed) return;
    const YAML::Node root = *parsed;
    if (!root || root.IsNull()) return;  // an empty file contributes nothing
    if (!root.IsMap()) {
      ctx_->diagnostics.Add(LocationOf(shown, root), "the file is not a map of top-level keys",
                            OneOf(TopLevelKeys()));
      return;
    }
    // Every reader checks a node's shape before it indexes it; should one miss a
    // case, yaml-cpp's exception still becomes a located problem, not a crash.
    try {
      Dispatch(root, shown, dir, depth);
    } catch (const YAML::Exception& e) {
      ctx_->diagnostics.Add(LocationOf(shown, e.mark),
                            absl::StrCat("unexpected structure: ", e.msg),
                            "the layout described in docs/scenario-format.md");
    }
  }

 private:
  bool ReadText(const fs::path& path, const std::string& shown, const TextLocation& at,
                std::string* text) {
    // core's reader says what went wrong; the problem stands where the file was named.
    DiagnosticList read_problems;
    FileReadOptions options;
    options.max_bytes = kMaxFileBytes;
    options.expected = "an existing, readable file under 16 MiB";
    options.name = shown;
    auto read = ReadFileText(path.string(), &read_problems, options);
    if (!read) {
      for (const auto& problem : read_problems.items())
        ctx_->diagnostics.Add(at, problem.what, problem.expected);
      return false;
    }
    *text = std::move(*read);
    return true;
  }

  void Dispatch(const YAML::Node& root, const std::string& file, const fs::path& dir, int depth) {
    // Includes first, so that a file's own records follow what it builds on.
    for (auto it = root.begin(); it != root.end(); ++it) {
      if (it->first.IsScalar() && it->first.Scalar() == "include") {
        Includes(it->second, file, dir, depth);
      }
    }
    std::set<std::string> seen;
    for (auto it = root.begin(); it != root.end(); ++it) {
      const YAML::Node key = it->first;
      const YAML::Node value = it->second;
      if (!key.IsScalar()) {
        ctx_->diagnostics.Add(LocationOf(file, key), "a top-level key is not text",
                              OneOf(TopLevelKeys()));
        continue;
      }
      const std::string& name = key.Scalar();
      if (!seen.insert(name).second) {
        ctx_->diagnostics.Add(LocationOf(file, key),
                              absl::StrCat("top-level key '", name, "' is given twice"),
                              "each top-level key once per file");
        continue;
      }
      if (name == "include") continue;
      if (name == "scenario") {
        ReadScenarioBlock(value, file, ctx_);
        continue;
      }
      const auto& keys = TopLevelKeys();
      if (std::find(keys.begin(), keys.end(), name) == keys.end()) {
        std::string what = absl::StrCat("unknown top-level key '", name, "'");
        if (auto near = ClosestMatch(name, keys))
          absl::StrAppend(&what, " (did you mean '", *near, "'?)");
        ctx_->diagnostics.Add(LocationOf(file, key), what, OneOf(keys));
        continue;
      }
      if (value.IsNull()) continue;
      if (!value.IsSequence()) {
        ctx_->diagnostics.Add(LocationOf(file, value), absl::StrCat(name, " is not a list"),
                              absl::StrCat("a list of ", name, " records"));
        continue;
      }
      if (name == "accelerators") ReadAccelerators(value, file, ctx_);
      if (name == "countries") ReadCountries(value, file, ctx_);
      if (name == "sites") ReadSites(value, file, ctx_);
      if (name == "financiers") ReadFinanciers(value, file, ctx_);
      if (name == "demand") ReadDemand(value, file, ctx_);
      if (name == "supply") ReadSupply(value, file, ctx_);
    }
  }

  void Includes(const YAML::Node& list, const std::string& file, const fs::path& dir, int depth) {
    if (!list.IsSequence()) {
      ctx_->diagnostics.Add(LocationOf(file, list), "include is not a list",
                            "a list of file paths");
      return;
    }
    for (const auto& item : list) {
      if (!item.IsScalar() || item.Scalar().empty()) {
        ctx_->diagnostics.Add(LocationOf(file, item), "an include entry is not a path",
                              "a file path");
        continue;
      }
      if (!follow_includes_) {
        ctx_->diagnostics.Add(LocationOf(file, item), "includes are disabled here", "no include");
        continue;
      }
      const fs::path target = dir / item.Scalar();
      LoadFile(target, target.lexically_normal().string(), LocationOf(file, item), depth + 1);
    }
  }

  LoadContext* ctx_;
  bool follow_includes_;
  std::set<std::string> loaded_;
  std::vector<std::string> stack_;
};

void CheckRegime(const LoadOptions& options, LoadContext* ctx) {
  const std::string& regime = ctx->scenario.regime;
  if (options.known_regimes.empty() || regime == kRegimeByDate) return;
  const auto& known = options.known_regimes;
  if (std::find(known.begin(), known.end(), regime) != known.end()) return;
  std::vector<std::string> choices = known;
  choices.insert(choices.begin(), kRegimeByDate);
  std::string what = absl::StrCat("regime '", regime, "' is not known");
  if (auto near = ClosestMatch(regime, choices))
    absl::StrAppend(&what, " (did you mean '", *near, "'?)");
  ctx->diagnostics.Add(ctx->scenario_block_location, what, OneOf(choices));
}

absl::StatusOr<Scenario> Finish(LoadContext& ctx, const std::string& root_name,
                                const LoadOptions& options, std::vector<Diagnostic>* diagnostics) {
  // Without a scenario block, say so only when nothing else (such as a syntax
  // error that hid the block) explains it.
  if (!ctx.has_scenario_block && ctx.diagnostics.empty()) {
    ctx.diagnostics.Add({root_name, 1, 1}, "no scenario block in the file or its includes",
                        "a top-level 'scenario:' with id, name and horizon");
  } else if (ctx.has_scenario_block) {
    CheckRegime(options, &ctx);
  }
  CheckReferences(&ctx);
  // After every file is read, whatever the order of the scenario block and the
  // accelerators: each chip carries the factor its installed cost is priced at.
  for (auto& a : ctx.scenario.accelerators)
    a.system_cost_factor = ctx.scenario.options.system_cost_factor;
  ctx.diagnostics.Sort();
  if (diagnostics) *diagnostics = ctx.diagnostics.items();
  if (!ctx.diagnostics.empty()) return ctx.diagnostics.ToStatus();
  return std::move(ctx.scenario);
}

}  // namespace

absl::StatusOr<Scenario> LoadScenario(const std::filesystem::path& path, const LoadOptions& options,
                                      std::vector<Diagnostic>* diagnostics) {
  LoadContext ctx;
  Loader loader(&ctx, options.follow_includes);
  const std::string shown = path.string();
  loader.LoadFile(path, shown, {shown, 0, 0}, 0);
  return Finish(ctx, shown, options, diagnostics);
}

absl::StatusOr<Scenario> LoadScenarioFromText(const std::string& text, const std::string& name,
                                              const LoadOptions& options,
                                              std::vector<Diagnostic>* diagnostics) {
  LoadContext ctx;
  Loader loader(&ctx, options.follow_includes);
  loader.LoadText(text, name, std::filesystem::current_path(), 0);
  return Finish(ctx, name, options, diagnostics);
}

}  // namespace stargate
