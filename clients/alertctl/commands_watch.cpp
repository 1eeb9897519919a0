// alertctl watch: subscribe, print the stored events that match (catch-up) and then new ones
// as they arrive, until --count events, --timeout seconds in total, or Ctrl-C.
#include <algorithm>
#include <memory>
#include <vector>

#include "alertbus/client/case_watcher.hpp"
#include "alertbus/client/subscriber.hpp"
#include "alertbus/protocol/vietnam_time.hpp"
#include "alertctl/case_render.hpp"
#include "alertctl/commands.hpp"
#include "alertctl/filter_options.hpp"
#include "alertctl/names.hpp"
#include "alertctl/render.hpp"

namespace alertbus::alertctl {
namespace {

using client::Clock;

struct WatchInput {
  std::string durable;
  FilterInput filter;
  bool from_beginning = false;
  std::optional<std::uint64_t> after;
  std::string since;
  bool from_now = false;
  std::optional<std::uint64_t> count;
  bool cases = false;
  bool all_kinds = false;
};

// How long one next() call may block, so that Ctrl-C and the deadline are noticed.
constexpr std::chrono::milliseconds kCaseSlice{200};

// watch --cases: each case as it changes (the broker's case change stream), one line each;
// --after resumes after a position printed before (JSON: "position").
int run_watch_cases(Context& context, const WatchInput& input) {
  if (!input.durable.empty() || !input.since.empty() || !input.filter.types.empty()) {
    return context.usage_error(context.tr(msg::kWatchCasesOptions));
  }
  client::CaseWatcherOptions options;
  options.endpoint = context.global.broker;
  auto keys = context.credentials();
  if (!keys.ok()) {
    return context.input_error(keys.status());
  }
  options.credentials = std::move(keys).value();
  const v1::Filter filter = make_filter(input.filter);
  options.filter.mutable_kinds()->CopyFrom(filter.kinds());
  options.filter.mutable_origin_nodes()->CopyFrom(filter.origin_nodes());
  options.filter.mutable_area_codes()->CopyFrom(filter.area_codes());
  options.filter.set_min_severity(filter.min_severity());
  options.after_position = input.after.value_or(0);
  options.from_now = input.from_now;
  options.subscribe_timeout = context.request_timeout();
  std::optional<Clock::time_point> deadline;
  if (context.global.timeout_seconds) {
    deadline = Clock::now() + context.request_timeout();
  }
  Names names;  // Provinces by name in the text lines.
  if (!context.global.json) {
    int exit_code = kExitOk;
    std::unique_ptr<client::Client> client = context.connect_client(&exit_code);
    if (!client) {
      return exit_code;
    }
    names = fetch_names(*client);
  }
  StatusOr<std::unique_ptr<client::CaseWatcher>> watcher = client::CaseWatcher::connect(options);
  if (!watcher.ok()) {
    return context.report(watcher.status());
  }
  std::uint64_t received = 0;
  while (!stop_requested() && (!input.count || received < *input.count)) {
    std::chrono::milliseconds wait = kCaseSlice;
    if (deadline) {
      const Clock::time_point now = Clock::now();
      if (now >= *deadline) {
        break;
      }
      wait = std::min(wait, std::chrono::ceil<std::chrono::milliseconds>(*deadline - now));
    }
    StatusOr<std::optional<v1::CaseChange>> change = (*watcher)->next(wait);
    if (!change.ok()) {
      return context.report(change.status());
    }
    if (!change->has_value()) {
      continue;
    }
    ++received;
    if (context.global.json) {
      nlohmann::ordered_json line = {{"position", (*change)->position()}};
      line["case"] = cases_json({(*change)->alert_case()}, "")["cases"][0];
      context.out << line.dump() << std::endl;
    } else {
      context.out << case_line((*change)->alert_case(), context.global.language, names)
                  << std::endl;
    }
  }
  (*watcher)->close();
  if (input.count && received < *input.count) {
    context.err << context.tr(msg::kWatchEnded) << received << "/" << *input.count << '\n';
    return kExitIncomplete;
  }
  return kExitOk;
}

// How long one next() call may block, so that Ctrl-C and the deadline are noticed.
constexpr std::chrono::milliseconds kSlice{200};

int run_watch(Context& context, const WatchInput& input) {
  if (input.cases) {
    return run_watch_cases(context, input);
  }
  client::SubscriberOptions options;
  options.endpoint = context.global.broker;
  auto keys = context.credentials();
  if (!keys.ok()) {
    return context.input_error(keys.status());
  }
  options.credentials = std::move(keys).value();
  options.durable_name = input.durable;
  options.filter = make_filter(input.filter);
  // The directory, asked once on a connection of its own: names for the lines, and the
  // kinds of the officer's unit, which a watch follows unless --kind or --all-kinds says,
  // with external notices (EXTERNAL): another agency's alert concerns every unit.
  Names names;
  const bool own_kinds = input.filter.kinds.empty() && !input.all_kinds && options.credentials;
  if (!context.global.json || own_kinds) {
    int ignored = kExitOk;
    if (std::unique_ptr<client::Client> client = context.connect_client(&ignored)) {
      StatusOr<v1::Directory> directory = client->directory();
      if (directory.ok()) {
        names = Names(*directory);
        for (const v1::Directory::Unit& unit : directory->units()) {
          if (own_kinds && unit.id() == options.credentials->keys.principal &&
              unit.kinds_size() > 0) {
            std::string kinds;
            std::vector<int> followed(unit.kinds().begin(), unit.kinds().end());
            if (std::find(followed.begin(), followed.end(), v1::EXTERNAL) == followed.end()) {
              followed.push_back(v1::EXTERNAL);
            }
            for (const int kind : followed) {
              options.filter.add_kinds(static_cast<v1::AlertKind>(kind));
              kinds += (kinds.empty() ? "" : ", ") +
                       kind_label(static_cast<v1::AlertKind>(kind), context.global.language);
            }
            context.err << context.tr(msg::kWatchOwnKinds) << kinds << '\n';
          }
        }
      }
    }
  }
  if (input.after) {
    options.start = client::StartPosition::after(*input.after);
  } else if (!input.since.empty()) {
    const std::optional<std::int64_t> since = protocol::parse_vietnam_time(input.since);
    if (!since) {
      return context.usage_error(std::string(context.tr(msg::kInvalidTime)) + input.since);
    }
    options.start = client::StartPosition::from_time(*since);
  } else if (input.from_now) {
    options.start = client::StartPosition::from_now();
  }
  // --timeout bounds the whole watch; without it, watch runs until --count or Ctrl-C.
  std::optional<Clock::time_point> deadline;
  options.subscribe_timeout = context.request_timeout();
  if (context.global.timeout_seconds) {
    deadline = Clock::now() + context.request_timeout();
  }
  StatusOr<std::unique_ptr<client::Subscriber>> subscriber = client::Subscriber::connect(options);
  if (!subscriber.ok()) {
    return context.report(subscriber.status());
  }
  std::uint64_t received = 0;
  while (!stop_requested() && (!input.count || received < *input.count)) {
    std::chrono::milliseconds wait = kSlice;
    if (deadline) {
      const Clock::time_point now = Clock::now();
      if (now >= *deadline) {
        break;
      }
      wait = std::min(wait, std::chrono::ceil<std::chrono::milliseconds>(*deadline - now));
    }
    StatusOr<std::optional<v1::StoredEvent>> event = (*subscriber)->next(wait);
    if (!event.ok()) {
      return context.report(event.status());
    }
    if (!event->has_value()) {
      continue;
    }
    ++received;
    if (context.global.json) {
      context.out << stored_event_json(**event).dump() << std::endl;
    } else {
      context.out << event_line(**event, context.global.language, names) << std::endl;
    }
  }
  // Acknowledges the last event printed, so a durable watch resumes after it next time.
  (*subscriber)->close();
  if (input.count && received < *input.count) {
    context.err << context.tr(msg::kWatchEnded) << received << "/" << *input.count << '\n';
    return kExitIncomplete;
  }
  return kExitOk;
}

}  // namespace

void add_watch_command(CLI::App& parent, Language lang, std::vector<Command>& commands) {
  auto input = std::make_shared<WatchInput>();
  CLI::App* watch = parent.add_subcommand("watch", tr(msg::kCmdWatch, lang));
  watch->add_option("--durable", input->durable, tr(msg::kOptDurable, lang));
  add_filter_options(*watch, input->filter, lang);
  CLI::Option* beginning =
      watch->add_flag("--from-beginning", input->from_beginning, tr(msg::kOptFromBeginning, lang));
  CLI::Option* after = watch->add_option("--after", input->after, tr(msg::kOptAfter, lang));
  CLI::Option* since = watch->add_option("--since", input->since, tr(msg::kOptSince, lang));
  CLI::Option* now = watch->add_flag("--from-now", input->from_now, tr(msg::kOptFromNow, lang));
  beginning->excludes(after)->excludes(since)->excludes(now);
  after->excludes(since)->excludes(now);
  since->excludes(now);
  watch->add_option("--count", input->count, tr(msg::kOptCount, lang))
      ->check(quiet(CLI::PositiveNumber));
  watch->add_flag("--cases", input->cases, tr(msg::kOptWatchCases, lang));
  watch->add_flag("--all-kinds", input->all_kinds, tr(msg::kOptAllKinds, lang));
  commands.push_back({watch, [input](Context& context) { return run_watch(context, *input); }});
}

}  // namespace alertbus::alertctl
