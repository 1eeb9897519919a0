// The live stream (Server-Sent Events) and the network's state (routes.hpp; docs/DASHBOARD.md,
// "Live stream"). Each stream holds one HTTP worker while the browser keeps it open; it
// blocks at most a second at a time, so that a closed browser or a stopping server frees the
// worker at once.
#include <memory>
#include <spdlog/spdlog.h>

#include "dashboard_app.hpp"
#include "http_support.hpp"
#include "network_json.hpp"
#include "route_support.hpp"
#include "routes.hpp"
#include "view/case_item.hpp"

namespace alertbus::dashboard {
namespace {

constexpr std::chrono::seconds kNetworkEvery{5};
constexpr std::chrono::seconds kKeepAliveEvery{15};
constexpr std::chrono::seconds kSessionCheckEvery{30};

struct Stream {
  FeedCursor after;
  bool started = false;
  std::uint64_t network_version = ~std::uint64_t{0};
  std::chrono::steady_clock::time_point network_sent{};
  std::chrono::steady_clock::time_point written{};
  std::chrono::steady_clock::time_point session_checked{};
  httplib::Request session;  // The request's cookie, to check the session again.
  Officer officer;
  Language language = Language::kVi;
};

bool write(httplib::DataSink& sink, const std::string& text) {
  return sink.write(text.data(), text.size());
}

std::string case_event(DashboardApp& app, const Stream& stream, const FeedChange& change) {
  const std::string& reference = change.alert_case.reference();
  const StatusOr<bool> read = app.store().is_read(stream.officer.user, reference);
  const bool unread = read.ok() && !read.value();
  const nlohmann::ordered_json item =
      case_item(change.alert_case, stream.officer.viewer, *app.names(), stream.language, unread,
                change.position, app.areas());
  const FeedCursor cursor{change.position, change.key()};
  return "id: " + cursor.id() + "\nevent: case\ndata: " +
         item.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n\n";
}

// The changes after the stream's position: from the feed's memory, or replayed from the
// broker when the browser is further behind; a `reset` when neither can say.
bool send_changes(DashboardApp& app, Stream& stream, httplib::DataSink& sink) {
  CaseFeed& feed = *stream.officer.feed;
  std::vector<FeedChange> changes;
  if (!feed.changes_after(stream.after, &changes)) {
    StatusOr<std::vector<FeedChange>> replayed = feed.replay(stream.after);
    if (!replayed.ok()) {
      spdlog::warn("dashboard: replay after {} for {} failed: {}", stream.after.id(),
                   stream.officer.user, replayed.status().to_string());
      stream.after = FeedCursor{feed.head(), {}};
      return write(sink, "id: " + stream.after.id() + "\nevent: reset\ndata: {}\n\n");
    }
    changes = std::move(replayed).value();
  }
  for (const FeedChange& change : changes) {
    if (!write(sink, case_event(app, stream, change))) {
      return false;
    }
    stream.after = FeedCursor{change.position, change.key()};
    stream.written = std::chrono::steady_clock::now();
  }
  return true;
}

bool send_network(DashboardApp& app, Stream& stream, httplib::DataSink& sink) {
  const auto now = std::chrono::steady_clock::now();
  const NetworkSnapshot snapshot = app.monitor().snapshot();
  if (snapshot.version == stream.network_version && now - stream.network_sent < kNetworkEvery) {
    return true;
  }
  stream.network_version = snapshot.version;
  stream.network_sent = stream.written = now;
  return write(sink, "event: network\ndata: " +
                         network_json(snapshot, *app.names(), stream.language).dump() + "\n\n");
}

bool step(DashboardApp& app, Stream& stream, httplib::DataSink& sink) {
  const auto now = std::chrono::steady_clock::now();
  if (!stream.started) {
    stream.started = true;
    stream.session_checked = now;
    // The position the stream starts from, as an id: a browser that never got a change
    // still reconnects with Last-Event-ID and misses nothing.
    if (!write(sink, "retry: 2000\nid: " + stream.after.id() + "\nevent: hello\ndata: {}\n\n")) {
      return false;
    }
  } else if (now - stream.session_checked > kSessionCheckEvery) {
    stream.session_checked = now;
    if (!app.officer(stream.session)) {
      write(sink, "event: logout\ndata: {}\n\n");
      return false;  // The session ended or the account was disabled.
    }
  }
  if (!send_changes(app, stream, sink) || !send_network(app, stream, sink)) {
    return false;
  }
  if (std::chrono::steady_clock::now() - stream.written > kKeepAliveEvery) {
    stream.written = std::chrono::steady_clock::now();
    if (!write(sink, ": keep-alive\n\n")) {
      return false;
    }
  }
  if (!sink.is_writable()) {
    return false;
  }
  stream.officer.feed->wait_after(stream.after.position, std::chrono::seconds(1));
  return true;
}

void events(DashboardApp& app, const Officer& officer, const httplib::Request& request,
            httplib::Response& response) {
  auto stream = std::make_shared<Stream>();
  stream->officer = officer;
  stream->language = request_language(request);
  stream->session.headers.emplace("Cookie", request.get_header_value("Cookie"));
  std::optional<FeedCursor> after = FeedCursor::parse(request.get_header_value("Last-Event-ID"));
  if (!after && request.has_param("after")) {
    after = FeedCursor::parse(request.get_param_value("after"));
  }
  stream->after = after.value_or(FeedCursor{officer.feed->head(), {}});
  response.set_header("Cache-Control", "no-store");
  response.set_header("X-Accel-Buffering", "no");
  response.set_chunked_content_provider("text/event-stream",
                                        [&app, stream](std::size_t, httplib::DataSink& sink) {
                                          if (!step(app, *stream, sink)) {
                                            sink.done();
                                            return false;
                                          }
                                          return true;
                                        });
}

}  // namespace

void add_live_routes(httplib::Server& server, DashboardApp& app) {
  server.Get("/api/events",
             with_officer(app, [&app](const Officer& officer, const httplib::Request& request,
                                      httplib::Response& response) {
               events(app, officer, request, response);
             }));
  server.Get(
      "/api/network", with_officer(app, [&app](const Officer&, const httplib::Request& request,
                                               httplib::Response& response) {
        send_json(response, 200,
                  network_json(app.monitor().snapshot(), *app.names(), request_language(request)));
      }));
}

}  // namespace alertbus::dashboard
