// Event handler for JsonlRecordParser: tracks the depth, keeps the top-level
// members it knows and skips the rest.
#include "index/jsonl_record.h"

#include <boost/json/basic_parser_impl.hpp>
#include <system_error>

namespace quarry::internal {
namespace {

using boost::json::error_code;
using boost::json::string_view;

class RecordHandler {
 public:
  static constexpr std::size_t max_array_size = std::size_t(-1);
  static constexpr std::size_t max_object_size = std::size_t(-1);
  static constexpr std::size_t max_string_size = std::size_t(-1);
  static constexpr std::size_t max_key_size = std::size_t(-1);

  void start(JsonlRecord& out) {
    out_ = &out;
    depth_ = 0;
    key_.clear();
    target_ = nullptr;
    problem_.clear();
  }
  const std::string& problem() const { return problem_; }

  bool on_document_begin(error_code&) { return true; }
  bool on_document_end(error_code&) { return true; }

  bool on_object_begin(error_code& ec) { return enter(ec, /*array=*/false); }
  bool on_object_end(std::size_t, error_code&) { return leave(); }
  bool on_array_begin(error_code& ec) { return enter(ec, /*array=*/true); }
  bool on_array_end(std::size_t, error_code&) { return leave(); }

  bool on_key_part(string_view s, std::size_t, error_code&) {
    if (depth_ == 1) key_.append(s.data(), s.size());
    return true;
  }
  bool on_key(string_view s, std::size_t, error_code&) {
    if (depth_ != 1) return true;
    key_.append(s.data(), s.size());
    target_ = key_ == "id" ? &out_->id : key_ == "title" ? &out_->title : key_ == "text" ? &out_->text : nullptr;
    if (target_) target_->clear();  // a repeated member replaces the earlier one
    if (target_ == &out_->id) out_->has_id = true;
    if (target_ == &out_->text) out_->has_text = true;
    key_.clear();
    return true;
  }

  bool on_string_part(string_view s, std::size_t, error_code& ec) {
    if (depth_ == 0) return fail(ec, "not a JSON object");
    if (depth_ == 1 && target_) target_->append(s.data(), s.size());
    return true;
  }
  bool on_string(string_view s, std::size_t n, error_code& ec) {
    if (!on_string_part(s, n, ec)) return false;
    if (depth_ == 1) target_ = nullptr;
    return true;
  }

  // A numeric id is kept as written: the parser hands over the number's text.
  bool on_number_part(string_view s, error_code& ec) { return number_text(s, ec); }
  bool on_int64(std::int64_t, string_view s, error_code& ec) { return number_end(s, ec); }
  bool on_uint64(std::uint64_t, string_view s, error_code& ec) { return number_end(s, ec); }
  bool on_double(double, string_view s, error_code& ec) { return number_end(s, ec); }
  bool on_bool(bool, error_code& ec) { return scalar(ec); }
  bool on_null(error_code& ec) { return scalar(ec); }
  bool on_comment_part(string_view, error_code&) { return true; }
  bool on_comment(string_view, error_code&) { return true; }

 private:
  bool fail(error_code& ec, std::string problem) {
    problem_ = std::move(problem);
    ec = std::make_error_code(std::errc::invalid_argument);
    return false;
  }
  // An object or array: the record itself (an object, at the top), or a
  // member's value, which a field we keep cannot be.
  bool enter(error_code& ec, bool array) {
    if (depth_ == 0 && array) return fail(ec, "not a JSON object");
    if (depth_ == 1 && target_) return not_a_string(ec);
    ++depth_;
    return true;
  }
  bool leave() {
    --depth_;
    return true;
  }
  bool not_a_string(error_code& ec) {
    return target_ == &out_->id ? fail(ec, "field 'id' must be a string or a number")
                                : fail(ec, "field '" + std::string(target_ == &out_->title ? "title" : "text") +
                                               "' must be a string");
  }
  bool number_text(string_view s, error_code& ec) {
    if (depth_ == 0) return fail(ec, "not a JSON object");
    if (depth_ != 1 || !target_) return true;
    if (target_ != &out_->id) return not_a_string(ec);
    target_->append(s.data(), s.size());
    return true;
  }
  bool number_end(string_view s, error_code& ec) {
    if (!number_text(s, ec)) return false;
    if (depth_ == 1) target_ = nullptr;
    return true;
  }
  bool scalar(error_code& ec) {
    if (depth_ == 0) return fail(ec, "not a JSON object");
    if (depth_ == 1 && target_) return not_a_string(ec);
    return true;
  }

  JsonlRecord* out_ = nullptr;
  int depth_ = 0;
  std::string key_;
  std::string* target_ = nullptr;  // the member whose value comes next
  std::string problem_;
};

boost::json::parse_options options() {
  boost::json::parse_options o;
  o.allow_invalid_utf8 = true;  // repaired (and counted) by the writer, as for text files
  o.max_depth = 64;
  return o;
}

}  // namespace

struct JsonlRecordParser::Impl {
  boost::json::basic_parser<RecordHandler> parser{options()};
};

JsonlRecordParser::JsonlRecordParser() : impl_(std::make_unique<Impl>()) {}
JsonlRecordParser::~JsonlRecordParser() = default;

Status JsonlRecordParser::parse(std::string_view line, JsonlRecord& out) {
  out.id.clear();
  out.title.clear();
  out.text.clear();
  out.has_id = out.has_text = false;
  auto& p = impl_->parser;
  p.reset();
  p.handler().start(out);
  error_code ec;
  const std::size_t used = p.write_some(false, line.data(), line.size(), ec);
  if (ec) {
    const std::string& problem = p.handler().problem();
    return Status::invalid_argument(problem.empty() ? "malformed JSON (" + ec.message() + ")" : problem);
  }
  if (line.find_first_not_of(" \t\r\n", used) != std::string_view::npos) {
    return Status::invalid_argument("trailing characters after the JSON object");
  }
  return Status::ok();
}

}  // namespace quarry::internal
