#include "metrics/metrics_page.hpp"

#include <filesystem>
#include <fmt/format.h>

#include "alertbus/v1/common.pb.h"
#include "alertbus/v1/errors.pb.h"

#include "metrics/exposition.hpp"

namespace alertbus::broker {
namespace {

double file_bytes(const std::string& path) {
  std::error_code error;
  const std::uintmax_t size = std::filesystem::file_size(path, error);
  return error ? 0.0 : static_cast<double>(size);
}

void write_histogram(Exposition& out, const char* name, const char* help,
                     const Histogram& histogram) {
  const Histogram::Reading reading = histogram.read();
  out.family(name, help, MetricType::kHistogram);
  out.histogram(name, {}, reading.bounds,
                std::span<const std::uint64_t>(reading.counts).first(reading.bounds.size() + 1),
                reading.sum, reading.units);
}

void write_gauge(Exposition& out, const char* name, const char* help, double value) {
  out.family(name, help, MetricType::kGauge);
  out.sample(name, {}, value);
}

void write_stored(Exposition& out, const StoredCounts& stored) {
  out.family("alertbus_events_stored_total",
             "Events stored in this node's log since it started, by alert kind and origin node.",
             MetricType::kCounter);
  for (std::size_t i = 0; i < stored.size(); ++i) {
    const StoredCounts::Slot& slot = stored.slot(i);
    const std::string& kind = v1::AlertKind_Name(static_cast<v1::AlertKind>(slot.kind));
    out.sample("alertbus_events_stored_total",
               {{"kind", kind.empty() ? std::to_string(slot.kind) : kind}, {"origin", slot.origin}},
               static_cast<double>(slot.count.load(std::memory_order_relaxed)));
  }
}

void write_refusals(Exposition& out, const BrokerMetrics& metrics) {
  out.family("alertbus_refusals_total",
             "Requests refused with an Error frame since start, by error code.",
             MetricType::kCounter);
  const google::protobuf::EnumDescriptor* codes = v1::ErrorCode_descriptor();
  for (int i = 0; i < codes->value_count(); ++i) {
    const int code = codes->value(i)->number();
    if (code <= 0 || static_cast<std::size_t>(code) >= BrokerMetrics::kMaxCodes - 1) {
      continue;
    }
    out.sample("alertbus_refusals_total", {{"reason", codes->value(i)->name()}},
               static_cast<double>(metrics.refusals[static_cast<std::size_t>(code)].load(
                   std::memory_order_relaxed)));
  }
}

void write_links(Exposition& out, const v1::StatusReply& status) {
  struct Family {
    const char* name;
    const char* help;
    MetricType type;
    double (*value)(const v1::PeerLinkStatus&);
  };

  static const Family kFamilies[] = {
      {"alertbus_link_up", "1 while the federation link from the peer streams and it answers.",
       MetricType::kGauge, [](const v1::PeerLinkStatus& p) { return p.connected() ? 1.0 : 0.0; }},
      {"alertbus_link_lag_events",
       "Positions of the peer's log not yet stored here (an upper bound).", MetricType::kGauge,
       [](const v1::PeerLinkStatus& p) { return static_cast<double>(p.lag_events()); }},
      {"alertbus_link_lag_seconds", "Seconds since the link was last caught up with the peer.",
       MetricType::kGauge,
       [](const v1::PeerLinkStatus& p) { return static_cast<double>(p.lag_seconds()); }},
      {"alertbus_link_events_stored_total", "Events stored from the link since start.",
       MetricType::kCounter,
       [](const v1::PeerLinkStatus& p) { return static_cast<double>(p.events_stored()); }},
      {"alertbus_link_reconnects_total", "Times the link reconnected since start.",
       MetricType::kCounter,
       [](const v1::PeerLinkStatus& p) { return static_cast<double>(p.reconnects()); }},
  };
  for (const Family& family : kFamilies) {
    out.family(family.name, family.help, family.type);
    for (const v1::PeerLinkStatus& peer : status.peers()) {
      out.sample(family.name, {{"peer", peer.peer_id()}}, family.value(peer));
    }
  }
}

}  // namespace

std::string render_metrics(const BrokerMetrics& metrics, const LoopSnapshot& snapshot,
                           const PageContext& context) {
  Exposition out;
  const v1::StatusReply& status = snapshot.status;
  out.family("alertbus_build_info", "The broker's version; always 1.", MetricType::kGauge);
  out.sample("alertbus_build_info", {{"version", ALERTBUS_VERSION}}, 1);
  write_gauge(out, "alertbus_process_start_time_seconds",
              "Start time of the broker process since the Unix epoch, in seconds.",
              static_cast<double>(context.started_ms) / 1000.0);
  write_stored(out, metrics.stored);
  write_histogram(out, "alertbus_publish_ack_seconds",
                  "Time from reading a publish to sending its acknowledgement (stored).",
                  metrics.publish_ack);
  write_histogram(out, "alertbus_delivery_seconds",
                  "Time from storing an event to sending it to a live subscriber (1 ms steps).",
                  metrics.delivery);
  write_histogram(out, "alertbus_commit_seconds",
                  "Time of one group commit: its transaction and fsync.", metrics.commit);
  write_histogram(out, "alertbus_commit_group_events",
                  "Events per group commit (0 for a commit of cursors only).",
                  metrics.group_events);
  out.family("alertbus_commits_failed_total", "Group commits that failed since start.",
             MetricType::kCounter);
  out.sample("alertbus_commits_failed_total", {},
             static_cast<double>(metrics.commits_failed.load(std::memory_order_relaxed)));
  write_refusals(out, metrics);
  if (snapshot.published) {
    write_gauge(out, "alertbus_head_seq", "Seq of the last event in this node's log.",
                static_cast<double>(status.head_seq()));
    write_gauge(out, "alertbus_events", "Events in this node's log.",
                static_cast<double>(status.event_count()));
    write_gauge(out, "alertbus_connections", "Authenticated client and peer connections open.",
                status.connected_clients());
    write_gauge(out, "alertbus_pending_handshakes", "Connections still in their handshake.",
                status.pending_handshakes());
    write_gauge(out, "alertbus_subscriptions", "Live subscriptions.",
                static_cast<double>(snapshot.subscription_lag.subscriptions));
    write_gauge(out, "alertbus_subscription_lag_events_max",
                "The most events any live subscription is behind the head.",
                static_cast<double>(snapshot.subscription_lag.max_events));
    write_gauge(out, "alertbus_subscription_lag_seconds_max",
                "The longest any live subscription has been behind the head, in seconds.",
                snapshot.subscription_lag.max_seconds);
    write_links(out, status);
    if (!status.casework_off()) {
      const std::uint64_t projected = status.projected_seq();
      write_gauge(
          out, "alertbus_projector_lag_events", "Log positions not yet in the case projection.",
          static_cast<double>(status.head_seq() > projected ? status.head_seq() - projected : 0));
      write_gauge(out, "alertbus_cases_open", "Cases open at the last overdue check.",
                  static_cast<double>(status.cases_open()));
      write_gauge(out, "alertbus_cases_overdue",
                  "Open cases past a deadline at the last overdue check.",
                  static_cast<double>(status.cases_overdue()));
    }
  }
  write_gauge(out, "alertbus_database_bytes", "Size of alertbus.db in bytes.",
              file_bytes(context.database_path));
  write_gauge(out, "alertbus_wal_bytes", "Size of alertbus.db-wal in bytes.",
              file_bytes(context.database_path + "-wal"));
  return out.text();
}

Readiness judge_readiness(const BrokerMetrics& metrics, const LoopSnapshot& snapshot,
                          std::int64_t now_ms, const PageContext& context) {
  Readiness readiness;
  if (!snapshot.published) {
    readiness.body = "chưa sẵn sàng: nút đang khởi động (not ready: starting)\n";
  } else if (now_ms - snapshot.at_ms > context.stale_after_ms) {
    readiness.body = fmt::format(
        "chưa sẵn sàng: vòng xử lý không chạy từ {} ms (not ready: the loop has not turned for "
        "{} ms)\n",
        now_ms - snapshot.at_ms, now_ms - snapshot.at_ms);
  } else if (!metrics.last_commit_ok.load(std::memory_order_relaxed)) {
    readiness.body =
        "chưa sẵn sàng: lần ghi cơ sở dữ liệu gần nhất thất bại (not ready: the last database "
        "commit failed)\n";
  } else {
    readiness.ready = true;
    readiness.body = "sẵn sàng (ready)\n";
  }
  const std::int64_t failed_ms = metrics.last_commit_failed_ms.load(std::memory_order_relaxed);
  readiness.body +=
      fmt::format("database {} commits_failed={} last_failure_unix_ms={}\n",
                  metrics.last_commit_ok.load(std::memory_order_relaxed) ? "writable" : "failing",
                  metrics.commits_failed.load(std::memory_order_relaxed), failed_ms);
  for (const v1::PeerLinkStatus& peer : snapshot.status.peers()) {
    readiness.body +=
        fmt::format("link {} {} lag_events={} lag_seconds={}\n", peer.peer_id(),
                    peer.connected() ? "up" : "down", peer.lag_events(), peer.lag_seconds());
  }
  return readiness;
}

}  // namespace alertbus::broker
