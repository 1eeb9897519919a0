#include "security/authority.hpp"

#include <algorithm>
#include <array>

#include "alertbus/protocol/codec.hpp"

namespace alertbus::broker {
namespace {

using protocol::Principal;
using protocol::Role;

// Follow-ups a dashboard may send for its unit: the receiving desk's part of a case. Closing,
// cancelling or changing an alert stays with the unit's own key.
constexpr std::array kDashboardTypes{v1::ACKNOWLEDGE, v1::ADDITIONAL_INFO, v1::MEASURES_TAKEN,
                                     v1::REQUEST_INFO, v1::ANSWER_INFO};

Status denied(const std::string& en, const std::string& vi, std::string field = {}) {
  return Status::error(v1::PERMISSION_DENIED, "permission denied: " + en, "không có quyền: " + vi,
                       std::move(field));
}

Status bad_signature(const std::string& en, const std::string& vi) {
  return Status::error(v1::INVALID_SIGNATURE, en, vi, "signature");
}

std::string kind_name(v1::AlertKind kind) {
  return v1::AlertKind_Name(kind);
}

}  // namespace

Status authorize_event(const protocol::Registry& registry, const SignedEvent& signed_event) {
  const v1::Event& event = *signed_event.event;
  const std::string signer(signed_event.signer);
  if (signer.empty() || signed_event.signature.empty()) {
    return bad_signature("the event is not signed (signer and signature are required)",
                         "sự kiện chưa được ký (cần signer và signature)");
  }
  const Principal* principal = registry.find(signer);
  if (principal == nullptr || !principal->signing_public) {
    // Field "signer": the trust bundle may only lag behind the origin's (a unit added there
    // first); a link waits for it instead of skipping the event (peer_link.cpp).
    return Status::error(
        v1::INVALID_SIGNATURE, "signer '" + signer + "' has no signing key in the trust bundle",
        "người ký '" + signer + "' không có khóa ký trong danh bạ tin cậy", "signer");
  }
  if (principal->revoked_at(signed_event.revocation_check_ms)) {
    return denied("rule 'revoked key': the key of '" + signer + "' is revoked",
                  "quy tắc 'khóa bị thu hồi': khóa của '" + signer + "' đã bị thu hồi");
  }
  // Receipts and overdue notices: issued by a node's broker, for itself, and by no one else.
  if (event.type() == v1::RECEIPT || event.type() == v1::OVERDUE) {
    const std::string type = v1::EventType_Name(event.type());
    if (principal->role != Role::kNode) {
      return denied("rule 'who issues': only brokers issue " + type + ", not '" + signer + "'",
                    "quy tắc 'ai được phát hành': chỉ máy chủ nút mới phát hành " + type +
                        ", không phải '" + signer + "'",
                    "type");
    }
    if (event.sender_unit() != signer + "/broker") {
      return denied("rule 'sender is signer': node '" + signer + "' signed a " + type + " of '" +
                        event.sender_unit() + "'",
                    "quy tắc 'người gửi là người ký': nút '" + signer + "' ký " + type + " của '" +
                        event.sender_unit() + "'",
                    "sender_unit");
    }
    if (signer != signed_event.origin_node) {
      return denied("rule 'own node': node '" + signer + "' issued a " + type +
                        " that originates at '" + std::string(signed_event.origin_node) + "'",
                    "quy tắc 'đúng nút': nút '" + signer + "' phát hành " + type +
                        " phát sinh tại '" + std::string(signed_event.origin_node) + "'");
    }
    if (!protocol::verify_signature(signed_event.bytes, signed_event.signature,
                                    *principal->signing_public)) {
      return bad_signature("the signature does not verify with the key of '" + signer + "'",
                           "chữ ký không khớp với khóa của '" + signer + "'");
    }
    return {};
  }
  const Principal* unit = principal;
  switch (principal->role) {
    case Role::kUnit:
      if (event.sender_unit() != signer) {
        return denied("rule 'sender is signer': '" + signer + "' signed an event of '" +
                          event.sender_unit() + "'",
                      "quy tắc 'người gửi là người ký': '" + signer + "' ký sự kiện của đơn vị '" +
                          event.sender_unit() + "'",
                      "sender_unit");
      }
      break;
    case Role::kDashboard:
      if (event.sender_unit() != principal->acts_for) {
        return denied("rule 'dashboard acts for its unit': '" + signer + "' acts for '" +
                          principal->acts_for + "', not '" + event.sender_unit() + "'",
                      "quy tắc 'bảng điều khiển chỉ đại diện đơn vị của mình': '" + signer +
                          "' đại diện cho '" + principal->acts_for + "', không phải '" +
                          event.sender_unit() + "'",
                      "sender_unit");
      }
      if (std::find(kDashboardTypes.begin(), kDashboardTypes.end(), event.type()) ==
          kDashboardTypes.end()) {
        return denied("rule 'dashboard follow-ups': a dashboard may not send " +
                          v1::EventType_Name(event.type()),
                      "quy tắc 'thông tin tiếp theo của bảng điều khiển': bảng điều khiển không"
                      " được gửi " +
                          v1::EventType_Name(event.type()),
                      "type");
      }
      unit = registry.find(principal->acts_for);
      if (unit == nullptr || unit->revoked_at(signed_event.revocation_check_ms)) {
        return denied(
            "rule 'revoked key': unit '" + principal->acts_for + "' is revoked",
            "quy tắc 'khóa bị thu hồi': đơn vị '" + principal->acts_for + "' đã bị thu hồi");
      }
      break;
    case Role::kOperator:
    case Role::kNode:
      return denied(
          "rule 'who issues': a " + std::string(protocol::role_name(principal->role)) + " ('" +
              signer + "') issues no events",
          "quy tắc 'ai được phát hành': " + std::string(protocol::role_name(principal->role)) +
              " ('" + signer + "') không được phát hành sự kiện");
  }
  if (!unit->issues(event.kind())) {
    return denied("rule 'own kinds': unit '" + unit->id + "' does not issue or handle " +
                      kind_name(event.kind()),
                  "quy tắc 'đúng lĩnh vực': đơn vị '" + unit->id +
                      "' không phát hành hay xử lý loại " + kind_name(event.kind()),
                  "kind");
  }
  if (unit->node != signed_event.origin_node) {
    return denied(
        "rule 'own node': unit '" + unit->id + "' belongs to node '" + unit->node +
            "', but the event originates at '" + std::string(signed_event.origin_node) + "'",
        "quy tắc 'đúng nút': đơn vị '" + unit->id + "' thuộc nút '" + unit->node +
            "' nhưng sự kiện phát sinh tại '" + std::string(signed_event.origin_node) + "'");
  }
  if (event.type() == v1::ALERT) {
    const protocol::NodeArea* province = registry.node(unit->node);
    for (int i = 0; i < event.areas_size(); ++i) {
      const v1::Area& area = event.areas(i);
      if (province == nullptr || !province->contains(area.scheme(), area.code())) {
        return denied("rule 'own province': area " + area.scheme() + " " + area.code() + " (" +
                          area.name() + ") is outside the province of node '" + unit->node + "'",
                      "quy tắc 'đúng tỉnh': địa bàn " + area.scheme() + " " + area.code() + " (" +
                          area.name() + ") nằm ngoài tỉnh của nút '" + unit->node + "'",
                      "areas[" + std::to_string(i) + "].code");
      }
    }
  }
  if (!protocol::verify_signature(signed_event.bytes, signed_event.signature,
                                  *principal->signing_public)) {
    return bad_signature("the signature does not verify with the key of '" + signer + "'",
                         "chữ ký không khớp với khóa của '" + signer + "'");
  }
  return {};
}

Status authorize_publish(const protocol::Principal& principal, std::string_view signer) {
  if (principal.role != Role::kUnit && principal.role != Role::kDashboard) {
    return denied("rule 'who publishes': a " + std::string(protocol::role_name(principal.role)) +
                      " ('" + principal.id + "') may not publish",
                  "quy tắc 'ai được gửi': " + std::string(protocol::role_name(principal.role)) +
                      " ('" + principal.id + "') không được gửi sự kiện");
  }
  if (signer != principal.id) {
    return denied("rule 'connection signs': this connection is '" + principal.id +
                      "' but the event is signed by '" + std::string(signer) + "'",
                  "quy tắc 'kết nối tự ký': kết nối này là '" + principal.id +
                      "' nhưng sự kiện do '" + std::string(signer) + "' ký",
                  "signer");
  }
  return {};
}

Status authorize_read(const protocol::Principal& principal, v1::Filter* filter) {
  if (principal.read_kinds.empty()) {
    return {};
  }
  if (filter->kinds().empty()) {
    for (const v1::AlertKind kind : principal.read_kinds) {
      filter->add_kinds(kind);
    }
    return {};
  }
  for (const int kind : filter->kinds()) {
    if (Status status = authorize_read_kind(principal, static_cast<v1::AlertKind>(kind));
        !status.ok()) {
      return Status::error(status.code(), status.message(), status.message_vi(), "filter.kinds");
    }
  }
  return {};
}

Status authorize_read_kind(const protocol::Principal& principal, v1::AlertKind kind) {
  if (principal.reads(kind)) {
    return {};
  }
  return denied(
      "rule 'read scope': '" + principal.id + "' may not read " + kind_name(kind),
      "quy tắc 'phạm vi đọc': '" + principal.id + "' không được đọc loại " + kind_name(kind));
}

StatusOr<const protocol::Principal*> connection_principal(const protocol::Registry& registry,
                                                          std::string_view id,
                                                          std::int64_t now_ms) {
  const protocol::Principal* principal = registry.find(id);
  if (principal == nullptr || principal->revoked_at(now_ms)) {
    return denied("rule 'revoked key': '" + std::string(id) +
                      "' is no longer in the registry or its key is revoked",
                  "quy tắc 'khóa bị thu hồi': '" + std::string(id) +
                      "' không còn trong danh bạ hoặc khóa đã bị thu hồi");
  }
  return principal;
}

}  // namespace alertbus::broker
