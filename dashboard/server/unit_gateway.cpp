// One unit's connections to its broker (unit_gateway.hpp).
#include "unit_gateway.hpp"

#include <utility>

namespace alertbus::dashboard {

StatusOr<std::unique_ptr<UnitGateway>> UnitGateway::open(const UnitConfig& unit,
                                                         const DashboardConfig& config) {
  StatusOr<std::shared_ptr<const client::Credentials>> credentials =
      client::Credentials::load(unit.key_file, config.server_key);
  if (!credentials.ok()) {
    return credentials.status();
  }
  const std::string& principal = credentials.value()->keys.principal;
  const std::string node = unit.id.substr(0, unit.id.find('/'));
  if (principal.substr(0, principal.find('/')) != node) {
    return Status::error(
        v1::INVALID_VALUE, "the key of " + principal + " is not of unit " + unit.id + "'s node",
        "khóa của " + principal + " không thuộc nút của đơn vị " + unit.id, "unit.key_file");
  }
  auto gateway = std::unique_ptr<UnitGateway>(
      new UnitGateway(unit.id, config.broker_endpoint, std::move(credentials).value(),
                      std::chrono::milliseconds(config.request_timeout_ms)));
  client::PublisherOptions options;
  options.endpoint = config.broker_endpoint;
  options.window = 64;
  options.credentials = gateway->credentials_;
  StatusOr<std::unique_ptr<client::Publisher>> publisher =
      client::Publisher::connect(std::move(options));
  if (!publisher.ok()) {
    return publisher.status();
  }
  gateway->publisher_ = std::move(publisher).value();
  return gateway;
}

UnitGateway::UnitGateway(std::string unit_id, std::string endpoint,
                         std::shared_ptr<const client::Credentials> credentials,
                         std::chrono::milliseconds request_timeout)
    : unit_id_(std::move(unit_id)),
      node_id_(unit_id_.substr(0, unit_id_.find('/'))),
      endpoint_(std::move(endpoint)),
      credentials_(std::move(credentials)),
      request_timeout_(request_timeout) {}

UnitGateway::~UnitGateway() {
  (void)flush(std::chrono::seconds(2));
}

Status UnitGateway::flush(std::chrono::milliseconds timeout) {
  std::lock_guard lock(publish_mutex_);
  return publisher_ ? publisher_->flush(timeout) : Status();
}

const std::string& UnitGateway::principal() const {
  return credentials_->keys.principal;
}

StatusOr<std::unique_ptr<client::Client>> UnitGateway::borrow() {
  std::unique_lock lock(pool_mutex_);
  pool_returned_.wait(lock, [this] { return !idle_.empty() || lent_ < kMaxClients; });
  ++lent_;
  if (!idle_.empty()) {
    std::unique_ptr<client::Client> client = std::move(idle_.back());
    idle_.pop_back();
    return client;
  }
  lock.unlock();
  client::ClientOptions options;
  options.endpoint = endpoint_;
  options.request_timeout = request_timeout_;
  options.credentials = credentials_;
  StatusOr<std::unique_ptr<client::Client>> client = client::Client::connect(std::move(options));
  if (!client.ok()) {
    give_back(nullptr);
  }
  return client;
}

void UnitGateway::give_back(std::unique_ptr<client::Client> client) {
  {
    std::lock_guard lock(pool_mutex_);
    --lent_;
    if (client) {
      idle_.push_back(std::move(client));
    }
  }
  pool_returned_.notify_one();
}

Status UnitGateway::with_client(const std::function<Status(client::Client&)>& call) {
  StatusOr<std::unique_ptr<client::Client>> client = borrow();
  if (!client.ok()) {
    return client.status();
  }
  std::unique_ptr<client::Client> borrowed = std::move(client).value();
  Status status = call(*borrowed);
  give_back(status.code() == client::kUnavailable ? nullptr : std::move(borrowed));
  return status;
}

StatusOr<v1::PublishAck> UnitGateway::publish(v1::Event event, std::chrono::milliseconds timeout) {
  std::lock_guard lock(publish_mutex_);
  return publisher_->publish(std::move(event), timeout);
}

}  // namespace alertbus::dashboard
