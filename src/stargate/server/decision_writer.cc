#include "stargate/server/internal/decision_writer.h"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <vector>

#include "stargate/core/utf8.h"
#include "stargate/rules/rules.h"

namespace stargate::server {
namespace {

void Key(const char* key, std::string* out) {
  out->push_back('"');
  out->append(key);
  out->append("\":");
}

void NullOr(const std::string& text, std::string* out) {
  if (text.empty()) {
    out->append("null");
  } else {
    AppendJsonString(text, out);
  }
}

void AppendCap(const rules::CapState& cap, std::string* out) {
  out->append("{\"id\":");
  AppendJsonString(cap.id, out);
  out->append(",\"limit_tpp\":");
  AppendJsonNumber(cap.limit_tpp, out);
  out->append(",\"remaining_tpp\":");
  AppendJsonNumber(cap.remaining_tpp(), out);
  out->append(",\"used_tpp_after\":");
  AppendJsonNumber(cap.used_tpp_after, out);
  out->append(",\"used_tpp_before\":");
  AppendJsonNumber(cap.used_tpp_before, out);
  out->push_back('}');
}

void AppendStep(const rules::TraceStep& step, std::string* out) {
  out->append("{\"cite\":");
  AppendJsonString(step.cite, out);
  out->append(",\"inputs\":{");
  // An object keyed by name: sorted, and a repeated name keeps its last value.
  std::vector<const rules::TraceInput*> inputs;
  inputs.reserve(step.inputs.size());
  for (const auto& input : step.inputs) inputs.push_back(&input);
  std::stable_sort(
      inputs.begin(), inputs.end(),
      [](const rules::TraceInput* a, const rules::TraceInput* b) { return a->name < b->name; });
  bool first = true;
  for (size_t i = 0; i < inputs.size(); ++i) {
    if (i + 1 < inputs.size() && inputs[i + 1]->name == inputs[i]->name) continue;
    if (!first) out->push_back(',');
    first = false;
    AppendJsonString(inputs[i]->name, out);
    out->push_back(':');
    const auto& value = inputs[i]->value;
    if (const double* d = std::get_if<double>(&value)) {
      AppendJsonNumber(*d, out);
    } else if (const std::string* s = std::get_if<std::string>(&value)) {
      AppendJsonString(*s, out);
    } else {
      out->append(std::get<bool>(value) ? "true" : "false");
    }
  }
  out->append("},\"result\":");
  AppendJsonString(step.result, out);
  out->append(",\"rule\":");
  AppendJsonString(step.rule, out);
  out->push_back('}');
}

}  // namespace

void AppendJsonString(std::string_view text, std::string* out) {
  static constexpr char kHex[] = "0123456789abcdef";
  out->push_back('"');
  for (size_t i = 0; i < text.size();) {
    // Runs of plain ASCII (most of every trace) are copied whole.
    size_t plain = i;
    while (plain < text.size()) {
      const unsigned char p = static_cast<unsigned char>(text[plain]);
      if (p < 0x20 || p >= 0x80 || p == '"' || p == '\\') break;
      ++plain;
    }
    if (plain > i) {
      out->append(text.data() + i, plain - i);
      i = plain;
      continue;
    }
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c >= 0x80) {
      const size_t n = Utf8SequenceLength(text, i);
      if (n == 0) {
        out->append("\xEF\xBF\xBD");  // U+FFFD
        ++i;
      } else {
        out->append(text.substr(i, n));
        i += n;
      }
      continue;
    }
    switch (c) {
      case '"':
        out->append("\\\"");
        break;
      case '\\':
        out->append("\\\\");
        break;
      case '\b':
        out->append("\\b");
        break;
      case '\f':
        out->append("\\f");
        break;
      case '\n':
        out->append("\\n");
        break;
      case '\r':
        out->append("\\r");
        break;
      case '\t':
        out->append("\\t");
        break;
      default:
        if (c < 0x20) {
          // nlohmann escapes the other control characters as \u00XX.
          out->append("\\u00");
          out->push_back(kHex[c >> 4]);
          out->push_back(kHex[c & 0xF]);
        } else {
          out->push_back(static_cast<char>(c));
        }
    }
    ++i;
  }
  out->push_back('"');
}

void AppendJsonNumber(double value, std::string* out) {
  if (!std::isfinite(value)) {
    out->append("null");
    return;
  }
  // nlohmann's own shortest round-trip formatting, without a JSON value.
  char buffer[64];
  char* end = nlohmann::detail::to_chars(buffer, buffer + sizeof buffer, value);
  out->append(buffer, static_cast<size_t>(end - buffer));
}

void AppendDecisionJson(const rules::Decision& d, std::string* out) {
  out->append("{\"caps\":[");
  for (size_t i = 0; i < d.caps.size(); ++i) {
    if (i) out->push_back(',');
    AppendCap(d.caps[i], out);
  }
  out->append("],");
  Key("classification", out);
  AppendJsonString(rules::EccnName(d.classification), out);
  if (!d.conditions.empty()) {  // a license's conditions (e.g. a revenue share)
    out->append(",\"conditions\":[");
    for (size_t i = 0; i < d.conditions.size(); ++i) {
      if (i) out->push_back(',');
      AppendJsonString(d.conditions[i], out);
    }
    out->push_back(']');
  }
  out->push_back(',');
  Key("exception", out);
  NullOr(d.exception, out);
  out->push_back(',');
  Key("id", out);
  AppendJsonString(d.id, out);
  if (!d.input_error.empty()) {
    out->push_back(',');
    Key("input_error", out);
    AppendJsonString(d.input_error, out);
  }
  out->push_back(',');
  Key("outcome", out);
  AppendJsonString(rules::OutcomeName(d.outcome), out);
  out->push_back(',');
  Key("regime", out);
  AppendJsonString(d.regime, out);
  out->push_back(',');
  Key("review_policy", out);
  if (d.review_policy) {
    AppendJsonString(rules::ReviewPolicyName(*d.review_policy), out);
  } else {
    out->append("null");
  }
  out->push_back(',');
  Key("tier", out);
  AppendJsonString(d.tier, out);
  out->push_back(',');
  Key("tpp_total", out);
  AppendJsonNumber(d.tpp_total, out);
  out->append(",\"trace\":[");
  for (size_t i = 0; i < d.trace.size(); ++i) {
    if (i) out->push_back(',');
    AppendStep(d.trace[i], out);
  }
  out->append("]}");
}

}  // namespace stargate::server
