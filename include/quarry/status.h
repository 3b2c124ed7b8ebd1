// Status and Result<T>: the one error model of the Quarry library.
#pragma once

#include <string>
#include <utility>
#include <variant>

#if defined(__GNUC__)
#define QUARRY_COLD [[gnu::cold]]
#define QUARRY_UNLIKELY(x) __builtin_expect(!!(x), 0)
#else
#define QUARRY_COLD
#define QUARRY_UNLIKELY(x) (x)
#endif

namespace quarry {

enum class StatusCode {
  kOk = 0,
  kCorruption,       // an index file is damaged, truncated or inconsistent
  kIOError,          // the operating system refused a read or write
  kInvalidArgument,  // bad input from the caller: a malformed query, a bad option
  kNotSupported,     // e.g. an index written by a newer format version
  kNotFound,         // a file, document or term that does not exist
};

const char* status_code_name(StatusCode code);

// A success or an error with a category and a human-readable message.
class Status {
 public:
  Status() = default;
  static Status ok() { return Status(); }
  // Errors are the rare path: cold, so that the compiler moves the code that
  // builds them (and the branches that lead there) out of the hot functions,
  // whose instructions then share fewer cache lines with it.
  QUARRY_COLD static Status corruption(std::string m) { return Status(StatusCode::kCorruption, std::move(m)); }
  QUARRY_COLD static Status io_error(std::string m) { return Status(StatusCode::kIOError, std::move(m)); }
  QUARRY_COLD static Status invalid_argument(std::string m) {
    return Status(StatusCode::kInvalidArgument, std::move(m));
  }
  QUARRY_COLD static Status not_supported(std::string m) {
    return Status(StatusCode::kNotSupported, std::move(m));
  }
  QUARRY_COLD static Status not_found(std::string m) { return Status(StatusCode::kNotFound, std::move(m)); }

  bool is_ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }
  // "Corruption: <message>", or "OK".
  std::string to_string() const;

 private:
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

// Either a value or a non-OK Status.
template <class T>
class Result {
 public:
  Result(T value) : v_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Status status) : v_(std::move(status)) {}  // NOLINT  REQUIRES: !status.is_ok()

  bool is_ok() const { return v_.index() == 0; }
  const Status& status() const {
    static const Status kOk;
    return is_ok() ? kOk : std::get<1>(v_);
  }
  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }

 private:
  std::variant<T, Status> v_;
};

}  // namespace quarry

#define QUARRY_CONCAT_INNER(a, b) a##b
#define QUARRY_CONCAT(a, b) QUARRY_CONCAT_INNER(a, b)

#define QUARRY_RETURN_IF_ERROR(expr)        \
  do {                                      \
    ::quarry::Status _st = (expr);          \
    if (QUARRY_UNLIKELY(!_st.is_ok())) return _st; \
  } while (0)

#define QUARRY_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                                 \
  if (QUARRY_UNLIKELY(!tmp.is_ok())) return tmp.status(); \
  lhs = std::move(tmp).value()

#define QUARRY_ASSIGN_OR_RETURN(lhs, expr) \
  QUARRY_ASSIGN_OR_RETURN_IMPL(QUARRY_CONCAT(_result_, __LINE__), lhs, expr)
