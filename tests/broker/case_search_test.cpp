// Case search (CaseQuery.text) over a real projection: what matches (whole words, prefixes,
// phrases, across the alert and its follow-ups), the order (bm25, accented words as typed
// first), paging by position, the snippets; and queries by area reaching the areas an
// alert's body names (distribution, threatened areas).
#include <set>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "casework/case_query.hpp"
#include "casework/snippet.hpp"
#include "projector_node.hpp"

namespace alertbus::broker {
namespace {

// The ids of the cases a search for `text` finds, in the projection's order.
std::vector<std::string> searched(const ProjectionDb& projection, const std::string& text) {
  CaseFilter filter;
  filter.search = parse_search(text);
  std::vector<CaseRow> rows;
  REQUIRE(projection.read_cases(filter, &rows).ok());
  std::vector<std::string> ids;
  for (const CaseRow& row : rows) {
    ids.push_back(row.event_id);
  }
  return ids;
}

// The cases a CaseQuery returns, as run_case_query() answers a client.
v1::CaseList queried(const ProjectionDb& projection, const v1::CaseQuery& query) {
  CaseQueryContext context;
  auto areas =
      protocol::AreaTable::load(std::string(ALERTBUS_SOURCE_DIR) + "/deploy/areas/provinces.csv");
  REQUIRE(areas.ok());
  context.areas = std::make_shared<const protocol::AreaTable>(std::move(areas).value());
  context.now_ms = protocol::now_unix_ms();
  auto answer = run_case_query(projection, query, context);
  INFO(answer.status().to_string());
  REQUIRE(answer.ok());
  return std::move(answer).value();
}

// A snippet as text, matched words in [brackets].
std::string marked(const google::protobuf::RepeatedPtrField<v1::TextSpan>& spans) {
  std::string text;
  for (const v1::TextSpan& span : spans) {
    text += span.match() ? "[" + span.text() + "]" : span.text();
  }
  return text;
}

std::string marked(const std::vector<v1::TextSpan>& spans) {
  google::protobuf::RepeatedPtrField<v1::TextSpan> copy(spans.begin(), spans.end());
  return marked(copy);
}

}  // namespace

TEST_CASE("Search wants every word somewhere in the case, without diacritics", "[projector]") {
  ProjectorNode node;
  v1::Event alert = testing::sample_animal_disease();
  alert.set_title("Lở mồm long móng ở trâu bò");
  v1::Event info = testing::sample_follow_up(alert, v1::ADDITIONAL_INFO);
  info.mutable_follow_up()->set_text("Đã tiêu hủy 12 con tại xã Đông Phú");
  v1::Event unrelated = testing::sample_animal_disease();
  unrelated.set_title("Cúm gia cầm");
  node.commit({new_event(alert), from(info, "bac-giang/cnty"), new_event(unrelated)});
  auto projector = node.start();
  wait_for(*projector, node.head());
  auto projection = node.reader();
  auto found = [&](const std::string& text) { return searched(*projection, text); };
  const std::vector<std::string> just_alert = {alert.event_id()};
  CHECK(found("lo mom long mong") == just_alert);
  CHECK(found("LONG MONG dong phu") == just_alert);  // Words from the alert and a follow-up.
  CHECK(found("tieu huy") == just_alert);
  CHECK(found("long mong cum").empty());  // Every word is required.
  CHECK(found("cum gia").size() == 1);
}

TEST_CASE("Search matches whole words, a prefix when asked, and a phrase in quotes",
          "[projector]") {
  ProjectorNode node;
  v1::Event cattle = testing::sample_animal_disease();
  cattle.set_title("Lở mồm long móng ở trâu bò tại Chí Linh");
  cattle.set_description("Vùng giáp ranh huyện Thanh Miện; 3 ha đồng cỏ");
  v1::Event pigs = testing::sample_animal_disease();
  pigs.set_title("Dịch tả lợn châu Phi tại Thanh Hà");
  node.commit({new_event(cattle), new_event(pigs)});
  auto projector = node.start();
  wait_for(*projector, node.head());
  auto projection = node.reader();
  auto found = [&](const std::string& text) {
    const std::vector<std::string> ids = searched(*projection, text);
    return std::set<std::string>(ids.begin(), ids.end());
  };
  // "lợn" is the word lợn, not the start of "long": the cattle case is not found.
  CHECK(found("lợn") == std::set<std::string>{pigs.event_id()});
  CHECK(found("lo*") == std::set<std::string>{cattle.event_id(), pigs.event_id()});
  // Thanh and Hà are both in the cattle case, apart; as a phrase only the pigs' case has them.
  CHECK(found("thanh ha").size() == 2);
  CHECK(found("\"Thanh Hà\"") == std::set<std::string>{pigs.event_id()});
  CHECK(found("\"ha thanh\"").empty());    // A phrase keeps its order.
  CHECK(found("\"thanh ha").size() == 1);  // An unclosed quote ends with the text.
  CHECK(parse_search("\"\" * ()").empty());
}

TEST_CASE("A search's words: folded terms required, the accented ones preferred as typed",
          "[search]") {
  const SearchTerms terms = parse_search("Lợn \"Thanh Hà\" lo* ha");
  CHECK(terms.required == std::vector<std::string>{"\"lon\"", "\"thanh ha\"", "\"lo\"*", "\"ha\""});
  CHECK(terms.any_folded == "text : (\"lon\" OR \"thanh ha\" OR \"lo\"* OR \"ha\")");
  // "ha" was typed without diacritics: it prefers nothing.
  CHECK(terms.any_exact == "exact : (\"lợn\" OR \"thanh hà\")");
  REQUIRE(terms.words.size() == 5);
  CHECK(terms.words[3].folded == "lo");
  CHECK(terms.words[3].prefix);
  CHECK(parse_search("lon ha").any_exact.empty());
}

TEST_CASE("A snippet marks the words as written and cuts a long text around them", "[search]") {
  const std::vector<SearchWord> pig = {{"lon", false}};
  CHECK(marked(make_snippet("BG-2026-00007\nPhát hiện lợn chết (3 con).", pig)) ==
        "BG-2026-00007 · Phát hiện [lợn] chết (3 con).");
  std::string text = "Mở đầu";
  for (int i = 0; i < 40; ++i) {
    text += " chữ";
  }
  text += " đàn lợn nái và lợn thịt chết";
  for (int i = 0; i < 40; ++i) {
    text += " chữ";
  }
  const std::string cut = marked(make_snippet(text, pig, 10));
  // Four words before the first match, then as many as fit: ten in all.
  CHECK(cut == "… chữ chữ chữ đàn [lợn] nái và [lợn] thịt chết …");
  CHECK(marked(make_snippet("Lở mồm long móng", {{"lo", true}})) == "[Lở] mồm [long] móng");
  CHECK(make_snippet("", pig).empty());
}

TEST_CASE("Search ranks the best match first, accented words as typed before folded ones",
          "[search]") {
  ProjectorNode node;
  const std::int64_t t0 = protocol::now_unix_ms() - 10 * kHour;
  v1::Event pigs = testing::sample_animal_disease();
  pigs.set_title("Dịch tả lợn châu Phi: lợn chết tại Lạng Giang");
  pigs.set_description("Ổ dịch ở đàn lợn nái của hộ ông Tâm.");
  v1::Event poultry = testing::sample_animal_disease();
  poultry.set_title("Cúm gia cầm A/H5N1 tại Yên Dũng");
  std::string long_text = "Hộ nuôi gà thả vườn";
  for (int i = 0; i < 60; ++i) {
    long_text += " gà";
  }
  long_text += "; trong thôn cũng có nuôi lợn, chưa thấy bệnh";
  poultry.set_description(long_text);
  v1::Event cattle = testing::sample_animal_disease();  // "lớn" folds to "lon" too.
  cattle.set_title("Lở mồm long móng: đàn bò lớn, trang trại lớn, thiệt hại lớn");
  cattle.set_description("Bò sốt cao, loét miệng và chân.");
  node.commit({from(pigs, "bac-giang/cnty", t0), from(poultry, "bac-giang/cnty", t0 + kHour),
               from(cattle, "bac-giang/cnty", t0 + 2 * kHour)});
  auto projector = node.start();
  wait_for(*projector, node.head());
  auto projection = node.reader();

  // Typed with its diacritics, "lợn" puts the cases that hold "lợn" first (the pigs' case,
  // where it is most frequent, then the poultry case), the cattle case with "lớn" last,
  // although newest and with three folded hits.
  CHECK(searched(*projection, "lợn") ==
        std::vector<std::string>{pigs.event_id(), poultry.event_id(), cattle.event_id()});
  // Typed without them, bm25 alone: three "lon" in a short title beat one in a long text.
  const std::vector<std::string> folded = searched(*projection, "lon");
  REQUIRE(folded.size() == 3);
  CHECK(folded.back() == poultry.event_id());
  CHECK(searched(*projection, "lớn").front() == cattle.event_id());

  // The answer carries each case's snippet, from its best matching event, as written.
  v1::CaseQuery query;
  query.set_text("lợn");
  const v1::CaseList list = queried(*projection, query);
  REQUIRE(list.cases_size() == 3);
  // The snippet opens with the title: the reference, shown beside it anyway, is searched
  // but not quoted.
  CHECK(marked(list.cases(0).snippet()).rfind("Dịch tả [lợn] châu Phi: [lợn] chết", 0) == 0);
  const std::string reference = list.cases(0).reference();
  REQUIRE(!reference.empty());
  CHECK(searched(*projection, reference) == std::vector<std::string>{pigs.event_id()});
  const std::string cut = marked(list.cases(1).snippet());
  INFO(cut);
  CHECK(cut.find("nuôi [lợn], chưa thấy bệnh") != std::string::npos);
  CHECK(cut.rfind("… ", 0) == 0);  // The 60 "gà" before it are cut.
  CHECK(marked(list.cases(2).snippet()).find("[lớn]") != std::string::npos);

  // Pages follow the ranked order by position, each case once.
  query.set_page_size(1);
  std::vector<std::string> paged;
  for (int page = 0; page < 5; ++page) {
    const v1::CaseList one = queried(*projection, query);
    for (const v1::AlertCase& found : one.cases()) {
      paged.push_back(found.event_id());
    }
    if (one.next_page_token().empty()) {
      break;
    }
    CHECK(one.next_page_token().rfind("r1.", 0) == 0);
    query.set_page_token(one.next_page_token());
  }
  CHECK(paged == std::vector<std::string>{pigs.event_id(), poultry.event_id(), cattle.event_id()});
  // Without text, no snippet and the newest first.
  const v1::CaseList newest = queried(*projection, v1::CaseQuery());
  REQUIRE(newest.cases_size() == 3);
  CHECK(newest.cases(0).event_id() == cattle.event_id());
  CHECK(newest.cases(0).snippet().empty());
}

TEST_CASE("A ranked page larger than a read's chunk holds every match once in rank order",
          "[search]") {
  // 300 matches: a page of 300 is read past the 256 rows the unranked reads take at a time,
  // and its pages of 120 follow the same order by position.
  ProjectorNode node;
  const std::int64_t t0 = protocol::now_unix_ms() - 10 * kHour;
  std::vector<NewEvent> events;
  for (int i = 0; i < 300; ++i) {
    v1::Event alert = testing::sample_animal_disease();
    alert.set_title("Dịch tả lợn châu Phi, ổ dịch số " + std::to_string(i));
    events.push_back(from(alert, "bac-giang/cnty", t0 + i));
  }
  node.commit(events);
  auto projector = node.start();
  wait_for(*projector, node.head());
  auto projection = node.reader();

  v1::CaseQuery query;
  query.set_text("lon");
  query.set_page_size(300);
  const v1::CaseList all = queried(*projection, query);
  REQUIRE(all.cases_size() == 300);
  std::set<std::string> once;
  for (const v1::AlertCase& found : all.cases()) {
    once.insert(found.event_id());
  }
  CHECK(once.size() == 300);

  query.set_page_size(120);
  std::vector<std::string> paged;
  for (int page = 0; page < 5; ++page) {
    const v1::CaseList one = queried(*projection, query);
    for (const v1::AlertCase& found : one.cases()) {
      paged.push_back(found.event_id());
    }
    if (one.next_page_token().empty()) {
      break;
    }
    query.set_page_token(one.next_page_token());
  }
  std::vector<std::string> ordered;
  for (const v1::AlertCase& found : all.cases()) {
    ordered.push_back(found.event_id());
  }
  CHECK(paged == ordered);
}

TEST_CASE("A query by area finds food where it was distributed and a fire where it threatens",
          "[search]") {
  ProjectorNode node;
  const v1::Event food = testing::sample_unsafe_food();  // Quảng Ninh; to Bắc Ninh, Hải Phòng.
  const v1::Event fire = testing::sample_forest_fire(v1::ForestFireAlert::FIRE);  // Threatens HP.
  const v1::Event disease = testing::sample_animal_disease();
  node.commit({new_event(food), new_event(fire), new_event(disease)});
  auto projector = node.start();
  wait_for(*projector, node.head());
  auto projection = node.reader();
  auto found_in = [&](const std::string& area) {
    v1::CaseQuery query;
    query.add_area_codes(area);
    std::set<std::string> ids;
    const v1::CaseList list = queried(*projection, query);
    for (const v1::AlertCase& found : list.cases()) {
      ids.insert(found.event_id());
    }
    return ids;
  };
  // The disease alert was issued for Bắc Ninh (24) itself; the food only went there.
  CHECK(found_in("VN-2025:24") == std::set<std::string>{food.event_id(), disease.event_id()});
  CHECK(found_in("VN-2025:31") == std::set<std::string>{food.event_id(), fire.event_id()});
  CHECK(found_in("VN-2025:22") == std::set<std::string>{food.event_id()});  // Its own area.
  v1::CaseQuery one;
  one.set_event_id(food.event_id());
  const v1::AlertCase food_case = queried(*projection, one).cases(0);
  REQUIRE(food_case.related_areas_size() == 2);
  CHECK(food_case.related_areas(0).name() == "Bắc Ninh");
}

}  // namespace alertbus::broker
