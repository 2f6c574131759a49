#include "stargate/sim/internal/svg.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace stargate::sim {

std::string XmlEscape(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n') break;
        out += c;
    }
  }
  return out;
}

std::string ExactNumber(double v) { return absl::StrFormat("%.17g", v); }

std::string Coordinate(double v) { return absl::StrFormat("%.2f", v); }

SvgWriter::SvgWriter(double width, double height, const std::string& title) {
  out_ = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  Open("svg", {{"xmlns", "http://www.w3.org/2000/svg"},
               {"width", Coordinate(width)},
               {"height", Coordinate(height)},
               {"viewBox", absl::StrCat("0 0 ", Coordinate(width), " ", Coordinate(height))},
               {"font-family", "sans-serif"},
               {"font-size", "12"}});
  Text("title", {}, title);
}

void SvgWriter::Start(const std::string& tag, const SvgAttributes& attributes) {
  out_.append(open_.size() * 2, ' ');
  absl::StrAppend(&out_, "<", tag);
  for (const auto& [name, value] : attributes)
    absl::StrAppend(&out_, " ", name, "=\"", XmlEscape(value), "\"");
}

void SvgWriter::Open(const std::string& tag, const SvgAttributes& attributes) {
  Start(tag, attributes);
  out_ += ">\n";
  open_.push_back(tag);
}

void SvgWriter::Close() {
  if (open_.empty()) return;
  out_.append((open_.size() - 1) * 2, ' ');
  absl::StrAppend(&out_, "</", open_.back(), ">\n");
  open_.pop_back();
}

void SvgWriter::Empty(const std::string& tag, const SvgAttributes& attributes) {
  Start(tag, attributes);
  out_ += "/>\n";
}

void SvgWriter::Text(const std::string& tag, const SvgAttributes& attributes,
                     const std::string& text) {
  Start(tag, attributes);
  absl::StrAppend(&out_, ">", XmlEscape(text), "</", tag, ">\n");
}

std::string SvgWriter::Finish() {
  while (!open_.empty()) Close();
  return out_;
}

}  // namespace stargate::sim
