#include "dashboard_alerts.hpp"

#include <chrono>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <thread>

#include "alertbus/client/publisher.hpp"
#include "stats.hpp"
#include "support/sample_events.hpp"

namespace alertbus::bench {
namespace {

struct Province {
  const char* code;
  const char* scheme;
  const char* name;
};

// Each node's province in both schemes (deploy/make-keys.sh gives these as its province_codes).
constexpr Province kBacGiang[] = {{"24", "VN-2004", "Bắc Giang"}, {"24", "VN-2025", "Bắc Ninh"}};
constexpr Province kHaiDuong[] = {{"30", "VN-2004", "Hải Dương"}, {"31", "VN-2025", "Hải Phòng"}};
constexpr const char* kBacGiangPlaces[] = {"Lục Ngạn", "Lục Nam",  "Sơn Động",
                                           "Yên Thế",  "Hiệp Hòa", "Lạng Giang"};
constexpr const char* kHaiDuongPlaces[] = {"Chí Linh", "Kinh Môn", "Nam Sách",
                                           "Thanh Hà", "Tứ Kỳ",    "Gia Lộc"};
// The kind each of bench_units() issues, in its order.
constexpr v1::AlertKind kUnitKinds[] = {v1::ANIMAL_DISEASE, v1::CROP_PEST, v1::FOREST_FIRE,
                                        v1::UNSAFE_FOOD};
// Most alerts are minor or moderate, a quarter severe, a few extreme.
constexpr v1::Severity kSeverities[] = {
    v1::MINOR,  v1::MODERATE, v1::MINOR,  v1::MODERATE, v1::SEVERE, v1::MODERATE, v1::MINOR,
    v1::SEVERE, v1::MODERATE, v1::SEVERE, v1::MODERATE, v1::MINOR,  v1::MODERATE, v1::SEVERE,
    v1::MINOR,  v1::MODERATE, v1::SEVERE, v1::MODERATE, v1::MINOR,  v1::EXTREME};

const char* kind_title(std::size_t kind) {
  switch (kind) {
    case 0:
      return "Dịch tả lợn châu Phi";
    case 1:
      return "Sâu đục cuống quả gây hại vải thiều";
    case 2:
      return "Điểm cháy rừng";
    default:
      return "Phát hiện hàn the trong chả mực";
  }
}

}  // namespace

const std::vector<std::string>& bench_units() {
  static const std::vector<std::string> units{"cnty", "bvtv", "kiem-lam", "qlcl"};
  return units;
}

v1::Event bench_alert(std::size_t i, const std::string& node, const std::string& title_tag) {
  const std::size_t kind = i % 4;
  const bool bac_giang = node == "bac-giang";
  v1::Event event = testing::sample_alert_of(kUnitKinds[kind]);
  event.set_sender_unit(node + "/" + bench_units()[kind]);
  const Province& province = (bac_giang ? kBacGiang : kHaiDuong)[(i / 4) % 2];
  event.clear_areas();
  v1::Area* area = event.add_areas();
  area->set_code(province.code);
  area->set_scheme(province.scheme);
  area->set_name(province.name);
  event.set_severity(kSeverities[(i / 8) % std::size(kSeverities)]);
  const char* place = (bac_giang ? kBacGiangPlaces : kHaiDuongPlaces)[(i / 3) % 6];
  event.set_title(std::string(kind_title(kind)) + " tại " + place + " " + title_tag);
  return event;
}

FillRun fill(DashboardFederation& federation, std::size_t total, double share_bac_giang,
             std::size_t window) {
  const auto at_bac_giang =
      static_cast<std::size_t>(static_cast<double>(total) * share_bac_giang + 0.5);
  std::mutex mutex;
  FillRun run;
  std::string failure;
  std::vector<std::thread> threads;
  const Clock::time_point start = Clock::now();
  for (const std::size_t node : {DashboardFederation::kBacGiang, DashboardFederation::kHaiDuong}) {
    const std::string node_id = DashboardFederation::node_id(node);
    const std::size_t node_total =
        node == DashboardFederation::kBacGiang ? at_bac_giang : total - at_bac_giang;
    for (std::size_t unit = 0; unit < 4; ++unit) {
      client::PublisherOptions options;
      options.endpoint = federation.endpoint(node);
      options.window = window;
      options.ack_timeout = std::chrono::seconds(30);
      options.credentials = federation.credentials(node_id + "/" + bench_units()[unit], node);
      // Alerts i with i % 4 == unit are this unit's.
      const std::size_t count = node_total / 4 + (unit < node_total % 4 ? 1 : 0);
      threads.emplace_back([&, options, node_id, unit, count] {
        std::size_t published = 0;
        std::size_t refused = 0;
        std::string refusal;
        const auto take = [&](const std::vector<client::PublishResult>& results) {
          for (const client::PublishResult& result : results) {
            if (result.status.ok()) {
              ++published;
            } else if (++refused == 1) {
              refusal = result.status.to_string();
            }
          }
        };
        try {
          StatusOr<std::unique_ptr<client::Publisher>> publisher =
              client::Publisher::connect(options);
          if (!publisher.ok()) {
            throw std::runtime_error(publisher.status().to_string());
          }
          for (std::size_t k = 0; k < count; ++k) {
            const std::size_t i = unit + 4 * k;
            const StatusOr<std::string> submitted = publisher.value()->submit(
                bench_alert(i, node_id, "(số " + std::to_string(i + 1) + ")"));
            if (!submitted.ok()) {
              throw std::runtime_error(submitted.status().to_string());
            }
            StatusOr<std::vector<client::PublishResult>> results =
                publisher.value()->poll(std::chrono::milliseconds(0));
            if (results.ok()) {
              take(results.value());
            }
          }
          const Status flushed = publisher.value()->flush(std::chrono::seconds(300));
          if (!flushed.ok()) {
            throw std::runtime_error(flushed.to_string());
          }
          StatusOr<std::vector<client::PublishResult>> results =
              publisher.value()->poll(std::chrono::milliseconds(0));
          if (results.ok()) {
            take(results.value());
          }
        } catch (const std::exception& error) {
          std::lock_guard lock(mutex);
          failure = node_id + "/" + bench_units()[unit] + ": " + error.what();
        }
        std::lock_guard lock(mutex);
        run.published += published;
        run.refused += refused;
        if (run.first_refusal.empty()) {
          run.first_refusal = refusal;
        }
      });
    }
  }
  for (std::thread& thread : threads) {
    thread.join();
  }
  run.seconds = seconds_between(start, Clock::now());
  if (!failure.empty()) {
    throw std::runtime_error("publishing failed: " + failure);
  }
  return run;
}

}  // namespace alertbus::bench
