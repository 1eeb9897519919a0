// Names for ids: the nodes and units of the federation as people call them ("Chi cục Chăn
// nuôi và Thú y Bắc Giang" for bac-giang/cnty), from the broker's Directory. Text output
// shows names; JSON keeps ids. An id the directory does not name is shown as it is.
//
// Threading: any thread; immutable after construction.
#pragma once

#include <string>
#include <unordered_map>

#include "alertbus/v1/frame.pb.h"

namespace alertbus::client {
class Client;
}

namespace alertbus::alertctl {

class Names {
 public:
  Names() = default;
  explicit Names(const v1::Directory& directory);

  // "Chi cục Chăn nuôi và Thú y Bắc Giang"; the id when it has no name here.
  std::string unit(const std::string& id) const;
  // "Bắc Giang"; the id when it has no name here.
  std::string node(const std::string& id) const;

 private:
  std::unordered_map<std::string, std::string> units_;
  std::unordered_map<std::string, std::string> nodes_;
};

// The broker's names, or none (ids shown) when it cannot say (an older broker answers
// UNEXPECTED_FRAME): names are a help to reading, never a reason to fail a command.
Names fetch_names(client::Client& client);

}  // namespace alertbus::alertctl
