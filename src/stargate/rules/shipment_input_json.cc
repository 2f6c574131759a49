// Shipments in JSON: core's ReadJson gives the tree (and refuses what no
// shipment can be: deep nesting, duplicate keys, numbers past a double);
// here each record's members are checked, every problem at its member.
#include <algorithm>

#include "absl/strings/str_cat.h"
#include "stargate/core/ids.h"
#include "stargate/core/text.h"
#include "stargate/rules/internal/shipment_input_fields.h"
#include "stargate/rules/shipment_input.h"

namespace stargate::rules {
namespace {

using namespace shipment_input;  // NOLINT: the shared field table of this reader

constexpr const char* kAcceleratorExpected =
    "an accelerator id, or {\"tpp\": N, \"die_area_mm2\": A}";

bool Known(const std::vector<std::string>& names, std::string_view name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

// Reports members of `object` not in `names` (at the member's name), the
// first few only: a hostile object can have millions.
void UnknownMembers(const JsonValue& object, const std::string& path, const std::string& where,
                    const std::vector<std::string>& names, const FieldProblem& problem) {
  constexpr int kMaxReported = 20;
  int reported = 0;
  for (size_t m = 0; m < object.size() && reported < kMaxReported; ++m) {
    const std::string key(object.key(m).string());
    if (Known(names, key)) continue;
    ++reported;
    problem(absl::StrCat("@", path, key),
            Suggest(absl::StrCat("unknown field '", Excerpt(key), "'", where), key, names),
            OneOf(names));
  }
}

// The owners array: each {"name": text, "share": number}; then the shares
// of those that read, together.
std::vector<Owner> ReadOwners(const JsonValue& list, const FieldProblem& problem) {
  std::vector<Owner> owners;
  std::vector<size_t> positions;  // each read owner's index in the list
  if (!list.is_array()) {
    problem("owners", absl::StrCat("owners is ", list.Excerpt()), kOwnersExpected);
    return owners;
  }
  for (size_t k = 0; k < list.size(); ++k) {
    const JsonValue item = list.item(k);
    const std::string path = absl::StrCat("owners.", k);
    const std::string label = absl::StrCat("owner #", k + 1);
    if (!item.is_object()) {
      problem(path, absl::StrCat(label, " is ", item.Excerpt()),
              "{\"name\": \"...\", \"share\": 0.3}");
      continue;
    }
    bool complete = true;
    UnknownMembers(item, path + ".", " in " + label, OwnerFields(),
                   [&](const std::string& field, std::string what, std::string expected) {
                     complete = false;
                     problem(field, std::move(what), std::move(expected));
                   });
    Owner owner;
    const auto name = item.Find("name");
    if (!name || name->is_null()) {
      problem(path, absl::StrCat(label, " has no 'name'"), "the owner's name");
      complete = false;
    } else if (!name->is_string() || name->string().empty()) {
      problem(path + ".name", absl::StrCat(label, "'s name is ", name->Excerpt()),
              "the owner's name");
      complete = false;
    } else {
      owner.name = std::string(name->string());
    }
    const auto share = item.Find("share");
    if (!share || share->is_null()) {
      problem(path, absl::StrCat(label, " has no 'share'"), "a share from 0 to 1 (0.25 for 25%)");
      complete = false;
    } else if (!share->is_number()) {
      problem(path + ".share", absl::StrCat(label, "'s share is ", share->Excerpt()),
              "a share from 0 to 1 (0.25 for 25%)");
      complete = false;
    } else {
      owner.share = share->number();
    }
    if (!complete) continue;
    owners.push_back(std::move(owner));
    positions.push_back(k);
  }
  CheckOwners(
      owners,
      [&](size_t k, const std::string& member) {
        return k >= positions.size() ? std::string("owners")
                                     : absl::StrCat("owners.", positions[k], ".", member);
      },
      problem);
  return owners;
}

}  // namespace

bool ShipmentReader::ReadJson(std::vector<Shipment>* out, DiagnosticList* d) {
  auto document = stargate::ReadJson(std::move(text_), name_, d);
  text_.clear();
  if (!document) return false;
  json_ = std::make_unique<JsonDocument>(*std::move(document));
  const JsonValue root = json_->root();
  if (root.is_object()) {
    records_.push_back(root);
  } else if (root.is_array()) {
    records_.reserve(root.size());
    for (size_t i = 0; i < root.size(); ++i) records_.push_back(root.item(i));
  } else {
    d->Add(root.location(), absl::StrCat("the input is ", root.Excerpt()),
           "a JSON object (one shipment) or an array of them");
    return false;
  }
  ids_.assign(records_.size(), "");
  for (size_t i = 0; i < records_.size(); ++i) {
    if (auto id = records_[i].Find("id"); id && id->is_string())
      ids_[i] = std::string(id->string());
  }
  bool ok = true;
  for (size_t i = 0; i < records_.size(); ++i) {
    if (TooManyProblems(i, records_.size(), records_[i].location(), d)) return false;
    Shipment s;
    if (ReadJsonRecord(i, &s, d)) {
      out->push_back(std::move(s));
    } else {
      ok = false;
    }
  }
  return ok;
}

bool ShipmentReader::ReadJsonRecord(size_t i, Shipment* s, DiagnosticList* d) {
  const JsonValue r = records_[i];
  const std::string label = Label(i);
  if (!r.is_object()) {
    d->Add(r.location(), absl::StrCat(label, " is ", r.Excerpt()),
           "an object with id, date, accelerator, quantity, destination, consignee");
    return false;
  }
  const size_t before = d->size();
  const FieldProblem problem = [&](const std::string& field, const std::string& what,
                                   std::string expected) {
    d->Add(Locate(i, field), absl::StrCat(label, ": ", what), std::move(expected));
  };
  const auto missing = [&](const char* field, const char* expected) {
    d->Add(r.location(), absl::StrCat(label, " has no '", field, "'"), expected);
  };
  UnknownMembers(r, "", "", Fields(), problem);

  const auto text = [&](const char* field, bool required, std::string* target,
                        const char* expected) {
    const auto v = r.Find(field);
    if (!v || v->is_null()) {
      if (required) missing(field, expected);
      return false;
    }
    if (!v->is_string() || (required && v->string().empty())) {
      problem(field, absl::StrCat(field, " is ", v->Excerpt()), expected);
      return false;
    }
    *target = std::string(v->string());
    return true;
  };
  text("id", true, &s->id, "a non-empty text id");
  std::string date;
  if (text("date", true, &date, kDateExpected)) {
    if (auto parsed = Date::Parse(date); parsed.ok()) {
      s->date = *parsed;
    } else {
      problem("date", absl::StrCat("date '", Excerpt(date), "' is not a calendar date"),
              kDateExpected);
    }
  }

  const auto accelerator = r.Find("accelerator");
  if (!accelerator || accelerator->is_null()) {
    missing("accelerator", kAcceleratorExpected);
  } else if (accelerator->is_string() && !accelerator->string().empty()) {
    s->accelerator = std::string(accelerator->string());
  } else if (accelerator->is_object()) {
    UnknownMembers(*accelerator, "accelerator.", " in accelerator", ChipFields(), problem);
    HypotheticalChip chip;
    const auto number = [&](const char* key, bool required, bool positive, double max,
                            double* target) {
      const auto v = accelerator->Find(key);
      const std::string field = absl::StrCat("accelerator.", key);
      if (!v || v->is_null()) {
        if (required)
          problem("accelerator", absl::StrCat("accelerator has no '", key, "'"),
                  kAcceleratorExpected);
        return false;
      }
      if (!v->is_number()) {
        problem(field, absl::StrCat("accelerator ", key, " is ", v->Excerpt()),
                positive ? "a number > 0" : "a number >= 0");
        return false;
      }
      if (!CheckChipNumber(field, key, v->number(), positive, max, problem)) return false;
      *target = v->number();
      return true;
    };
    number("tpp", true, true, kMaxTpp, &chip.tpp);
    number("die_area_mm2", true, false, kMaxDieAreaMm2, &chip.die_area_mm2);
    double bandwidth = 0;
    if (number("memory_bandwidth_gbps", false, true, kMaxBandwidthGbps, &bandwidth)) {
      chip.memory_bandwidth_gbps = bandwidth;
    }
    s->hypothetical = chip;
  } else {
    problem("accelerator", absl::StrCat("accelerator is ", accelerator->Excerpt()),
            kAcceleratorExpected);
  }

  const auto quantity = r.Find("quantity");
  if (!quantity || quantity->is_null()) {
    missing("quantity", kQuantityExpected);
  } else if (quantity->is_number() && quantity->number() > kMaxQuantity) {
    problem("quantity",
            absl::StrCat("quantity ", quantity->Excerpt(), " is more than ", kMaxQuantity),
            absl::StrCat("at most ", kMaxQuantity, " units in one shipment (split larger ones)"));
  } else if (const auto n = quantity->integer(); n && *n > 0) {
    s->quantity = *n;
  } else {
    problem("quantity",
            absl::StrCat("quantity ", quantity->Excerpt(), " is not a positive integer"),
            kQuantityExpected);
  }

  if (text("destination", true, &s->destination, kCountryExpected) &&
      !IsCountryText(s->destination)) {
    problem(
        "destination",
        absl::StrCat("destination '", Excerpt(s->destination), "' is not a country name or code"),
        kCountryExpected);
  }
  text("consignee", true, &s->consignee, "the consignee's name");
  if (text("consignee_hq", false, &s->consignee_hq, kCountryExpected) && !s->consignee_hq.empty() &&
      !IsCountryText(s->consignee_hq)) {
    problem(
        "consignee_hq",
        absl::StrCat("consignee_hq '", Excerpt(s->consignee_hq), "' is not a country name or code"),
        kCountryExpected);
  }
  text("end_use", false, &s->end_use, "text");
  std::string veu;
  if (text("veu", false, &veu, kVeuExpected)) {
    if (auto v = ParseVeu(veu)) {
      s->veu = *v;
    } else {
      problem("veu", absl::StrCat("veu '", Excerpt(veu), "' is not known"), kVeuExpected);
    }
  }
  text("end_user", false, &s->end_user, "the end user's name");
  if (const auto owners = r.Find("owners"); owners && !owners->is_null()) {
    s->owners = ReadOwners(*owners, problem);
  }
  return d->size() == before;
}

TextLocation ShipmentReader::LocateJson(size_t index, const std::string& field) const {
  if (index >= records_.size()) return {name_, 0, 0};
  // "@a.b" asks for the name of member b of a, "a.b" for its value; a path
  // that does not exist stops at the nearest value that does.
  const bool want_key = !field.empty() && field[0] == '@';
  std::string_view rest = want_key ? std::string_view(field).substr(1) : std::string_view(field);
  JsonValue at = records_[index];
  while (!rest.empty()) {
    if (at.is_object()) {
      // The whole rest first: a member name may itself hold a '.'.
      std::optional<size_t> member;
      size_t used = 0;
      for (std::string_view name : {rest, rest.substr(0, rest.find('.'))}) {
        for (size_t m = 0; m < at.size() && !member; ++m) {
          if (at.key(m).string() == name) member = m, used = name.size();
        }
        if (member) break;
      }
      if (!member) return at.location();
      rest = used == rest.size() ? std::string_view() : rest.substr(used + 1);
      if (rest.empty() && want_key) return at.key(*member).location();
      at = at.value(*member);
      continue;
    }
    if (at.is_array()) {
      const std::string_view token = rest.substr(0, rest.find('.'));
      size_t k = 0;
      if (token.empty() || token.size() > 9 ||
          token.find_first_not_of("0123456789") != std::string_view::npos) {
        return at.location();
      }
      for (char c : token) k = k * 10 + static_cast<size_t>(c - '0');
      if (k >= at.size()) return at.location();
      rest = token.size() == rest.size() ? std::string_view() : rest.substr(token.size() + 1);
      at = at.item(k);
      continue;
    }
    return at.location();
  }
  return at.location();
}

}  // namespace stargate::rules
