// Status and StatusOr<T>: the result of every operation that can fail in an expected way.
//
// A Status carries one of the wire's error codes (alertbus.v1.ErrorCode), an English and a
// Vietnamese message, and optionally the offending field. The broker turns a Status into an
// Error frame unchanged, so clients see the same codes and texts.
//
// Threading: plain values; no shared state.
#pragma once

#include <optional>
#include <string>
#include <utility>

#include "alertbus/v1/errors.pb.h"

namespace alertbus::v1 {
class Error;  // frame.pb.h
}  // namespace alertbus::v1

namespace alertbus {

using ErrorCode = v1::ErrorCode;

class [[nodiscard]] Status {
 public:
  // An OK status.
  Status() = default;

  // A failure with messages in both languages. `field` is a path such as
  // "animal_disease.outbreaks[0].location" or empty.
  static Status error(ErrorCode code, std::string message_en, std::string message_vi,
                      std::string field = {});

  // A failure with the code's default messages (see code_message()).
  static Status from_code(ErrorCode code, std::string field = {});

  // Rebuilds a Status from an Error frame.
  static Status from_proto(const v1::Error& error);

  bool ok() const { return code_ == v1::OK; }

  ErrorCode code() const { return code_; }

  const std::string& message() const { return message_en_; }

  const std::string& message_vi() const { return message_vi_; }

  const std::string& field() const { return field_; }

  // "CODE_NAME: message (field)" in English, for logs.
  std::string to_string() const;

  // Fills an Error frame body.
  void to_proto(v1::Error* error) const;

 private:
  ErrorCode code_ = v1::OK;
  std::string message_en_;
  std::string message_vi_;
  std::string field_;
};

// The default English or Vietnamese message of a code ("unknown error code" for numbers the
// enum does not hold).
std::string code_message(ErrorCode code, bool vietnamese);

// The code's enum name, e.g. "MISSING_FIELD".
std::string code_name(ErrorCode code);

// A value or a non-OK Status.
template <typename T>
class [[nodiscard]] StatusOr {
 public:
  StatusOr(T value) : value_(std::move(value)) {}  // NOLINT(google-explicit-constructor)

  StatusOr(Status status) : status_(std::move(status)) {}  // NOLINT(google-explicit-constructor)

  bool ok() const { return status_.ok(); }

  const Status& status() const { return status_; }

  // Precondition: ok().
  T& value() & { return *value_; }

  const T& value() const& { return *value_; }

  T&& value() && { return std::move(*value_); }

  T* operator->() { return &*value_; }

  const T* operator->() const { return &*value_; }

  T& operator*() & { return *value_; }

 private:
  Status status_;
  std::optional<T> value_;
};

}  // namespace alertbus
