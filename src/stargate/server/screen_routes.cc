// POST /api/screen: names against the restricted-party lists the server
// was started with, every hit explained (like `stargate screen --json`).
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "stargate/model/model.h"
#include "stargate/screen/hit_json.h"
#include "stargate/screen/screen.h"
#include "stargate/server/service.h"

namespace stargate::server {
namespace {

using nlohmann::json;

constexpr size_t kMaxNames = 1000;

json ListJson(const screen::ScreeningList::Info& info) {
  json files = json::array();
  for (const auto& f : info.files) {
    files.push_back(
        {{"name", f.name}, {"format", screen::FileFormatName(f.format)}, {"records", f.records}});
  }
  return {{"files", files},
          {"entries", info.entries},
          {"names", info.names},
          {"content_key", info.content_key},
          {"from_cache", info.from_cache},
          {"cache_path", info.cache_path},
          {"load_ms", info.load_milliseconds},
          {"notes", info.notes}};
}

Expected<Reply> Screen(const Service& s, Call& call) {
  const screen::ScreeningList* list = s.screening();
  if (!list) {
    return ApiError{ErrorCode::kConflict, "this server has no screening list configured",
                    "a server started with --screen-list FILE|DIR (or STARGATE_SCREEN_LIST)",
                    nullptr};
  }
  auto body = call.JsonBody();
  if (!body.ok()) return body.error();
  if (auto bad = OnlyMembers(
          *body, {"names", "threshold", "max_hits", "type", "imo", "birth_year", "country"},
          "the body"))
    return *bad;
  const json& names = (*body)["names"];
  if (!names.is_array() || names.empty() || names.size() > kMaxNames) {
    return BadRequest("'names' must be a non-empty array of names",
                      absl::StrCat("{\"names\": [\"...\"]} with 1 to ", kMaxNames, " strings"));
  }
  screen::ScreenOptions options;
  if (body->contains("threshold")) {
    const json& t = (*body)["threshold"];
    if (!t.is_number() || !(t.get<double>() > 0 && t.get<double>() <= 1)) {
      return BadRequest(
          absl::StrCat("'threshold' ", t.dump(), " is not a number in (0, 1]"),
          absl::StrFormat("a score such as %.2f (the default)", screen::kDefaultThreshold));
    }
    options.threshold = t.get<float>();
  }
  if (body->contains("max_hits")) {
    const json& m = (*body)["max_hits"];
    if (!m.is_number_integer() || m.get<long long>() < 0 || m.get<long long>() > 1000) {
      return BadRequest(absl::StrCat("'max_hits' ", m.dump(), " is not valid"),
                        "an integer from 0 (all) to 1000");
    }
    options.max_hits = m.get<size_t>();
  }
  // The party's type, IMO number and year of birth, read as `stargate screen
  // --type/--imo/--born` reads them (screen/query_facts.h).
  // A member of the wrong JSON type reaches the parser as its JSON text, which it refuses.
  auto text_member = [&](const char* name, bool integer) -> std::optional<std::string> {
    if (!body->contains(name)) return std::nullopt;
    const json& v = (*body)[name];
    if (!integer && v.is_string()) return v.get<std::string>();
    if (integer && v.is_number_integer()) return std::to_string(v.get<long long>());
    return v.dump();
  };
  if (auto text = text_member("type", false)) {
    auto type = screen::ParseQueryType(*text);
    if (!type.ok()) return FromStatus(type.status());
    options.query_type = *type;
  }
  if (auto text = text_member("imo", false)) {
    auto imo = screen::ParseImoNumber(*text);
    if (!imo.ok()) return FromStatus(imo.status());
    options.imo = *imo;
  }
  if (auto text = text_member("birth_year", true)) {
    auto year = screen::ParseBirthYear(*text);
    if (!year.ok()) return FromStatus(year.status());
    options.birth_year = *year;
  }
  // The party's country, resolved as `stargate screen --country` and
  // GET /api/tier/{country} resolve it (name, alias or code).
  if (auto text = text_member("country", false)) {
    const CountryResolution found = CountryResolver(s.scenario().countries).Resolve(*text);
    if (!found.ok()) return BadRequest(found.what, found.expected);
    options.country =
        screen::MakeQueryCountry(found.country->iso2, found.country->name, found.country->aliases);
  }
  json results = json::array();
  size_t names_hit = 0;
  for (size_t i = 0; i < names.size(); ++i) {
    if (!names[i].is_string()) {
      return BadRequest(absl::StrCat("names[", i, "] is a JSON ", names[i].type_name()),
                        "a name as a string");
    }
    const std::string name = names[i].get<std::string>();
    auto hits = screen::Screen(*list, name, options);
    if (!hits.ok()) {
      ApiError error = FromStatus(hits.status());
      error.message = absl::StrCat("names[", i, "]: ", error.message);
      return error;
    }
    json hit_list = json::array();
    for (const auto& hit : *hits) hit_list.push_back(screen::ToJson(hit));
    if (!hits->empty()) ++names_hit;
    results.push_back({{"name", name}, {"hit", !hits->empty()}, {"hits", hit_list}});
  }
  return Reply{json{{"ok", true},
                    {"threshold", options.threshold},
                    {"names_screened", names.size()},
                    {"names_hit", names_hit},
                    {"list", ListJson(list->info())},
                    {"results", results}}};
}

}  // namespace

void AddScreenRoutes(const Service& service, Router* router) {
  const Service* s = &service;
  // Tens to hundreds of microseconds per name, up to kMaxNames names.
  router->Add("POST", "/api/screen", Role::kViewer, [s](Call& call) { return Screen(*s, call); },
              {.offload = Offload::kWorker});
}

}  // namespace stargate::server
