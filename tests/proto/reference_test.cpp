// References as every node reads them (alertbus/protocol/reference.hpp): the yearly series,
// a follow-up's within its alert, by its own node or another, and the alert a follow-up's
// reference names.
#include "alertbus/protocol/reference.hpp"

#include <catch2/catch.hpp>

namespace alertbus::protocol {

TEST_CASE("A yearly reference is a prefix, a year and five to twelve digits") {
  CHECK(is_yearly_reference("BG-2026-00042"));
  CHECK(is_yearly_reference("BG-2026-00042", "BG"));
  CHECK(is_yearly_reference("QN2-2026-123456789012"));
  CHECK_FALSE(is_yearly_reference("BG-2026-00042", "HD"));
  CHECK_FALSE(is_yearly_reference("BG-2026-0042"));
  CHECK_FALSE(is_yearly_reference("BG-2026-1234567890123"));
  CHECK_FALSE(is_yearly_reference("bg-2026-00042"));
  CHECK_FALSE(is_yearly_reference("BG-26-00042"));
  CHECK_FALSE(is_yearly_reference("-2026-00042"));
  CHECK_FALSE(is_yearly_reference("BG-2026-00042/1"));
  CHECK_FALSE(is_yearly_reference(""));
}

TEST_CASE("A node issues its yearly references and its follow-ups' within an alert") {
  CHECK(issued_by("BG-2026-00042", "BG"));
  CHECK(issued_by("BG-2026-00042/3", "BG"));      // Of its own alert: a plain number.
  CHECK(issued_by("HD-2026-00007/BG-12", "BG"));  // Of another's: its prefix first.
  CHECK_FALSE(issued_by("BG-2026-00042/BG-3", "BG"));
  CHECK_FALSE(issued_by("HD-2026-00007/12", "BG"));
  CHECK_FALSE(issued_by("HD-2026-00007/QN-1", "BG"));
  CHECK_FALSE(issued_by("HD-2026-00007/BG-", "BG"));
  CHECK_FALSE(issued_by("HD-2026-00007/BG-1234567890", "BG"));
  CHECK_FALSE(issued_by("HD-2026-7/BG-1", "BG"));
  CHECK_FALSE(issued_by("BG-2026-00042/", "BG"));
  CHECK_FALSE(issued_by("BG-2026-00042/1/2", "BG"));
}

TEST_CASE("A follow-up's reference names its alert's") {
  CHECK(alert_reference_of("BG-2026-00042/HD-2") == "BG-2026-00042");
  CHECK(alert_reference_of("BG-2026-00042/3") == "BG-2026-00042");
  CHECK(alert_reference_of("BG-2026-00042").empty());
  CHECK(alert_reference_of("").empty());
  CHECK(alert_reference_of("not-a/reference").empty());
}

}  // namespace alertbus::protocol
