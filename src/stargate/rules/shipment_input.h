// Reading shipments for `check` (and the server): a JSON object, a JSON array
// of objects, or CSV with the same columns. Every problem names the record and
// the field, at file:line:col. JSON is read by core's JsonReader (nesting,
// duplicate keys and number range are refused there, located); its tree
// places later problems too.
#ifndef STARGATE_RULES_SHIPMENT_INPUT_H_
#define STARGATE_RULES_SHIPMENT_INPUT_H_

#include <memory>
#include <string>
#include <vector>

#include "stargate/core/csv_reader.h"
#include "stargate/core/diagnostic.h"
#include "stargate/core/json_reader.h"
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
  // Where record `index`'s `field` is ("accelerator.tpp", "owners.1.share"
  // for nested ones; "@field" for the member's name rather than its value);
  // the nearest enclosing value when the field is absent.
  TextLocation Locate(size_t index, const std::string& field) const;
  // "shipment 's1'" or, without an id, "shipment #3".
  std::string Label(size_t index) const;

  static const std::vector<std::string>& Fields();

 private:
  struct CsvRow {
    int line = 0;
    std::vector<CsvField> cells;
  };
  bool ReadJson(std::vector<Shipment>* out, DiagnosticList* d);
  // True (with one closing problem) once `d` holds enough problems to stop.
  bool TooManyProblems(size_t next, size_t total, TextLocation at, DiagnosticList* d) const;
  bool ReadJsonRecord(size_t index, Shipment* s, DiagnosticList* d);
  TextLocation LocateJson(size_t index, const std::string& field) const;
  bool ReadCsv(std::vector<Shipment>* out, DiagnosticList* d);
  bool SplitCsv(DiagnosticList* d);

  std::string text_;
  std::string name_;
  ShipmentFormat format_;
  std::vector<std::string> ids_;  // per record, for labels
  // CSV
  std::vector<std::string> header_;
  std::vector<CsvRow> rows_;
  // JSON: the document (behind a pointer so that records_ stay valid when
  // the reader moves) and each record's value.
  std::unique_ptr<JsonDocument> json_;
  std::vector<JsonValue> records_;
};

}  // namespace stargate::rules

#endif  // STARGATE_RULES_SHIPMENT_INPUT_H_
