// Reading shipments for `check` (and the server): a JSON object, a JSON array
// of objects, or CSV with the same columns. Every problem names the record and
// the field, at file:line:col.
#ifndef STARGATE_RULES_SHIPMENT_INPUT_H_
#define STARGATE_RULES_SHIPMENT_INPUT_H_

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "stargate/core/diagnostic.h"
#include "stargate/rules/shipment.h"

namespace stargate::rules {

enum class ShipmentFormat { kJson, kCsv };

class ShipmentReader {
 public:
  // `name` is the file name used in messages ("-" for standard input).
  ShipmentReader(std::string text, std::string name);
  ~ShipmentReader();

  ShipmentFormat format() const { return format_; }
  // Reads every shipment; returns false when any record has a problem (all are
  // reported in `diagnostics`, none is returned).
  bool Read(std::vector<Shipment>* out, DiagnosticList* diagnostics);
  // Where record `index`'s `field` is ("accelerator.tpp" for a nested one);
  // the record itself when the field is absent.
  TextLocation Locate(size_t index, const std::string& field) const;
  // "shipment 's1'" or, without an id, "shipment #3".
  std::string Label(size_t index) const;

  static const std::vector<std::string>& Fields();

 private:
  struct CsvCell {
    std::string text;
    int line = 0;
    int column = 0;
  };
  struct CsvRow {
    int line = 0;
    std::vector<CsvCell> cells;
  };
  bool ReadJson(std::vector<Shipment>* out, DiagnosticList* d);
  bool ReadCsv(std::vector<Shipment>* out, DiagnosticList* d);
  bool SplitCsv(DiagnosticList* d);

  std::string text_;
  std::string name_;
  ShipmentFormat format_;
  std::vector<std::string> ids_;  // per record, for labels
  // CSV
  std::vector<std::string> header_;
  std::vector<CsvRow> rows_;
  // JSON positions, found on demand through a YAML parse of the text.
  struct JsonPositions;
  mutable std::unique_ptr<JsonPositions> json_positions_;
};

}  // namespace stargate::rules

#endif  // STARGATE_RULES_SHIPMENT_INPUT_H_
