// Streams documents from directories of text files and from JSON Lines files,
// plain or gzip/zstd-compressed. Never holds more than one document in memory.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "quarry/status.h"

namespace quarry::internal {

struct SourceDocument {
  std::string id;
  std::string title;
  std::string text;
  std::string origin;  // where it came from, for messages: "dir/a.txt" or "docs.jsonl:17"
};

// Inputs, in order:
// - a directory: every .txt and .md file below it (also .txt.gz, .md.zst, ...), in
//   sorted path order; id = path relative to the directory, title = first non-empty line;
// - a file named *.jsonl / *.json / *.ndjson (optionally .gz or .zst): one
//   {"id", "title", "text"} object per line; text is required, id defaults to "<file>:<line>";
// - any other file: one document, like a file in a directory.
class DocumentSource {
 public:
  ~DocumentSource();
  static Result<std::unique_ptr<DocumentSource>> open(const std::vector<std::string>& inputs);
  // Fills doc with the next document; returns false after the last one.
  Result<bool> next(SourceDocument& doc);

 private:
  DocumentSource() = default;
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Opens path for reading, decompressing by extension (.gz, .zst). Exposed for tools.
class InputStream;
Result<std::unique_ptr<InputStream>> open_input(const std::string& path);
class InputStream {
 public:
  virtual ~InputStream() = default;
  // Reads one line without its '\n'; returns false at end of input.
  virtual Result<bool> read_line(std::string& line) = 0;
  // Reads everything that remains.
  virtual Result<std::string> read_all() = 0;
};

}  // namespace quarry::internal
