// A small SVG writer (no third-party code): elements appended in order, text
// and attribute values escaped for XML, numbers written with enough digits
// that a reader parses back the same double. Internal to the sim module (the
// risk plot); nothing here knows what is drawn.
#ifndef STARGATE_SIM_INTERNAL_SVG_H_
#define STARGATE_SIM_INTERNAL_SVG_H_

#include <string>
#include <utility>
#include <vector>

namespace stargate::sim {

using SvgAttributes = std::vector<std::pair<std::string, std::string>>;

// "&amp;", "&lt;", "&gt;", "&quot;", "&apos;" for the five XML specials;
// control characters other than tab and newline (not allowed in XML 1.0) dropped.
std::string XmlEscape(const std::string& text);
// %.17g: round-trips a double.
std::string ExactNumber(double v);
// %.2f: a coordinate.
std::string Coordinate(double v);

class SvgWriter {
 public:
  SvgWriter(double width, double height, const std::string& title);
  void Open(const std::string& tag, const SvgAttributes& attributes);
  void Close();
  // An element without children: <tag a="..."/>.
  void Empty(const std::string& tag, const SvgAttributes& attributes);
  // An element with text: <tag a="...">text</tag>.
  void Text(const std::string& tag, const SvgAttributes& attributes, const std::string& text);
  // The document, every open element closed.
  std::string Finish();

 private:
  void Start(const std::string& tag, const SvgAttributes& attributes);
  std::string out_;
  std::vector<std::string> open_;
};

}  // namespace stargate::sim

#endif  // STARGATE_SIM_INTERNAL_SVG_H_
