// A small HTTP/1.1 client over a plain loopback socket, enough to talk to alertbus-dashboard
// as a browser does: log in (the session cookie), then GET the API on one kept-alive
// connection (reopened when the server closes it). Bodies with Content-Length or chunked.
//
// Threading: one HttpConnection per thread.
#pragma once

#include <string>

namespace alertbus::bench {

struct HttpResponse {
  int status = 0;
  std::string headers;  // The header lines, as received.
  std::string body;

  // The value of the first header `name` (case-insensitive), empty when absent.
  std::string header(const std::string& name) const;
};

class HttpConnection {
 public:
  explicit HttpConnection(int port);
  ~HttpConnection();
  HttpConnection(const HttpConnection&) = delete;
  HttpConnection& operator=(const HttpConnection&) = delete;
  HttpConnection(HttpConnection&&) = delete;
  HttpConnection& operator=(HttpConnection&&) = delete;

  // Throws std::runtime_error when the server cannot be reached or answers nothing.
  HttpResponse get(const std::string& target, const std::string& cookie);
  HttpResponse post_json(const std::string& target, const std::string& body,
                         const std::string& cookie);

 private:
  HttpResponse exchange(const std::string& request);
  HttpResponse exchange_once(const std::string& request);
  void open();
  void close_socket();

  int port_;
  int fd_ = -1;
  std::string pending_;  // Bytes read past the previous response.
};

// Connects a blocking TCP socket to 127.0.0.1:port; throws std::runtime_error when it cannot.
int connect_loopback(int port);

// Logs in as `user` and returns the session cookie ("alertbus_session=..."), to send as the
// Cookie header. Throws std::runtime_error when the login is refused.
std::string log_in(int port, const std::string& user, const std::string& password);

// The text of a JSON string field `"name":"..."` in `json` (the first one; no unescaping:
// for references and other plain values), empty when absent.
std::string json_text_field(const std::string& json, const std::string& name);

}  // namespace alertbus::bench
