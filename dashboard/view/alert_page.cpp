// AlertPage (alert_page.hpp).
#include "dashboard/view/alert_page.hpp"

#include "alertbus/protocol/event_body.hpp"
#include "alertctl/names.hpp"
#include "dashboard/view/actions.hpp"
#include "dashboard/view/case_item.hpp"
#include "dashboard/view/timeline.hpp"

namespace alertbus::dashboard {
namespace {

namespace pb = google::protobuf;
using alertctl::Text;
using protocol::Vocabulary;

const Text kState{"Tình trạng cảnh báo", "Alert state"};
const Text kOrigin{"Tỉnh phát cảnh báo", "Issuing province"};
const Text kSent{"Gửi lúc", "Sent at"};

std::string event_label(const char* field, Language language) {
  return alertctl::field_label(*v1::Event::descriptor()->FindFieldByName(field), language);
}

void collect_points(const pb::Message& message, json* points) {
  if (const auto* point = dynamic_cast<const v1::GeoPoint*>(&message)) {
    points->push_back(json{{"lat", point->latitude()}, {"lon", point->longitude()}});
    return;
  }
  const pb::Reflection& r = *message.GetReflection();
  std::vector<const pb::FieldDescriptor*> fields;
  r.ListFields(message, &fields);
  for (const pb::FieldDescriptor* field : fields) {
    if (field->cpp_type() != pb::FieldDescriptor::CPPTYPE_MESSAGE ||
        field->message_type() == v1::Area::descriptor()) {
      continue;  // An area's polygon is its outline, not a place of the alert.
    }
    if (field->is_repeated()) {
      for (int i = 0; i < r.FieldSize(message, field); ++i) {
        collect_points(r.GetRepeatedMessage(message, field, i), points);
      }
    } else {
      collect_points(r.GetMessage(message, field), points);
    }
  }
}

const pb::Message* body_of(const v1::Event& alert) {
  const pb::OneofDescriptor* body = v1::Event::descriptor()->FindOneofByName("body");
  const pb::FieldDescriptor* field = alert.GetReflection()->GetOneofFieldDescriptor(alert, body);
  return field == nullptr ? nullptr : &alert.GetReflection()->GetMessage(alert, field);
}

// "Bắc Ninh (24, VN-2025)": the name in the language, then its code and scheme.
std::string area_words(const v1::Area& area, const protocol::AreaTable* areas, Language language) {
  const json named_area = area_json(area, areas, language);
  std::string code = area.code();
  if (!area.scheme().empty()) {
    code += (code.empty() ? "" : ", ") + area.scheme();
  }
  const std::string name = named_area["name"].get<std::string>();
  return name == area.code() || code.empty() ? (code.empty() ? name : code)
                                             : name + " (" + code + ")";
}

}  // namespace

json envelope_rows(const v1::Event& alert, const v1::AlertCase& alert_case,
                   const alertctl::Names& names, Language language,
                   const protocol::AreaTable* areas) {
  json rows = json::array();
  const auto add = [&](std::string label, const std::string& value) {
    if (!value.empty()) {
      rows.push_back(row(label, value));
    }
  };
  add(event_label("kind", language), alertctl::kind_label(alert_case.kind(), language));
  add(event_label("severity", language), alertctl::severity_label(alert_case.severity(), language));
  if (alert.urgency() != v1::URGENCY_UNSPECIFIED) {
    add(event_label("urgency", language),
        alertctl::label(Vocabulary::kUrgency, alert.urgency(), language));
  }
  if (alert.certainty() != v1::CERTAINTY_UNSPECIFIED) {
    add(event_label("certainty", language),
        alertctl::label(Vocabulary::kCertainty, alert.certainty(), language));
  }
  add(event_label("status", language),
      alertctl::label(Vocabulary::kStatus, alert_case.status(), language));
  add(tr(kState, language), alertctl::alert_state_label(alert_case.state(), language));
  add(event_label("sender_unit", language), names.unit(alert_case.sender_unit()));
  add(tr(kOrigin, language), names.node(alert_case.origin_node()));
  add(tr(kSent, language), vietnam_text(alert_case.sent_at(), alert_case.has_sent_at(), language));
  add(event_label("effective", language),
      vietnam_text(alert.effective(), alert.has_effective(), language));
  add(event_label("expires", language),
      vietnam_text(alert_case.expires(), alert_case.has_expires(), language));
  const auto& area_list = alert.areas().empty() ? alert_case.areas() : alert.areas();
  if (!area_list.empty()) {
    json group = json::array();
    for (const v1::Area& area : area_list) {
      group.push_back(row(event_label("areas", language), area_words(area, areas, language)));
    }
    rows.push_back(json{{"label", event_label("areas", language)}, {"rows", std::move(group)}});
  }
  add(event_label("description", language), alert.description());
  add(event_label("contact", language), alert.contact());
  return rows;
}

json body_rows(const v1::Event& alert, Language language) {
  const pb::Message* body = body_of(alert);
  return body == nullptr ? json::array()
                         : rows_of(alertctl::body_lines(*body, language,
                                                        /*page_style=*/true));
}

json body_points(const v1::Event& alert) {
  json points = json::array();
  if (const pb::Message* body = body_of(alert)) {
    collect_points(*body, &points);
  }
  return points;
}

json alert_page(const v1::AlertCase& alert_case, const std::vector<v1::StoredEvent>& case_events,
                const Viewer& viewer, const alertctl::Names& names, Language language,
                const protocol::AreaTable* areas) {
  v1::Event alert;
  const v1::StoredEvent* stored_alert = nullptr;
  for (const v1::StoredEvent& stored : case_events) {
    if (stored.type() == v1::ALERT && stored.event_id() == alert_case.event_id() &&
        alert.ParseFromString(stored.event())) {
      stored_alert = &stored;
      break;
    }
  }
  if (stored_alert == nullptr) {
    alert.Clear();
  }
  json item = case_item(alert_case, viewer, names, language, false, 0, areas);
  item["points"] = body_points(alert);  // Every place, not only the case's first 32.
  item["points_left_out"] = 0;

  // The nodes that stored the alert before this one, origin first; a path the log does not
  // hold (an event stored before paths were kept) starts at least with the origin.
  json path = json::array();
  if (stored_alert != nullptr) {
    for (const std::string& node : stored_alert->path()) {
      path.push_back(node_ref(node, names));
    }
  }
  if (path.empty() && !alert_case.origin_node().empty() &&
      alert_case.origin_node() != viewer.node_id) {
    path.push_back(node_ref(alert_case.origin_node(), names));
  }
  if (!viewer.node_id.empty()) {
    path.push_back(node_ref(viewer.node_id, names));
  }

  return json{
      {"case", std::move(item)},
      {"envelope", envelope_rows(alert, alert_case, names, language, areas)},
      {"body", body_rows(alert, language)},
      {"timeline", timeline(case_events, names, language)},
      {"path", std::move(path)},
      {"actions", action_specs(alert_case, viewer, names, language)},
  };
}

}  // namespace alertbus::dashboard
