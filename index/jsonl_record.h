// One JSON Lines record, {"id", "title", "text"}, parsed with Boost.JSON's
// event parser: no document tree, no allocation beyond the fields' strings.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "quarry/status.h"

namespace quarry::internal {

struct JsonlRecord {
  std::string id, title, text;
  bool has_id = false, has_text = false;
};

class JsonlRecordParser {
 public:
  JsonlRecordParser();
  ~JsonlRecordParser();
  // Parses one line. Other members are skipped, whatever they hold; a numeric
  // id is kept as written; title and text must be strings; the last of
  // duplicate members wins. Invalid UTF-8 inside strings is passed through
  // (the writer replaces it). InvalidArgument, naming what is wrong, otherwise.
  Status parse(std::string_view line, JsonlRecord& out);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace quarry::internal
