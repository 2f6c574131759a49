// The reader's frame (format, ids, labels, locations) and the CSV form; the
// JSON form is in shipment_input_json.cc.
#include "stargate/rules/shipment_input.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <set>
#include <unordered_map>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "stargate/core/ids.h"
#include "stargate/core/text.h"
#include "stargate/rules/internal/shipment_input_fields.h"

namespace stargate::rules {
namespace {

using namespace shipment_input;  // NOLINT: the shared field table of this reader

// Strict decimal parsing: the whole text must be the number.
std::optional<double> ParseNumber(const std::string& text) {
  if (text.empty()) return std::nullopt;
  errno = 0;
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  if (errno != 0 || end != text.c_str() + text.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

// A CSV quantity: digits only, then within the bound.
void ReadQuantity(const std::string& text, long long* out, const FieldProblem& problem) {
  const bool digits = !text.empty() && text.find_first_not_of("0123456789") == std::string::npos;
  if (!digits) {
    problem("quantity", absl::StrCat("quantity '", Excerpt(text), "' is not a positive integer"),
            kQuantityExpected);
    return;
  }
  const size_t first = std::min(text.find_first_not_of('0'), text.size());
  // All zeros leave no digits for stoll (which would throw): that is 0.
  if (text.size() - first > 10 ||
      (first < text.size() && std::stoll(text.substr(first)) > kMaxQuantity)) {
    problem("quantity", absl::StrCat("quantity ", Excerpt(text), " is more than ", kMaxQuantity),
            absl::StrCat("at most ", kMaxQuantity, " units in one shipment (split larger ones)"));
    return;
  }
  *out = first == text.size() ? 0 : std::stoll(text.substr(first));
  if (*out <= 0) {
    problem("quantity", absl::StrCat("quantity '", Excerpt(text), "' is not a positive integer"),
            kQuantityExpected);
  }
}

}  // namespace

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

const std::vector<std::string>& ShipmentReader::Fields() { return JsonFields(); }

std::string ShipmentReader::Label(size_t index) const {
  if (index < ids_.size() && !ids_[index].empty())
    return absl::StrCat("shipment '", Excerpt(ids_[index]), "'");
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
             absl::StrCat("id '", Excerpt(id), "' is given twice (first by shipment #",
                          it->second + 1, ")"),
             "a unique id per shipment");
    }
  }
  if (!ok || d->size() != before) return false;
  *out = std::move(shipments);
  return true;
}

// A batch with this many problems is not worth reading on: the rest would
// only cost time and memory (32 million bad records once took 10 minutes
// and 12 GB) to say the same thing again.
constexpr size_t kMaxShipmentProblems = 100;

bool ShipmentReader::TooManyProblems(size_t next, size_t total, TextLocation at,
                                     DiagnosticList* d) const {
  if (d->size() < kMaxShipmentProblems) return false;
  d->Add(std::move(at),
         absl::StrCat("stopped after ", d->size(), " problems; ", total - next, " of ", total,
                      " shipments were not read"),
         "a batch with fewer problems (fix these first)");
  return true;
}

// Far more than the known columns (CsvColumns), far fewer than a hostile line.
constexpr size_t kMaxCsvCells = 64;

bool ShipmentReader::SplitCsv(DiagnosticList* d) {
  // Names go to the ledger and to JSON answers: text that is not UTF-8 stops
  // here (the reader checks it first). A shipment row has at most one cell
  // per known column; a hostile line of millions of commas stops at the cap,
  // at once, instead of costing a string per cell (64 MiB of them once took 80 s).
  CsvReader reader(
      text_, name_,
      {.max_fields = kMaxCsvCells,
       .max_fields_note = absl::StrCat(" (the columns: ", absl::StrJoin(CsvColumns(), ", "), ")")});
  std::vector<CsvField> cells;
  while (reader.Next(&cells)) rows_.push_back({reader.record_line(), std::move(cells)});
  if (const auto& problem = reader.problem()) {
    d->Add(problem->location, problem->what, problem->expected);
    return false;
  }
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
  // A hostile header can have millions of cells: a handful of problems says enough.
  constexpr size_t kMaxHeaderProblems = 20;
  size_t header_problems = 0;
  std::set<std::string> seen;
  for (const auto& cell : header.cells) {
    const bool known = std::find(columns.begin(), columns.end(), cell.text) != columns.end();
    const bool repeated = known && !seen.insert(cell.text).second;
    header_.push_back(cell.text);
    if ((!known || repeated) && ++header_problems > kMaxHeaderProblems) {
      ok = false;
      continue;
    }
    if (!known) {
      d->Add({name_, cell.line, cell.column},
             Suggest(absl::StrCat("unknown column '", Excerpt(cell.text), "'"), cell.text, columns),
             OneOf(columns));
      ok = false;
    } else if (repeated) {
      d->Add({name_, cell.line, cell.column},
             absl::StrCat("column '", Excerpt(cell.text), "' is given twice"), "each column once");
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
    if (TooManyProblems(i, rows_.size(), {name_, rows_[i].line, 1}, d)) return false;
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
    auto problem = [&](const std::string& field, const std::string& what, std::string expected) {
      d->Add(Locate(i, field), absl::StrCat(label, ": ", what), std::move(expected));
    };
    Shipment s;
    s.id = cell("id");
    if (s.id.empty()) problem("id", "id is empty", "a non-empty text id");
    if (auto date = Date::Parse(cell("date")); date.ok()) {
      s.date = *date;
    } else {
      problem("date", absl::StrCat("date '", Excerpt(cell("date")), "' is not a calendar date"),
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
      if (!t) {
        problem("tpp", absl::StrCat("tpp '", Excerpt(tpp), "' is not a number > 0"),
                "a number > 0");
      } else if (CheckChipNumber("tpp", "tpp", *t, true, kMaxTpp, problem)) {
        chip.tpp = *t;
      }
      if (!a) {
        problem("die_area_mm2",
                absl::StrCat("die_area_mm2 '", Excerpt(area), "' is not a number >= 0"),
                "a number >= 0");
      } else if (CheckChipNumber("die_area_mm2", "die_area_mm2", *a, false, kMaxDieAreaMm2,
                                 problem)) {
        chip.die_area_mm2 = *a;
      }
      if (!bandwidth.empty()) {
        auto b = ParseNumber(bandwidth);
        if (!b) {
          problem(
              "memory_bandwidth_gbps",
              absl::StrCat("memory_bandwidth_gbps '", Excerpt(bandwidth), "' is not a number > 0"),
              "a number > 0");
        } else if (CheckChipNumber("memory_bandwidth_gbps", "memory_bandwidth_gbps", *b, true,
                                   kMaxBandwidthGbps, problem)) {
          chip.memory_bandwidth_gbps = *b;
        }
      }
      s.hypothetical = chip;
    }
    ReadQuantity(cell("quantity"), &s.quantity, problem);
    s.destination = cell("destination");
    if (!IsCountryText(s.destination)) {
      problem(
          "destination",
          absl::StrCat("destination '", Excerpt(s.destination), "' is not a country name or code"),
          kCountryExpected);
    }
    s.consignee = cell("consignee");
    if (s.consignee.empty()) problem("consignee", "consignee is empty", "the consignee's name");
    s.consignee_hq = cell("consignee_hq");
    if (!s.consignee_hq.empty() && !IsCountryText(s.consignee_hq)) {
      problem("consignee_hq",
              absl::StrCat("consignee_hq '", Excerpt(s.consignee_hq),
                           "' is not a country name or code"),
              kCountryExpected);
    }
    s.end_use = cell("end_use");
    if (auto v = ParseVeu(cell("veu"))) {
      s.veu = *v;
    } else {
      problem("veu", absl::StrCat("veu '", Excerpt(cell("veu")), "' is not known"), kVeuExpected);
    }
    s.end_user = cell("end_user");
    s.owners = ParseOwnersCell(cell("owners"), problem);
    CheckOwners(
        s.owners, [](size_t, const std::string&) { return std::string("owners"); }, problem);
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
    // "@x" and "x.y" are JSON paths; CSV has a cell per top-level field, and
    // the chip's metrics have their own columns.
    std::string column = field;
    if (!column.empty() && column[0] == '@') column = column.substr(1);
    if (column.rfind("accelerator.", 0) == 0) column = column.substr(12);
    column = column.substr(0, column.find('.'));
    const auto it = std::find(header_.begin(), header_.end(), column);
    const size_t c = static_cast<size_t>(it - header_.begin());
    if (it != header_.end() && c < row.cells.size()) {
      return {name_, row.cells[c].line, row.cells[c].column};
    }
    return {name_, row.line, 1};
  }
  return LocateJson(index, field);
}

}  // namespace stargate::rules
