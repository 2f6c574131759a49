// HTTP requests and responses as the server's handlers see them, with no
// HTTP library behind them: the transport (mhd_transport.cc) fills an
// HttpRequest and sends the HttpResponse it gets back, so routing, auth,
// errors and the dashboard's files are plain functions of these values.
#ifndef STARGATE_SERVER_HTTP_MESSAGE_H_
#define STARGATE_SERVER_HTTP_MESSAGE_H_

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace stargate::server {

// Header fields in the order given; names compare case-insensitively.
class HttpHeaders {
 public:
  void Add(std::string name, std::string value);
  // Replaces every field called `name` by one.
  void Set(std::string name, std::string value);
  // The first value of `name`; empty when there is none.
  std::string_view Get(std::string_view name) const;
  bool Has(std::string_view name) const;
  const std::vector<std::pair<std::string, std::string>>& fields() const { return fields_; }

 private:
  std::vector<std::pair<std::string, std::string>> fields_;
};

struct HttpRequest {
  std::string method;  // as sent: "GET", "POST", ...
  std::string target;  // as sent: "/api/tier/DE?date=2025-06-01"
  std::string path;    // the target's path, percent-decoded: "/api/tier/DE"
  HttpHeaders headers;
  std::string body;

  // The target's query string, without '?' and without a fragment.
  std::string_view query() const;
};

struct HttpResponse {
  int status = 200;
  std::string content_type;  // empty: no Content-Type (and no body)
  HttpHeaders headers;       // besides Content-Type and Content-Length
  std::string body;          // not sent for HEAD (the transport drops it)
};

// "%41b+c" -> "Ab c" with `plus_is_space`, "Ab+c" without. A '%' not
// followed by two hex digits is kept as is. The result may hold '\0'.
std::string PercentDecode(std::string_view text, bool plus_is_space);

// The path of a request target ("/a%20b?x=1" -> "/a b"), percent-decoded
// ('+' stays '+', as in paths).
std::string TargetPath(std::string_view target);
// The query string of a request target, without '?' and without a fragment
// ("/a?x=1#top" -> "x=1"), still encoded.
std::string_view TargetQuery(std::string_view target);

}  // namespace stargate::server

#endif  // STARGATE_SERVER_HTTP_MESSAGE_H_
