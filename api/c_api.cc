// The C API: handles over the C++ API; every exception stops at this boundary.
#include "quarry/quarry.h"

#include <exception>
#include <memory>
#include <new>
#include <string>
#include <vector>

#include "quarry/index_reader.h"
#include "quarry/index_writer.h"
#include "quarry/searcher.h"

struct quarry_index {
  std::shared_ptr<const quarry::IndexReader> reader;
  std::unique_ptr<quarry::Searcher> searcher;
};

struct quarry_results {
  quarry::SearchResults results;
};

struct quarry_writer {
  std::unique_ptr<quarry::IndexWriter> writer;
};

namespace {

thread_local std::string last_error;

quarry_status code_of(const quarry::Status& s) {
  switch (s.code()) {
    case quarry::StatusCode::kOk: return QUARRY_OK;
    case quarry::StatusCode::kCorruption: return QUARRY_CORRUPTION;
    case quarry::StatusCode::kIOError: return QUARRY_IO_ERROR;
    case quarry::StatusCode::kInvalidArgument: return QUARRY_INVALID_ARGUMENT;
    case quarry::StatusCode::kNotSupported: return QUARRY_NOT_SUPPORTED;
    case quarry::StatusCode::kNotFound: return QUARRY_NOT_FOUND;
  }
  return QUARRY_INTERNAL;
}

quarry_status fail(const quarry::Status& s) {
  last_error = s.message();
  return code_of(s);
}

quarry_status fail(quarry_status code, const char* message) {
  last_error = message;
  return code;
}

// Runs body, turning any exception into QUARRY_INTERNAL with its message.
template <class Body>
quarry_status guarded(Body&& body) {
  try {
    last_error.clear();
    return body();
  } catch (const std::bad_alloc&) {
    return fail(QUARRY_INTERNAL, "out of memory");
  } catch (const std::exception& e) {
    return fail(QUARRY_INTERNAL, e.what());
  } catch (...) {
    return fail(QUARRY_INTERNAL, "unknown error");
  }
}

const quarry::Hit* hit_at(const quarry_results* r, size_t i) {
  return r && i < r->results.hits.size() ? &r->results.hits[i] : nullptr;
}

}  // namespace

extern "C" {

const char* quarry_last_error(void) { return last_error.c_str(); }
const char* quarry_version(void) { return QUARRY_VERSION; }

quarry_status quarry_index_open(const char* directory, quarry_index** out) {
  return guarded([&] {
    if (!directory || !out) return fail(QUARRY_INVALID_ARGUMENT, "directory and out must not be NULL");
    *out = nullptr;
    auto reader = quarry::IndexReader::open(directory);
    if (!reader.is_ok()) return fail(reader.status());
    auto index = std::make_unique<quarry_index>();
    index->reader = std::move(reader).value();
    index->searcher = std::make_unique<quarry::Searcher>(index->reader);
    *out = index.release();
    return QUARRY_OK;
  });
}

void quarry_index_close(quarry_index* index) { delete index; }

uint64_t quarry_index_document_count(const quarry_index* index) { return index ? index->reader->document_count() : 0; }

quarry_status quarry_search(const quarry_index* index, const char* query, size_t k, quarry_results** out) {
  return guarded([&] {
    if (!index || !query || !out) return fail(QUARRY_INVALID_ARGUMENT, "index, query and out must not be NULL");
    *out = nullptr;
    quarry::SearchOptions options;
    options.k = k;
    auto r = index->searcher->search(query, options);
    if (!r.is_ok()) return fail(r.status());
    *out = new quarry_results{std::move(r).value()};
    return QUARRY_OK;
  });
}

size_t quarry_results_count(const quarry_results* r) { return r ? r->results.hits.size() : 0; }
uint64_t quarry_results_total(const quarry_results* r) { return r ? r->results.total_matches : 0; }
const char* quarry_results_id(const quarry_results* r, size_t i) {
  const auto* h = hit_at(r, i);
  return h ? h->id.c_str() : nullptr;
}
const char* quarry_results_title(const quarry_results* r, size_t i) {
  const auto* h = hit_at(r, i);
  return h ? h->title.c_str() : nullptr;
}
const char* quarry_results_snippet(const quarry_results* r, size_t i) {
  const auto* h = hit_at(r, i);
  return h ? h->snippet.c_str() : nullptr;
}
double quarry_results_score(const quarry_results* r, size_t i) {
  const auto* h = hit_at(r, i);
  return h ? h->score : 0.0;
}
void quarry_results_free(quarry_results* r) { delete r; }

quarry_status quarry_writer_create(const char* directory, const char* stemming, quarry_writer** out) {
  return guarded([&] {
    if (!directory || !out) return fail(QUARRY_INVALID_ARGUMENT, "directory and out must not be NULL");
    *out = nullptr;
    quarry::WriterOptions options;
    if (stemming) options.stemming = stemming;
    auto w = quarry::IndexWriter::create(directory, options);
    if (!w.is_ok()) return fail(w.status());
    *out = new quarry_writer{std::move(w).value()};
    return QUARRY_OK;
  });
}

quarry_status quarry_writer_add(quarry_writer* writer, const char* id, const char* title, const char* text) {
  return guarded([&] {
    if (!writer || !id || !text) return fail(QUARRY_INVALID_ARGUMENT, "writer, id and text must not be NULL");
    quarry::Status s = writer->writer->add({id, title ? title : "", text});
    return s.is_ok() ? QUARRY_OK : fail(s);
  });
}

quarry_status quarry_writer_commit(quarry_writer* writer) {
  return guarded([&] {
    if (!writer) return fail(QUARRY_INVALID_ARGUMENT, "writer must not be NULL");
    quarry::Status s = writer->writer->commit();
    return s.is_ok() ? QUARRY_OK : fail(s);
  });
}

void quarry_writer_free(quarry_writer* writer) { delete writer; }

}  // extern "C"
