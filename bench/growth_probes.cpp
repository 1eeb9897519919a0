#include "growth_probes.hpp"

#include <algorithm>
#include <functional>
#include <stdexcept>
#include <system_error>

#include "frame_socket.hpp"
#include "stats.hpp"

namespace alertbus::bench {
namespace {

namespace fs = std::filesystem;

// A first answer slower than this is not asked again (a figure of seconds needs no median).
constexpr double kRepeatBelowMs = 1000;

bool ends_with(const std::string& text, const std::string& end) {
  return text.size() >= end.size() && text.compare(text.size() - end.size(), end.size(), end) == 0;
}

}  // namespace

DataFiles data_files(const fs::path& data_directory) {
  DataFiles files;
  std::error_code error;
  for (const fs::directory_entry& entry : fs::directory_iterator(data_directory, error)) {
    if (!entry.is_regular_file(error)) {
      continue;
    }
    const std::uint64_t bytes = entry.file_size(error);
    const std::string name = entry.path().filename().string();
    if (name == "alertbus.db") {
      files.log += bytes;
    } else if (name == "alertbus.db-wal" || name == "alertbus.db-shm") {
      files.log_wal += bytes;
    } else if (name == "alertbus-projection.db") {
      files.projection += bytes;
    } else if (ends_with(name, "projection.db-wal") || ends_with(name, "projection.db-shm")) {
      files.projection_wal += bytes;
    } else {
      files.other += bytes;
    }
  }
  return files;
}

std::vector<QueryTime> time_case_queries(zmq::context_t& context, const std::string& endpoint,
                                         const std::string& event_id, std::size_t repeats,
                                         std::chrono::milliseconds wait,
                                         std::set<std::string>* too_slow) {
  struct Query {
    const char* name;
    std::function<void(v1::CaseQuery*)> fill;
  };

  const std::vector<Query> queries{
      {"one case by event id", [&](v1::CaseQuery* query) { query->set_event_id(event_id); }},
      {"newest 50 cases", [](v1::CaseQuery* query) { query->set_page_size(50); }},
      {"open crop-pest alerts, page of 1,000",
       [](v1::CaseQuery* query) {
         query->add_kinds(v1::CROP_PEST);
         query->add_states(v1::ALERT_ACTIVE);
         query->set_page_size(1000);
       }},
      {"overdue, page of 50",
       [](v1::CaseQuery* query) {
         query->set_overdue_only(true);
         query->set_page_size(50);
       }},
      {"text matching every case (\"vải thiều\"), page of 50",
       [](v1::CaseQuery* query) {
         query->set_text("vải thiều");
         query->set_page_size(50);
       }},
      {"text matching none (\"lở mồm\"), page of 50",
       [](v1::CaseQuery* query) {
         query->set_text("lở mồm");
         query->set_page_size(50);
       }},
  };
  std::vector<QueryTime> times;
  std::uint64_t request_id = 0;
  v1::Frame request;
  v1::Frame reply;
  for (const Query& query : queries) {
    QueryTime time;
    time.name = query.name;
    if (too_slow->count(time.name) > 0) {
      time.skipped = true;
      times.push_back(time);
      continue;
    }
    // Its own connection: an answer that comes after the wait goes nowhere.
    FrameSocket socket(context, endpoint);
    std::vector<double> samples;
    for (std::size_t i = 0; i < std::max<std::size_t>(repeats, 1); ++i) {
      request.Clear();
      request.set_request_id(++request_id);
      query.fill(request.mutable_case_query());
      const Clock::time_point sent = Clock::now();
      socket.send(request);
      if (!socket.receive_for(&reply, wait)) {
        time.timed_out = true;
        samples.push_back(static_cast<double>(wait.count()));
        break;
      }
      samples.push_back(ms_between(sent, Clock::now()));
      if (!reply.has_case_list() || reply.request_id() != request_id) {
        throw std::runtime_error(std::string("case query \"") + query.name +
                                 "\" answered with: " + reply.ShortDebugString());
      }
      if (i == 0) {
        time.cases = static_cast<std::size_t>(reply.case_list().cases_size());
        if (samples.front() > kRepeatBelowMs) {
          break;
        }
      }
    }
    const LatencySummary summary = summarize(samples);
    time.median_ms = summary.p50_ms;
    time.max_ms = summary.max_ms;
    if (time.timed_out || summary.max_ms > static_cast<double>(wait.count()) / 4) {
      too_slow->insert(time.name);
    }
    times.push_back(time);
  }
  return times;
}

}  // namespace alertbus::bench
