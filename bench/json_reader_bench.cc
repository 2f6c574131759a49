// Input reading speed on hostile and large inputs (issue 15: a 64 MiB
// one-line input once took over 20 s): core's JSON reader and the shipment
// reader on 64 MiB texts of several shapes, one line each. Prints seconds and
// MB/s; no assertions (figures, not tests).
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <functional>
#include <string>

#include "stargate/core/json_reader.h"
#include "stargate/rules/rules.h"

namespace {

constexpr size_t kBytes = size_t{64} << 20;

std::string Repeat(const std::string& open, const std::string& item, const std::string& close) {
  std::string text = open;
  text.reserve(kBytes + item.size() + close.size());
  while (text.size() < kBytes) {
    if (text.size() > open.size()) text += ',';
    text += item;
  }
  return text + close;
}

void Time(const char* what, const std::string& text,
          const std::function<bool(const std::string&)>& read) {
  const auto start = std::chrono::steady_clock::now();
  const bool ok = read(text);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("%-46s %6.1f MiB  %7.3f s  %8.1f MB/s  %s\n", what, text.size() / 1048576.0, seconds,
              text.size() / 1e6 / seconds, ok ? "read" : "refused (as it should be)");
}

bool Json(const std::string& text) {
  stargate::DiagnosticList problems;
  return stargate::ReadJson(text, "bench.json", &problems).has_value();
}

bool Shipments(const std::string& text, const char* name) {
  stargate::rules::ShipmentReader reader(text, name);
  stargate::DiagnosticList problems;
  std::vector<stargate::rules::Shipment> out;
  return reader.Read(&out, &problems);
}

}  // namespace

int main() {
  const std::string shipment =
      R"({"id": "s#", "date": "2025-03-01", "accelerator": "H100-SXM", "quantity": 8, "destination": "IN", )"
      R"("consignee": "Tata Consultancy", "owners": [{"name": "Holding A", "share": 0.3}]})";
  std::string shipments = "[";
  for (size_t i = 0; shipments.size() < kBytes; ++i) {
    if (i) shipments += ',';
    std::string s = shipment;
    s.replace(s.find('#'), 1, std::to_string(i));
    shipments += s;
  }
  shipments += "]";

  std::setvbuf(stdout, nullptr, _IOLBF, 0);
  std::printf("JSON reader (core/json_reader.h)\n");
  Time("array of small integers", Repeat("[", "12345", "]"), Json);
  Time("array of doubles", Repeat("[", "-1.2345e-7", "]"), Json);
  Time("one string", "\"" + std::string(kBytes, 'x') + "\"", Json);
  Time("one string of 2-byte UTF-8", "\"" + Repeat("", "\xc3\xa9", "") + "\"", Json);
  {
    std::string object = "{";  // unique keys, so that it reads
    for (size_t n = 0; object.size() < kBytes; ++n) {
      if (n) object += ',';
      object += "\"k" + std::to_string(n) + "\": 1";
    }
    Time("object with unique keys", object + "}", Json);
  }
  Time("shipments (array of objects)", shipments, Json);
  Time("unclosed nesting (refused at depth 64)", std::string(kBytes, '['), Json);
  std::printf("\nshipment reader (rules/shipment_input.h)\n");
  Time("shipments, JSON", shipments, [](const std::string& t) { return Shipments(t, "in.json"); });
  Time("a 64 MiB id in JSON", "{\"id\": \"" + std::string(kBytes, 'x') + "\"}",
       [](const std::string& t) { return Shipments(t, "in.json"); });
  Time("a 64 MiB CSV line",
       "id,date,accelerator,quantity,destination,consignee\n" + std::string(kBytes, 'x'),
       [](const std::string& t) { return Shipments(t, "in.csv"); });
  Time("a 64 MiB CSV header of commas", std::string(kBytes, ','),
       [](const std::string& t) { return Shipments(t, "in.csv"); });
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  std::printf("\npeak resident memory %.0f MiB\n", usage.ru_maxrss / 1024.0);
  return 0;
}
