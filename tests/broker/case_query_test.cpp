// A CaseQuery is checked as a whole before it reaches the projection: lists bounded as a
// Query's filter is, each entry of its shape (issue "Hardening", item 13: 40,000 area codes
// came back as STORE_FAILURE with SQLite's text).
#include "casework/case_query.hpp"

#include <catch2/catch.hpp>

namespace alertbus::broker {

TEST_CASE("A CaseQuery with too many or malformed entries is refused with the field named") {
  const CaseQueryContext context;
  CaseFilter filter;
  v1::CaseQuery query;
  for (int i = 0; i < 64; ++i) {
    query.add_area_codes("VN-2004:" + std::to_string(10 + i));
  }
  CHECK(case_filter_for(query, context, &filter).ok());  // 64 is the bound, allowed.

  for (int i = 0; i < 40000; ++i) {
    query.add_area_codes("VN-2025:24");
  }
  Status refused = case_filter_for(query, context, &filter);
  CHECK(refused.code() == v1::VALUE_OUT_OF_RANGE);
  CHECK(refused.field() == "area_codes");
  CHECK(refused.message() == "area_codes has 40064 entries; at most 64");

  v1::CaseQuery bad_code;
  bad_code.add_area_codes("VN-2025:24' OR 1=1 --");
  refused = case_filter_for(bad_code, context, &filter);
  CHECK(refused.code() == v1::INVALID_VALUE);
  CHECK(refused.field() == "area_codes");
  // A code without its scheme: VN-2004 24 and VN-2025 24 are other places.
  v1::CaseQuery bare_code;
  bare_code.add_area_codes("24");
  refused = case_filter_for(bare_code, context, &filter);
  CHECK(refused.code() == v1::INVALID_VALUE);
  CHECK(refused.field() == "area_codes");

  v1::CaseQuery long_reference;
  long_reference.set_reference(std::string(200000, 'B'));
  refused = case_filter_for(long_reference, context, &filter);
  CHECK(refused.code() == v1::TOO_LONG);
  CHECK(refused.field() == "reference");
  CHECK(refused.message().size() < 100);  // The input is not echoed.

  v1::CaseQuery many_origins;
  for (int i = 0; i < 65; ++i) {
    many_origins.add_origin_nodes("node-" + std::to_string(i));
  }
  CHECK(case_filter_for(many_origins, context, &filter).field() == "origin_nodes");
}

TEST_CASE("A CaseQuery's areas keep their scheme, a VN-2025 province covering its VN-2004 parts") {
  CaseQueryContext context;
  auto areas = protocol::AreaTable::load(ALERTBUS_SOURCE_DIR "/deploy/areas/provinces.csv");
  REQUIRE(areas.ok());
  context.areas = std::make_shared<const protocol::AreaTable>(std::move(areas).value());
  auto keys_for = [&](const std::string& key) {
    v1::CaseQuery query;
    query.add_area_codes(key);
    CaseFilter filter;
    REQUIRE(case_filter_for(query, context, &filter).ok());
    return filter.area_codes;
  };
  using Keys = std::vector<std::string>;
  CHECK(keys_for("VN-2025:24") == Keys{"VN-2004:24", "VN-2004:27", "VN-2025:24"});
  CHECK(keys_for("VN-2004:24") == Keys{"VN-2004:24"});
  CHECK(keys_for("VN-2004:07360") == Keys{"VN-2004:07360"});
}

}  // namespace alertbus::broker
