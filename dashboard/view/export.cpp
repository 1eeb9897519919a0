// The filtered view as CSV and GeoJSON (export.hpp).
#include "dashboard/view/export.hpp"

#include <vector>

#include "alertctl/report.hpp"

namespace alertbus::dashboard {
namespace {

using alertctl::Text;

const Text kHeader[] = {
    {"Số hiệu", "Reference"},
    {"Loại cảnh báo", "Kind"},
    {"Mức độ nghiêm trọng", "Severity"},
    {"Tình trạng", "State"},
    {"Tiêu đề", "Title"},
    {"Gửi lúc", "Sent"},
    {"Tỉnh phát", "Issuing province"},
    {"Đơn vị gửi", "Sending unit"},
    {"Khu vực", "Areas"},
    {"Quá hạn", "Overdue"},
    {"Số thông tin tiếp theo", "Follow-ups"},
    {"Các tỉnh nhận", "Receivers"},
};
const Text kYes{"có", "yes"};
const Text kNo{"không", "no"};

std::string text_of(const json& value) {
  return value.is_string() ? value.get<std::string>() : std::string();
}

std::string area_names(const json& item) {
  std::string names;
  for (const json& area : item.value("areas", json::array())) {
    names += (names.empty() ? "" : ", ") + text_of(area.value("name", json()));
  }
  return names;
}

void add_line(const std::vector<std::string>& cells, std::string* out) {
  for (std::size_t i = 0; i < cells.size(); ++i) {
    *out += (i == 0 ? "" : ",") + alertctl::csv_field(cells[i]);
  }
  *out += "\r\n";
}

}  // namespace

std::string cases_csv(const json& case_items, Language language) {
  std::string out = "\xEF\xBB\xBF";
  std::vector<std::string> header;
  for (const Text& text : kHeader) {
    header.push_back(tr(text, language));
  }
  add_line(header, &out);
  for (const json& item : case_items) {
    std::string receivers;
    for (const json& receiver : item.value("receivers", json::array())) {
      receivers += (receivers.empty() ? "" : "; ") + text_of(receiver["node"]["name"]) + ": " +
                   text_of(receiver["state"]["label"]);
    }
    add_line({text_of(item["reference"]), text_of(item["kind"]["label"]),
              text_of(item["severity"]["label"]), text_of(item["state"]["label"]),
              text_of(item["title"]), text_of(item["sent_text"]), text_of(item["origin"]["name"]),
              text_of(item["sender"]["name"]), area_names(item),
              tr(item.value("overdue", false) ? kYes : kNo, language),
              std::to_string(item.value("follow_up_count", 0U)), receivers},
             &out);
  }
  return out;
}

json cases_geojson(const json& case_items) {
  json features = json::array();
  for (const json& item : case_items) {
    json coordinates = json::array();
    for (const json& point : item.value("points", json::array())) {
      coordinates.push_back(json::array({point["lon"], point["lat"]}));  // GeoJSON: lon, lat.
    }
    json geometry = nullptr;
    if (coordinates.size() == 1) {
      geometry = json{{"type", "Point"}, {"coordinates", coordinates[0]}};
    } else if (coordinates.size() > 1) {
      geometry = json{{"type", "MultiPoint"}, {"coordinates", std::move(coordinates)}};
    }
    features.push_back(json{
        {"type", "Feature"},
        {"geometry", std::move(geometry)},
        {"properties", json{{"reference", item.value("reference", "")},
                            {"kind", item["kind"]},
                            {"severity", item["severity"]},
                            {"state", item["state"]},
                            {"title", item.value("title", "")},
                            {"sent_at", item.value("sent_at", json())},
                            {"sent_text", item.value("sent_text", "")},
                            {"origin", item.value("origin", json())},
                            {"areas", item.value("areas", json::array())},
                            {"overdue", item.value("overdue", false)}}},
    });
  }
  return json{{"type", "FeatureCollection"}, {"features", std::move(features)}};
}

}  // namespace alertbus::dashboard
