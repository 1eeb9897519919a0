// Registry: who may connect and what each may do, and the trust bundle of signing keys. The
// same file (deploy/registry.toml) is held by every node of the federation.
//
//   [[nodes]]                       one per province node (also its federation peers)
//   id = "bac-giang"
//   name = "Bắc Giang"
//   province_codes = ["VN-2004:24", "VN-2025:24"]  the province's area keys (areas.hpp)
//   commune_ranges = ["VN-2004:07201-07780"]      its communes' codes, inclusive ranges
//     A code without its scheme ("24", "07201-07780") is the form before schemes were
//     told apart: it matches the code in either scheme. Write the scheme once every node
//     reads it (a node of an older version compares the whole text with the area's code).
//   curve_public_key = "..."        the node's CurveZMQ key (links authenticate with it)
//   signing_public_key = "..."      the node's signing key (signed checkpoints)
//
//   [[principals]]
//   id = "bac-giang/cnty"           "<node>/<name>": the node it belongs to comes first
//   role = "unit"                   unit | dashboard | operator
//   kinds = ["ANIMAL_DISEASE"]      unit: the kinds it issues and handles
//   acts_for = "bac-giang/cnty"     dashboard: the unit it posts follow-ups for
//   read_kinds = ["ANIMAL_DISEASE"] optional: the kinds it may read (absent: all)
//   curve_public_key = "..."        optional: connecting needs one
//   signing_public_key = "..."      optional: signing events needs one
//   revoked_at = 2026-11-29T08:00:00Z  optional: refused from then on
//
// Keys are Z85 text (keys.hpp). Names are data: nothing here is an enum in code.
//
// Threading: a Registry is immutable once parsed; share it as shared_ptr<const Registry>.
#pragma once

#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "alertbus/v1/common.pb.h"

#include "alertbus/protocol/keys.hpp"
#include "alertbus/protocol/status.hpp"

namespace alertbus::protocol {

enum class Role { kUnit, kDashboard, kOperator, kNode };

// "unit", "dashboard", "operator", "node".
std::string_view role_name(Role role);

// The node part of a principal id "<node>/<name>" (each part 1 to 64 of a-z, 0-9, '-', '_'),
// or nullopt when `id` is not one.
std::optional<std::string> principal_node(std::string_view id);

struct Principal {
  std::string id;    // "bac-giang/cnty", or the node id for a node.
  std::string node;  // The node it belongs to: the id's part before '/'.
  std::string name;  // As people call it ("Chi cục Chăn nuôi và Thú y Bắc Giang"); may be empty.
  Role role = Role::kUnit;
  std::vector<v1::AlertKind> kinds;       // Unit: what it issues and handles.
  std::string acts_for;                   // Dashboard: its unit.
  std::vector<v1::AlertKind> read_kinds;  // Empty: every kind.
  std::optional<Key32> curve_public;
  std::optional<Key32> signing_public;
  // Revoked from this moment (Unix ms); never when absent.
  std::optional<std::int64_t> revoked_at_ms;

  bool revoked_at(std::int64_t unix_ms) const { return revoked_at_ms && unix_ms >= *revoked_at_ms; }

  bool issues(v1::AlertKind kind) const;
  bool reads(v1::AlertKind kind) const;
};

// A province node: its areas, for the rule "a unit issues only in its own province".
struct NodeArea {
  std::string id;
  std::string name;
  // Its references' series ("BG": BG-2026-00042); empty when the registry does not say, and
  // then references from it are not checked.
  std::string reference_prefix;

  struct CommuneRange {
    std::string scheme;  // Empty: either scheme (a range written without one).
    std::uint32_t first = 0;
    std::uint32_t last = 0;  // Inclusive.
  };

  // Area keys ("VN-2025:24"), or bare codes matching either scheme.
  std::vector<std::string> province_codes;
  std::vector<CommuneRange> commune_ranges;

  // True for one of the province codes of that scheme, or a commune code (5 digits) of
  // that scheme in a range. A code is never taken for another scheme's: VN-2025 24 (Bắc
  // Ninh) is not VN-2004 24 (Bắc Giang), except where the registry wrote a bare code.
  bool contains(std::string_view scheme, std::string_view area_code) const;
  // True when `reference` is one this node numbers (always true without a prefix): of its
  // yearly series, "<prefix>-<year>-<number of 5 to 12 digits>", or a follow-up's within an
  // alert, "<alert reference>/<number>" when the alert is of this node's series, or
  // "<alert reference>/<prefix>-<number>" (broker/store/reference_number.hpp).
  bool issues_reference(std::string_view reference) const;
};

class Registry {
 public:
  // Parses registry TOML. Errors name the source, the line and column or the entry.
  static StatusOr<std::shared_ptr<const Registry>> parse(std::string_view text,
                                                         std::string_view source_name);
  static StatusOr<std::shared_ptr<const Registry>> load(const std::string& path);

  const Principal* find(std::string_view id) const;
  const Principal* find_by_curve_key(const Key32& key) const;
  const NodeArea* node(std::string_view id) const;

  std::size_t principal_count() const { return principals_.size(); }

  const std::vector<Principal>& principals() const { return principals_; }

  // The earliest revoked_at of any principal that lies after `unix_ms`, if any: when the
  // principals allowed now next change.
  std::optional<std::int64_t> next_revocation_after(std::int64_t unix_ms) const;

  std::size_t node_count() const { return nodes_.size(); }

  const std::vector<NodeArea>& nodes() const { return nodes_; }

 private:
  std::vector<Principal> principals_;  // Nodes included, as role kNode.
  std::vector<NodeArea> nodes_;
  std::unordered_map<std::string, std::size_t> by_id_;
  std::unordered_map<std::string, std::size_t> by_curve_key_;  // Raw key bytes.
};

// Parse entry point for tests and fuzzing: Registry::parse.
inline StatusOr<std::shared_ptr<const Registry>> parse_registry(std::string_view text,
                                                                std::string_view source_name) {
  return Registry::parse(text, source_name);
}

}  // namespace alertbus::protocol
