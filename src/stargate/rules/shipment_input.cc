#include "stargate/rules/shipment_input.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <unordered_map>

#include "absl/strings/str_cat.h"
#include "stargate/core/ids.h"
#include "stargate/core/text.h"

namespace stargate::rules {
namespace {

using nlohmann::json;

constexpr const char* kCountryExpected = "an ISO 3166 alpha-2 code such as DE";
constexpr const char* kQuantityExpected = "a positive integer such as 8";
constexpr const char* kDateExpected = "a date YYYY-MM-DD";
constexpr const char* kVeuExpected = "one of uveu, nveu (or nothing)";
constexpr long long kMaxQuantity = 1000000000000LL;

const std::vector<std::string>& ChipFields() {
  static const std::vector<std::string> k = {"tpp", "die_area_mm2", "memory_bandwidth_gbps"};
  return k;
}

const std::vector<std::string>& CsvColumns() {
  static const std::vector<std::string> k = {
      "id",          "date",      "accelerator",  "quantity",
      "destination", "consignee", "consignee_hq", "end_use",
      "veu",         "tpp",       "die_area_mm2", "memory_bandwidth_gbps"};
  return k;
}

std::string Shown(const json& v) {
  std::string text = v.dump();
  if (text.size() > 40) text = text.substr(0, 37) + "...";
  return text;
}

std::string Suggest(std::string what, const std::string& word, const std::vector<std::string>& c) {
  if (auto near = ClosestMatch(word, c)) absl::StrAppend(&what, " (did you mean '", *near, "'?)");
  return what;
}

std::optional<VeuKind> ParseVeu(const std::string& text) {
  if (text.empty()) return VeuKind::kNone;
  if (text == "uveu") return VeuKind::kUniversal;
  if (text == "nveu") return VeuKind::kNational;
  return std::nullopt;
}

// Strict decimal parsing: the whole text must be the number.
std::optional<double> ParseNumber(const std::string& text) {
  if (text.empty()) return std::nullopt;
  errno = 0;
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  if (errno != 0 || end != text.c_str() + text.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

std::optional<long long> ParseQuantity(const std::string& text) {
  if (text.empty() || text.size() > 13) return std::nullopt;
  long long v = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  if (v <= 0 || v > kMaxQuantity) return std::nullopt;
  return v;
}

TextLocation ByteToLocation(const std::string& name, const std::string& text, size_t byte) {
  int line = 1, column = 1;
  for (size_t i = 0; i < byte && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return {name, line, column};
}

}  // namespace

struct ShipmentReader::JsonPositions {
  bool ok = false;
  YAML::Node root;
};

ShipmentReader::ShipmentReader(std::string text, std::string name)
    : text_(std::move(text)), name_(std::move(name)) {
  // The file name decides when it says; otherwise JSON starts with { or [.
  auto ends_with = [&](const char* ext) {
    const size_t n = std::char_traits<char>::length(ext);
    return name_.size() >= n && name_.compare(name_.size() - n, n, ext) == 0;
  };
  const size_t first = text_.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
  if (ends_with(".json")) {
    format_ = ShipmentFormat::kJson;
  } else if (ends_with(".csv")) {
    format_ = ShipmentFormat::kCsv;
  } else {
    format_ = first != std::string::npos && (text_[first] == '{' || text_[first] == '[')
                  ? ShipmentFormat::kJson
                  : ShipmentFormat::kCsv;
  }
}

ShipmentReader::~ShipmentReader() = default;

const std::vector<std::string>& ShipmentReader::Fields() {
  static const std::vector<std::string> k = {"id",           "date",        "accelerator",
                                             "quantity",     "destination", "consignee",
                                             "consignee_hq", "end_use",     "veu"};
  return k;
}

std::string ShipmentReader::Label(size_t index) const {
  if (index < ids_.size() && !ids_[index].empty())
    return absl::StrCat("shipment '", ids_[index], "'");
  return absl::StrCat("shipment #", index + 1);
}

bool ShipmentReader::Read(std::vector<Shipment>* out, DiagnosticList* d) {
  const size_t before = d->size();
  std::vector<Shipment> shipments;
  const bool ok =
      format_ == ShipmentFormat::kJson ? ReadJson(&shipments, d) : ReadCsv(&shipments, d);
  // Ids are how decisions are matched to shipments: each once.
  std::unordered_map<std::string, size_t> seen;
  for (size_t i = 0; i < shipments.size(); ++i) {
    const std::string& id = shipments[i].id;
    if (id.empty()) continue;
    auto [it, inserted] = seen.emplace(id, i);
    if (!inserted) {
      d->Add(Locate(i, "id"),
             absl::StrCat("id '", id, "' is given twice (first by shipment #", it->second + 1, ")"),
             "a unique id per shipment");
    }
  }
  if (!ok || d->size() != before) return false;
  *out = std::move(shipments);
  return true;
}

bool ShipmentReader::ReadJson(std::vector<Shipment>* out, DiagnosticList* d) {
  json root;
  try {
    root = json::parse(text_);
  } catch (const json::parse_error& e) {
    std::string message = e.what();
    if (auto at = message.find(": "); at != std::string::npos) message = message.substr(at + 2);
    d->Add(ByteToLocation(name_, text_, e.byte > 0 ? e.byte - 1 : 0),
           absl::StrCat("JSON syntax error: ", message), "well-formed JSON");
    return false;
  }
  std::vector<const json*> records;
  if (root.is_object()) {
    records.push_back(&root);
  } else if (root.is_array()) {
    for (const auto& item : root) records.push_back(&item);
  } else {
    d->Add({name_, 1, 1}, absl::StrCat("the input is ", Shown(root)),
           "a JSON object (one shipment) or an array of them");
    return false;
  }
  ids_.assign(records.size(), "");
  for (size_t i = 0; i < records.size(); ++i) {
    if (records[i]->is_object()) {
      auto it = records[i]->find("id");
      if (it != records[i]->end() && it->is_string()) ids_[i] = it->get<std::string>();
    }
  }
  bool ok = true;
  for (size_t i = 0; i < records.size(); ++i) {
    const json& r = *records[i];
    const std::string label = Label(i);
    if (!r.is_object()) {
      d->Add(Locate(i, ""), absl::StrCat(label, " is ", Shown(r)),
             "an object with id, date, accelerator, quantity, destination, consignee");
      ok = false;
      continue;
    }
    Shipment s;
    const size_t before = d->size();
    auto problem = [&](const std::string& field, std::string what, std::string expected) {
      d->Add(Locate(i, field), absl::StrCat(label, ": ", what), std::move(expected));
    };
    for (auto it = r.begin(); it != r.end(); ++it) {
      const auto& fields = Fields();
      if (std::find(fields.begin(), fields.end(), it.key()) == fields.end()) {
        problem("@" + it.key(),
                Suggest(absl::StrCat("unknown field '", it.key(), "'"), it.key(), fields),
                OneOf(fields));
      }
    }
    auto text = [&](const char* field, bool required, std::string* target, const char* expected) {
      auto it = r.find(field);
      if (it == r.end() || it->is_null()) {
        if (required) {
          d->Add(Locate(i, ""), absl::StrCat(label, " has no '", field, "'"), expected);
        }
        return false;
      }
      if (!it->is_string() || (required && it->get<std::string>().empty())) {
        problem(field, absl::StrCat(field, " is ", Shown(*it)), expected);
        return false;
      }
      *target = it->get<std::string>();
      return true;
    };
    text("id", true, &s.id, "a non-empty text id");
    std::string date;
    if (text("date", true, &date, kDateExpected)) {
      if (auto parsed = Date::Parse(date); parsed.ok()) {
        s.date = *parsed;
      } else {
        problem("date", absl::StrCat("date '", date, "' is not a calendar date"), kDateExpected);
      }
    }
    auto acc = r.find("accelerator");
    if (acc == r.end() || acc->is_null()) {
      d->Add(Locate(i, ""), absl::StrCat(label, " has no 'accelerator'"),
             "an accelerator id, or {\"tpp\": N, \"die_area_mm2\": A}");
    } else if (acc->is_string() && !acc->get<std::string>().empty()) {
      s.accelerator = acc->get<std::string>();
    } else if (acc->is_object()) {
      HypotheticalChip chip;
      for (auto it = acc->begin(); it != acc->end(); ++it) {
        if (std::find(ChipFields().begin(), ChipFields().end(), it.key()) == ChipFields().end()) {
          problem("@accelerator." + it.key(),
                  Suggest(absl::StrCat("unknown field '", it.key(), "' in accelerator"), it.key(),
                          ChipFields()),
                  OneOf(ChipFields()));
        }
      }
      auto number = [&](const char* key, bool required, bool positive, double* target) {
        auto it = acc->find(key);
        if (it == acc->end() || it->is_null()) {
          if (required) {
            problem("accelerator", absl::StrCat("accelerator has no '", key, "'"),
                    absl::StrCat("{\"tpp\": N, \"die_area_mm2\": A}"));
          }
          return false;
        }
        if (!it->is_number() || (positive ? it->get<double>() <= 0 : it->get<double>() < 0)) {
          problem(absl::StrCat("accelerator.", key),
                  absl::StrCat("accelerator ", key, " is ", Shown(*it)),
                  positive ? "a number > 0" : "a number >= 0");
          return false;
        }
        *target = it->get<double>();
        return true;
      };
      number("tpp", true, true, &chip.tpp);
      number("die_area_mm2", true, false, &chip.die_area_mm2);
      double bandwidth = 0;
      if (number("memory_bandwidth_gbps", false, true, &bandwidth))
        chip.memory_bandwidth_gbps = bandwidth;
      s.hypothetical = chip;
    } else {
      problem("accelerator", absl::StrCat("accelerator is ", Shown(*acc)),
              "an accelerator id, or {\"tpp\": N, \"die_area_mm2\": A}");
    }
    auto qty = r.find("quantity");
    if (qty == r.end() || qty->is_null()) {
      d->Add(Locate(i, ""), absl::StrCat(label, " has no 'quantity'"), kQuantityExpected);
    } else if ((qty->is_number_integer() || qty->is_number_unsigned()) &&
               qty->get<long long>() > 0 && qty->get<long long>() <= kMaxQuantity) {
      s.quantity = qty->get<long long>();
    } else {
      problem("quantity", absl::StrCat("quantity ", Shown(*qty), " is not a positive integer"),
              kQuantityExpected);
    }
    if (text("destination", true, &s.destination, kCountryExpected) &&
        !IsCountryCodeShape(s.destination)) {
      problem("destination",
              absl::StrCat("destination '", s.destination, "' is not an ISO 3166 alpha-2 code"),
              kCountryExpected);
    }
    text("consignee", true, &s.consignee, "the consignee's name");
    if (text("consignee_hq", false, &s.consignee_hq, kCountryExpected) && !s.consignee_hq.empty() &&
        !IsCountryCodeShape(s.consignee_hq)) {
      problem("consignee_hq",
              absl::StrCat("consignee_hq '", s.consignee_hq, "' is not an ISO 3166 alpha-2 code"),
              kCountryExpected);
    }
    text("end_use", false, &s.end_use, "text");
    std::string veu;
    if (text("veu", false, &veu, kVeuExpected)) {
      if (auto v = ParseVeu(veu)) {
        s.veu = *v;
      } else {
        problem("veu", absl::StrCat("veu '", veu, "' is not known"), kVeuExpected);
      }
    }
    if (d->size() != before) {
      ok = false;
      continue;
    }
    out->push_back(std::move(s));
  }
  return ok;
}

bool ShipmentReader::SplitCsv(DiagnosticList* d) {
  CsvRow row;
  CsvCell cell;
  int line = 1, column = 1;
  bool in_quotes = false, cell_started = false;
  cell.line = 1;
  cell.column = 1;
  row.line = 1;
  auto end_cell = [&] {
    row.cells.push_back(std::move(cell));
    cell = CsvCell{};
    cell.line = line;
    cell.column = column;
    cell_started = false;
  };
  auto end_row = [&] {
    end_cell();
    const bool blank = row.cells.size() == 1 && row.cells[0].text.empty();
    if (!blank) rows_.push_back(std::move(row));
    row = CsvRow{};
    row.line = line;
  };
  for (size_t i = 0; i < text_.size(); ++i) {
    const char c = text_[i];
    if (in_quotes) {
      if (c == '"' && i + 1 < text_.size() && text_[i + 1] == '"') {
        cell.text.push_back('"');
        ++i;
        column += 2;
        continue;
      }
      if (c == '"') {
        in_quotes = false;
        ++column;
        continue;
      }
      cell.text.push_back(c);
      if (c == '\n') {
        ++line;
        column = 1;
      } else {
        ++column;
      }
      continue;
    }
    if (c == '"' && !cell_started) {
      in_quotes = cell_started = true;
      ++column;
      continue;
    }
    if (c == ',') {
      ++column;
      end_cell();
      continue;
    }
    if (c == '\r') continue;
    if (c == '\n') {
      ++line;
      column = 1;
      end_row();
      continue;
    }
    cell.text.push_back(c);
    cell_started = true;
    ++column;
  }
  if (in_quotes) {
    d->Add({name_, cell.line, cell.column}, "a quoted CSV cell is not closed", "a closing '\"'");
    return false;
  }
  end_row();
  return true;
}

bool ShipmentReader::ReadCsv(std::vector<Shipment>* out, DiagnosticList* d) {
  if (!SplitCsv(d)) return false;
  if (rows_.empty()) {
    d->Add({name_, 1, 1}, "the input is empty",
           "a JSON object or array, or CSV with a header line (id,date,accelerator,quantity,...)");
    return false;
  }
  const CsvRow header = rows_.front();
  rows_.erase(rows_.begin());
  bool ok = true;
  const auto& columns = CsvColumns();
  for (const auto& cell : header.cells) {
    header_.push_back(cell.text);
    if (std::find(columns.begin(), columns.end(), cell.text) == columns.end()) {
      d->Add({name_, cell.line, cell.column},
             Suggest(absl::StrCat("unknown column '", cell.text, "'"), cell.text, columns),
             OneOf(columns));
      ok = false;
    } else if (std::count(header_.begin(), header_.end(), cell.text) > 1) {
      d->Add({name_, cell.line, cell.column},
             absl::StrCat("column '", cell.text, "' is given twice"), "each column once");
      ok = false;
    }
  }
  for (const char* required : {"id", "date", "quantity", "destination", "consignee"}) {
    if (std::find(header_.begin(), header_.end(), required) == header_.end()) {
      d->Add({name_, header.line, 1}, absl::StrCat("the CSV header has no '", required, "' column"),
             "a header with id, date, accelerator, quantity, destination, consignee");
      ok = false;
    }
  }
  if (!ok) return false;
  auto column_of = [&](const std::string& name) {
    return static_cast<int>(std::find(header_.begin(), header_.end(), name) - header_.begin());
  };
  ids_.assign(rows_.size(), "");
  const int id_col = column_of("id");
  for (size_t i = 0; i < rows_.size(); ++i) {
    if (id_col < static_cast<int>(rows_[i].cells.size())) ids_[i] = rows_[i].cells[id_col].text;
  }
  for (size_t i = 0; i < rows_.size(); ++i) {
    const CsvRow& row = rows_[i];
    const std::string label = Label(i);
    if (row.cells.size() != header_.size()) {
      d->Add({name_, row.line, 1},
             absl::StrCat(label, " has ", row.cells.size(), " cells but the header has ",
                          header_.size()),
             "one cell per header column");
      ok = false;
      continue;
    }
    auto cell = [&](const std::string& name) -> std::string {
      const int c = column_of(name);
      return c < static_cast<int>(row.cells.size()) ? row.cells[c].text : "";
    };
    const size_t before = d->size();
    auto problem = [&](const std::string& field, std::string what, std::string expected) {
      d->Add(Locate(i, field), absl::StrCat(label, ": ", what), std::move(expected));
    };
    Shipment s;
    s.id = cell("id");
    if (s.id.empty()) problem("id", "id is empty", "a non-empty text id");
    if (auto date = Date::Parse(cell("date")); date.ok()) {
      s.date = *date;
    } else {
      problem("date", absl::StrCat("date '", cell("date"), "' is not a calendar date"),
              kDateExpected);
    }
    s.accelerator = cell("accelerator");
    const std::string tpp = cell("tpp"), area = cell("die_area_mm2"),
                      bandwidth = cell("memory_bandwidth_gbps");
    if (s.accelerator.empty() && tpp.empty()) {
      problem("accelerator", "accelerator is empty",
              "an accelerator id, or the tpp and die_area_mm2 columns for a hypothetical chip");
    } else if (!s.accelerator.empty() && (!tpp.empty() || !area.empty())) {
      problem("tpp", "both an accelerator and tpp/die_area_mm2 are given",
              "either an accelerator id or tpp and die_area_mm2");
    } else if (s.accelerator.empty()) {
      HypotheticalChip chip;
      auto t = ParseNumber(tpp);
      auto a = ParseNumber(area);
      if (!t || *t <= 0)
        problem("tpp", absl::StrCat("tpp '", tpp, "' is not a number > 0"), "a number > 0");
      if (!a || *a < 0) {
        problem("die_area_mm2", absl::StrCat("die_area_mm2 '", area, "' is not a number >= 0"),
                "a number >= 0");
      }
      if (!bandwidth.empty()) {
        auto b = ParseNumber(bandwidth);
        if (!b || *b <= 0) {
          problem("memory_bandwidth_gbps",
                  absl::StrCat("memory_bandwidth_gbps '", bandwidth, "' is not a number > 0"),
                  "a number > 0");
        } else {
          chip.memory_bandwidth_gbps = *b;
        }
      }
      if (t) chip.tpp = *t;
      if (a) chip.die_area_mm2 = *a;
      s.hypothetical = chip;
    }
    if (auto q = ParseQuantity(cell("quantity"))) {
      s.quantity = *q;
    } else {
      problem("quantity",
              absl::StrCat("quantity '", cell("quantity"), "' is not a positive integer"),
              kQuantityExpected);
    }
    s.destination = cell("destination");
    if (!IsCountryCodeShape(s.destination)) {
      problem("destination",
              absl::StrCat("destination '", s.destination, "' is not an ISO 3166 alpha-2 code"),
              kCountryExpected);
    }
    s.consignee = cell("consignee");
    if (s.consignee.empty()) problem("consignee", "consignee is empty", "the consignee's name");
    s.consignee_hq = cell("consignee_hq");
    if (!s.consignee_hq.empty() && !IsCountryCodeShape(s.consignee_hq)) {
      problem("consignee_hq",
              absl::StrCat("consignee_hq '", s.consignee_hq, "' is not an ISO 3166 alpha-2 code"),
              kCountryExpected);
    }
    s.end_use = cell("end_use");
    if (auto v = ParseVeu(cell("veu"))) {
      s.veu = *v;
    } else {
      problem("veu", absl::StrCat("veu '", cell("veu"), "' is not known"), kVeuExpected);
    }
    if (d->size() != before) {
      ok = false;
      continue;
    }
    out->push_back(std::move(s));
  }
  return ok;
}

TextLocation ShipmentReader::Locate(size_t index, const std::string& field) const {
  if (format_ == ShipmentFormat::kCsv) {
    if (index >= rows_.size()) return {name_, 0, 0};
    const CsvRow& row = rows_[index];
    std::string column = field;
    if (!column.empty() && column[0] == '@') column = column.substr(1);
    if (column.rfind("accelerator.", 0) == 0) column = column.substr(12);
    const auto it = std::find(header_.begin(), header_.end(), column);
    const size_t c = static_cast<size_t>(it - header_.begin());
    if (it != header_.end() && c < row.cells.size()) {
      return {name_, row.cells[c].line, row.cells[c].column};
    }
    return {name_, row.line, 1};
  }
  if (!json_positions_) {
    json_positions_ = std::make_unique<JsonPositions>();
    try {
      json_positions_->root = YAML::Load(text_);
      json_positions_->ok = true;
    } catch (const YAML::Exception&) {
      json_positions_->ok = false;
    }
  }
  if (!json_positions_->ok) return {name_, 0, 0};
  const YAML::Node& root = json_positions_->root;
  YAML::Node record;
  if (root.IsMap() && index == 0) {
    record = root;
  } else if (root.IsSequence() && index < root.size()) {
    record = root[index];
  } else {
    return {name_, 0, 0};
  }
  auto at = [&](const YAML::Node& node) -> TextLocation {
    const YAML::Mark mark = node.Mark();
    if (mark.is_null()) return {name_, 0, 0};
    return {name_, mark.line + 1, mark.column + 1};
  };
  if (field.empty() || !record.IsMap()) return at(record);
  // "@key" asks for the key itself (an unknown field), "key" for its value.
  const bool want_key = field[0] == '@';
  std::string key = want_key ? field.substr(1) : field, sub;
  if (auto dot = key.find('.'); dot != std::string::npos) {
    sub = key.substr(dot + 1);
    key = key.substr(0, dot);
  }
  for (auto it = record.begin(); it != record.end(); ++it) {
    if (!it->first.IsScalar() || it->first.Scalar() != key) continue;
    if (sub.empty()) return at(want_key ? it->first : it->second);
    if (!it->second.IsMap()) return at(it->second);
    for (auto jt = it->second.begin(); jt != it->second.end(); ++jt) {
      if (jt->first.IsScalar() && jt->first.Scalar() == sub)
        return at(want_key ? jt->first : jt->second);
    }
    return at(it->second);
  }
  return at(record);
}

}  // namespace stargate::rules
