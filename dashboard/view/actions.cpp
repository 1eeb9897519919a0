// The actions on an alert and the rules that allow them (actions.hpp).
#include "dashboard/view/actions.hpp"

#include <algorithm>

#include "alertctl/names.hpp"

namespace alertbus::dashboard {
namespace {

using alertctl::Text;

struct Action {
  std::string_view name;
  v1::EventType type;
  Text label;
  Text verb;  // What the issuer does: "đóng", "close".
};

const Action kActions[] = {
    {"ack", v1::ACKNOWLEDGE, {"Xác nhận đã nhận", "Acknowledge"}, {"xác nhận", "acknowledge"}},
    {"info", v1::ADDITIONAL_INFO, {"Bổ sung thông tin", "Add information"}, {"bổ sung", "add to"}},
    {"measures",
     v1::MEASURES_TAKEN,
     {"Báo cáo biện pháp đã thực hiện", "Report measures taken"},
     {"báo cáo biện pháp cho", "report measures on"}},
    {"request-info",
     v1::REQUEST_INFO,
     {"Yêu cầu thông tin", "Request information"},
     {"yêu cầu thông tin về", "request information on"}},
    {"answer",
     v1::ANSWER_INFO,
     {"Trả lời yêu cầu thông tin", "Answer a request for information"},
     {"trả lời về", "answer on"}},
    {"close", v1::CLOSE, {"Đóng cảnh báo", "Close the alert"}, {"đóng", "close"}},
    {"cancel", v1::CANCEL, {"Hủy cảnh báo", "Cancel the alert"}, {"hủy", "cancel"}},
    {"withdraw", v1::WITHDRAW, {"Thu hồi cảnh báo", "Withdraw the alert"}, {"thu hồi", "withdraw"}},
};

const Action* find_action(std::string_view name) {
  const auto* found = std::find_if(std::begin(kActions), std::end(kActions),
                                   [&](const Action& action) { return action.name == name; });
  return found == std::end(kActions) ? nullptr : found;
}

bool issuer_only(v1::EventType type) {
  return type == v1::CLOSE || type == v1::CANCEL || type == v1::WITHDRAW;
}

std::string state_vi(const v1::AlertCase& alert_case) {
  return alertctl::alert_state_label(alert_case.state(), Language::kVi);
}

std::string state_en(const v1::AlertCase& alert_case) {
  return alertctl::alert_state_label(alert_case.state(), Language::kEn);
}

bool asked(const v1::AlertCase& alert_case) {
  return std::any_of(alert_case.follow_ups().begin(), alert_case.follow_ups().end(),
                     [](const v1::FollowUpCount& count) {
                       return count.type() == v1::REQUEST_INFO && count.count() > 0;
                     });
}

std::optional<Refusal> acknowledge_refusal(const v1::AlertCase& alert_case, const Viewer& viewer,
                                           const alertctl::Names& names) {
  if (viewer.node_id == alert_case.origin_node()) {
    return Refusal{"Cảnh báo do tỉnh mình phát; chỉ các tỉnh nhận cần xác nhận",
                   "Your own province issued this alert; only receiving provinces acknowledge",
                   "origin_node"};
  }
  const auto receiver =
      std::find_if(alert_case.receivers().begin(), alert_case.receivers().end(),
                   [&](const v1::ReceiverCase& entry) { return entry.node() == viewer.node_id; });
  if (receiver == alert_case.receivers().end()) {
    return Refusal{"Tỉnh " + names.node(viewer.node_id) + " không nhận cảnh báo này",
                   names.node(viewer.node_id) + " is not a receiver of this alert", "not_receiver"};
  }
  if (receiver->state() >= v1::RECEIVER_ACKNOWLEDGED) {
    std::string by_vi;
    std::string by_en;
    if (!receiver->acknowledged_by().empty()) {
      by_vi = " (" + names.unit(receiver->acknowledged_by()) + ")";
      by_en = by_vi;
    }
    return Refusal{"Tỉnh " + names.node(viewer.node_id) + " đã xác nhận cảnh báo này" + by_vi,
                   names.node(viewer.node_id) + " has acknowledged this alert already" + by_en,
                   "acknowledged"};
  }
  return std::nullopt;
}

}  // namespace

std::optional<v1::EventType> action_type(std::string_view name) {
  const Action* action = find_action(name);
  return action == nullptr ? std::nullopt : std::optional<v1::EventType>(action->type);
}

const std::vector<std::string>& action_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> list;
    for (const Action& action : kActions) {
      list.emplace_back(action.name);
    }
    return list;
  }();
  return names;
}

std::optional<Refusal> refusal(std::string_view name, const v1::AlertCase& alert_case,
                               const Viewer& viewer, const alertctl::Names& names) {
  const Action* action = find_action(name);
  if (action == nullptr) {
    return Refusal{"Không có hành động «" + std::string(name) + "»",
                   "There is no action \"" + std::string(name) + "\"", "unknown_action"};
  }
  const v1::AlertState state = alert_case.state();
  if (state == v1::ALERT_CANCELLED || state == v1::ALERT_WITHDRAWN) {
    return Refusal{"Cảnh báo đang ở trạng thái «" + state_vi(alert_case) +
                       "»: không nhận thêm thông tin tiếp theo",
                   "The alert is " + state_en(alert_case) + ": it takes no further follow-ups",
                   "state"};
  }
  if (std::find(viewer.kinds.begin(), viewer.kinds.end(), alert_case.kind()) ==
      viewer.kinds.end()) {
    return Refusal{"Đơn vị " + names.unit(viewer.unit_id) + " không xử lý loại cảnh báo «" +
                       alertctl::kind_label(alert_case.kind(), Language::kVi) + "»",
                   "Unit " + names.unit(viewer.unit_id) + " does not handle " +
                       alertctl::kind_label(alert_case.kind(), Language::kEn) + " alerts",
                   "kind"};
  }
  if (issuer_only(action->type)) {
    if (viewer.unit_id != alert_case.sender_unit()) {
      const std::string issuer = names.unit(alert_case.sender_unit());
      return Refusal{
          "Chỉ đơn vị phát cảnh báo (" + issuer + ") được " + action->verb.vi + " cảnh báo này",
          "Only the issuing unit (" + issuer + ") may " + action->verb.en + " this alert",
          "issuer_only"};
    }
    if (!viewer.can_issue) {
      return Refusal{
          "Khóa của bảng điều khiển chỉ được xác nhận, bổ sung thông tin, báo cáo "
          "biện pháp, yêu cầu và trả lời thông tin",
          "A dashboard key may only acknowledge, add information, report measures, "
          "request and answer information",
          "dashboard_key"};
    }
  }
  if (state == v1::ALERT_RESOLVED && (action->type == v1::CLOSE || action->type == v1::WITHDRAW)) {
    return Refusal{"Cảnh báo đang ở trạng thái «" + state_vi(alert_case) + "»: không thể " +
                       action->verb.vi + " nữa",
                   "The alert is " + state_en(alert_case) + ": it can no longer be " +
                       (action->type == v1::CLOSE ? "closed" : "withdrawn"),
                   "state"};
  }
  if (action->type == v1::ACKNOWLEDGE) {
    return acknowledge_refusal(alert_case, viewer, names);
  }
  if (action->type == v1::ANSWER_INFO && !asked(alert_case)) {
    return Refusal{"Chưa có yêu cầu thông tin nào để trả lời",
                   "Nobody has requested information on this alert", "nothing_to_answer"};
  }
  return std::nullopt;
}

json action_specs(const v1::AlertCase& alert_case, const Viewer& viewer,
                  const alertctl::Names& names, Language language) {
  json specs = json::array();
  for (const Action& action : kActions) {
    const std::optional<Refusal> refused = refusal(action.name, alert_case, viewer, names);
    specs.push_back(json{{"type", action.name},
                         {"label", tr(action.label, language)},
                         {"allowed", !refused.has_value()},
                         {"reason", !refused                    ? std::string()
                                    : language == Language::kVi ? refused->vi
                                                                : refused->en}});
  }
  return specs;
}

}  // namespace alertbus::dashboard
