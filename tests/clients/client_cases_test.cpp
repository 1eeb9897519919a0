// Tests of alertbus::client::Client::cases() and all_cases() against a scripted fake broker
// that answers CaseQuery frames from five canned cases, two per page.
#include <catch2/catch.hpp>

#include "alertbus/client/client.hpp"
#include "clients/fake_broker.hpp"

namespace {

using namespace std::chrono_literals;
using alertbus::client::Client;
using alertbus::client::ClientOptions;
using alertbus::testing::error_reply;
using alertbus::testing::FakeBroker;
namespace v1 = alertbus::v1;

// Five cases BG-2026-00001..5; pages of two, the token being the index of the next case.
std::vector<v1::Frame> answer_case_query(const FakeBroker::Received& received) {
  if (!received.frame.has_case_query()) {
    return {};
  }
  const v1::CaseQuery& query = received.frame.case_query();
  if (query.page_token() == "bad") {
    return {error_reply(received.frame.request_id(), v1::INVALID_PAGE_TOKEN)};
  }
  v1::Frame reply;
  reply.set_request_id(received.frame.request_id());
  v1::CaseList* list = reply.mutable_case_list();
  if (!query.reference().empty()) {
    if (query.reference() != "BG-2026-00003") {
      return {error_reply(received.frame.request_id(), v1::NOT_FOUND)};
    }
    list->add_cases()->set_reference(query.reference());
    return {reply};
  }
  const int start = query.page_token().empty() ? 0 : std::stoi(query.page_token());
  for (int i = start; i < start + 2 && i < 5; ++i) {
    v1::AlertCase* alert_case = list->add_cases();
    alert_case->set_reference("BG-2026-0000" + std::to_string(i + 1));
    alert_case->set_state(v1::ALERT_ACTIVE);
  }
  if (start + 2 < 5) {
    list->set_next_page_token(std::to_string(start + 2));
  }
  return {reply};
}

std::unique_ptr<Client> connect_client(const FakeBroker& broker) {
  ClientOptions options;
  options.endpoint = broker.endpoint();
  options.request_timeout = 2s;
  auto client = Client::connect(options);
  REQUIRE(client.ok());
  return std::move(client).value();
}

}  // namespace

TEST_CASE("cases() sends the CaseQuery as it is and returns one page") {
  FakeBroker broker(answer_case_query);
  auto client = connect_client(broker);
  v1::CaseQuery query;
  query.add_kinds(v1::ANIMAL_DISEASE);
  query.add_states(v1::ALERT_ACTIVE);
  query.set_text("lo mom");
  query.set_page_size(2);

  auto page = client->cases(query);

  REQUIRE(page.ok());
  REQUIRE(page->cases_size() == 2);
  CHECK(page->cases(0).reference() == "BG-2026-00001");
  CHECK(page->next_page_token() == "2");
  const auto sent = broker.received(v1::Frame::kCaseQuery);
  REQUIRE(sent.size() == 1);
  CHECK(sent[0].frame.case_query().text() == "lo mom");
  CHECK(sent[0].frame.case_query().kinds(0) == v1::ANIMAL_DISEASE);
  CHECK(sent[0].frame.case_query().states(0) == v1::ALERT_ACTIVE);
  CHECK(sent[0].frame.case_query().page_size() == 2);
}

TEST_CASE("cases() maps an Error frame to its status") {
  FakeBroker broker(answer_case_query);
  auto client = connect_client(broker);
  v1::CaseQuery query;
  query.set_page_token("bad");
  CHECK(client->cases(query).status().code() == v1::INVALID_PAGE_TOKEN);
  v1::CaseQuery by_reference;
  by_reference.set_reference("BG-2026-00099");
  CHECK(client->cases(by_reference).status().code() == v1::NOT_FOUND);
}

TEST_CASE("cases() refuses an answer that is not a CaseList") {
  FakeBroker broker([](const FakeBroker::Received& received) {
    v1::Frame reply;
    reply.set_request_id(received.frame.request_id());
    reply.mutable_query_result();
    return std::vector<v1::Frame>{reply};
  });
  auto client = connect_client(broker);
  CHECK(client->cases(v1::CaseQuery()).status().code() == v1::INTERNAL);
}

TEST_CASE("all_cases() follows the page tokens to the last page") {
  FakeBroker broker(answer_case_query);
  auto client = connect_client(broker);

  auto all = client->all_cases(v1::CaseQuery(), 100);

  REQUIRE(all.ok());
  REQUIRE(all->size() == 5);
  CHECK((*all)[0].reference() == "BG-2026-00001");
  CHECK((*all)[4].reference() == "BG-2026-00005");
  const auto sent = broker.received(v1::Frame::kCaseQuery);
  REQUIRE(sent.size() == 3);
  CHECK(sent[0].frame.case_query().page_token().empty());
  CHECK(sent[1].frame.case_query().page_token() == "2");
  CHECK(sent[2].frame.case_query().page_token() == "4");
}

TEST_CASE("all_cases() fails rather than return fewer cases than match") {
  FakeBroker broker(answer_case_query);
  auto client = connect_client(broker);
  auto all = client->all_cases(v1::CaseQuery(), 4);
  CHECK(all.status().code() == v1::VALUE_OUT_OF_RANGE);
  CHECK(client->all_cases(v1::CaseQuery(), 5).ok());
}

TEST_CASE("all_cases() asks once for one case by reference") {
  FakeBroker broker(answer_case_query);
  auto client = connect_client(broker);
  v1::CaseQuery query;
  query.set_reference("BG-2026-00003");
  auto all = client->all_cases(query, 10);
  REQUIRE(all.ok());
  REQUIRE(all->size() == 1);
  CHECK(broker.received(v1::Frame::kCaseQuery).size() == 1);
}

TEST_CASE("all_cases() stops on a broker that repeats its page token") {
  FakeBroker broker([](const FakeBroker::Received& received) {
    v1::Frame reply;
    reply.set_request_id(received.frame.request_id());
    reply.mutable_case_list()->add_cases()->set_reference("BG-2026-00001");
    reply.mutable_case_list()->set_next_page_token("again");
    return std::vector<v1::Frame>{reply};
  });
  auto client = connect_client(broker);
  CHECK(client->all_cases(v1::CaseQuery(), 1000).status().code() == v1::INTERNAL);
  CHECK(broker.received(v1::Frame::kCaseQuery).size() == 2);
}
