// Directory walking, JSONL parsing (Boost.JSON) and decompression (Boost.Iostreams).
#include "index/document_source.h"

#include "index/jsonl_record.h"


#include <algorithm>
#include <boost/iostreams/device/file.hpp>
#include <boost/iostreams/filter/gzip.hpp>
#include <boost/iostreams/filter/zstd.hpp>
#include <boost/iostreams/filtering_stream.hpp>
#include <deque>
#include <filesystem>
#include <fstream>

namespace quarry::internal {
namespace fs = std::filesystem;
namespace io = boost::iostreams;

namespace {

bool ends_with(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::string strip_compression(const std::string& name) {
  for (std::string_view ext : {".gz", ".zst"}) {
    if (ends_with(name, ext)) return name.substr(0, name.size() - ext.size());
  }
  return name;
}

bool is_text_file(const std::string& name) {
  std::string base = strip_compression(name);
  return ends_with(base, ".txt") || ends_with(base, ".md");
}

bool is_jsonl_file(const std::string& name) {
  std::string base = strip_compression(name);
  return ends_with(base, ".jsonl") || ends_with(base, ".ndjson") || ends_with(base, ".json");
}

class BoostInputStream final : public InputStream {
 public:
  explicit BoostInputStream(std::string path) : path_(std::move(path)) {}
  Status open() {
    std::ifstream probe(path_, std::ios::binary);
    if (!probe) return Status::io_error(path_ + ": cannot open for reading");
    try {
      if (ends_with(path_, ".gz")) stream_.push(io::gzip_decompressor());
      if (ends_with(path_, ".zst")) stream_.push(io::zstd_decompressor());
      stream_.push(io::file_source(path_, std::ios::binary));
    } catch (const std::exception& e) {
      return Status::io_error(path_ + ": " + e.what());
    }
    return Status::ok();
  }
  Result<bool> read_line(std::string& line) override {
    try {
      if (!std::getline(stream_, line)) {
        if (stream_.bad()) return Status::io_error(path_ + ": read failed");
        return false;
      }
      if (!line.empty() && line.back() == '\r') line.pop_back();
      return true;
    } catch (const std::exception& e) {
      return Status::io_error(path_ + ": cannot decompress: " + e.what());
    }
  }
  Result<std::string> read_all() override {
    try {
      std::string out;
      char buf[1 << 16];
      while (stream_.read(buf, sizeof buf) || stream_.gcount() > 0) out.append(buf, stream_.gcount());
      if (stream_.bad()) return Status::io_error(path_ + ": read failed");
      return out;
    } catch (const std::exception& e) {
      return Status::io_error(path_ + ": cannot decompress: " + e.what());
    }
  }

 private:
  std::string path_;
  io::filtering_istream stream_;
};

std::string first_nonempty_line(const std::string& text) {
  size_t at = 0;
  while (at < text.size()) {
    size_t nl = text.find('\n', at);
    if (nl == std::string::npos) nl = text.size();
    std::string_view line(text.data() + at, nl - at);
    const auto first = line.find_first_not_of(" \t\r\f\v");
    if (first != std::string_view::npos) {
      const auto last = line.find_last_not_of(" \t\r\f\v");
      return std::string(line.substr(first, last - first + 1));
    }
    at = nl + 1;
  }
  return {};
}

}  // namespace

Result<std::unique_ptr<InputStream>> open_input(const std::string& path) {
  auto s = std::make_unique<BoostInputStream>(path);
  QUARRY_RETURN_IF_ERROR(s->open());
  return std::unique_ptr<InputStream>(std::move(s));
}

struct DocumentSource::Impl {
  struct Work {
    std::string path;      // a file to read
    std::string id;        // document id when it is a text file
    bool jsonl = false;
  };
  std::deque<Work> queue;
  std::unique_ptr<InputStream> jsonl;  // the JSONL file being read, if any
  std::string jsonl_path;
  uint64_t jsonl_line = 0;
  std::string line;
  JsonlRecordParser parser;
  JsonlRecord record;

  Result<bool> next_jsonl(SourceDocument& doc);
};

DocumentSource::~DocumentSource() = default;

Result<std::unique_ptr<DocumentSource>> DocumentSource::open(const std::vector<std::string>& inputs) {
  std::unique_ptr<DocumentSource> src(new DocumentSource());
  src->impl_ = std::make_unique<Impl>();
  for (const std::string& input : inputs) {
    std::error_code ec;
    const auto st = fs::status(input, ec);
    if (ec || !fs::exists(st)) return Status::not_found(input + ": no such file or directory");
    if (fs::is_directory(st)) {
      std::vector<std::string> rel;
      fs::recursive_directory_iterator it(input, fs::directory_options::skip_permission_denied, ec), end;
      if (ec) return Status::io_error(input + ": cannot list directory: " + ec.message());
      for (; it != end; it.increment(ec)) {
        if (ec) return Status::io_error(input + ": cannot list directory: " + ec.message());
        if (it->is_regular_file(ec) && is_text_file(it->path().filename().string())) {
          rel.push_back(fs::relative(it->path(), input).generic_string());
        }
      }
      std::sort(rel.begin(), rel.end());
      for (auto& r : rel) src->impl_->queue.push_back({(fs::path(input) / r).string(), r, false});
    } else if (is_jsonl_file(input)) {
      src->impl_->queue.push_back({input, "", true});
    } else {
      src->impl_->queue.push_back({input, fs::path(input).filename().string(), false});
    }
  }
  return src;
}

Result<bool> DocumentSource::Impl::next_jsonl(SourceDocument& doc) {
  for (;;) {
    QUARRY_ASSIGN_OR_RETURN(bool more, jsonl->read_line(line));
    if (!more) {
      jsonl.reset();
      return false;
    }
    ++jsonl_line;
    const std::string where = jsonl_path + ":" + std::to_string(jsonl_line);
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;  // blank lines are fine
    Status parsed = parser.parse(line, record);
    if (!parsed.is_ok()) return Status::invalid_argument(where + ": " + parsed.message());
    if (!record.has_text) return Status::invalid_argument(where + ": object has no \"text\" field");
    doc.id.swap(record.id);
    doc.title.swap(record.title);
    doc.text.swap(record.text);
    if (doc.id.empty()) doc.id = jsonl_path + ":" + std::to_string(jsonl_line);
    doc.origin = where;
    return true;
  }
}

Result<bool> DocumentSource::next(SourceDocument& doc) {
  Impl& im = *impl_;
  for (;;) {
    if (im.jsonl) {
      QUARRY_ASSIGN_OR_RETURN(bool got, im.next_jsonl(doc));
      if (got) return true;
    }
    if (im.queue.empty()) return false;
    Impl::Work work = std::move(im.queue.front());
    im.queue.pop_front();
    QUARRY_ASSIGN_OR_RETURN(auto in, open_input(work.path));
    if (work.jsonl) {
      im.jsonl = std::move(in);
      im.jsonl_path = work.path;
      im.jsonl_line = 0;
      continue;
    }
    QUARRY_ASSIGN_OR_RETURN(doc.text, in->read_all());
    doc.id = work.id;
    doc.title = first_nonempty_line(doc.text);
    doc.origin = work.path;
    return true;
  }
}

}  // namespace quarry::internal
