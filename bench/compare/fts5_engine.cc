// SQLite FTS5: one indexed column of normalized tokens, bm25() ranking.
#include <sqlite3.h>

#include <filesystem>
#include <memory>
#include <optional>

#include "bench/compare/engine.h"

namespace quarry::internal::compare {
namespace {

// FTS5 query syntax. Tokens are letters and digits only, but quote anyway.
std::string quoted(const std::vector<std::string>& terms) {
  std::string out = "\"";
  for (size_t i = 0; i < terms.size(); ++i) {
    if (i) out += ' ';
    for (char c : terms[i]) {
      if (c == '"') out += '"';
      out += c;
    }
  }
  return out + "\"";
}

std::string join(const std::vector<std::string>& parts, const char* op) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i) out += op;
    out += parts[i];
  }
  return out;
}

// nullopt: matches nothing (FTS5 has no expression for that).
std::optional<std::string> translate(const NormQuery& q) {
  if (q.kind != NodeKind::kBoolean) return quoted(q.terms);
  std::vector<std::string> must, should, must_not;
  for (const NormClause& c : q.clauses) {
    std::optional<std::string> sub = translate(c.node);
    if (!sub) {
      if (c.occur == Occur::kMust) return std::nullopt;
      continue;  // an optional or excluded clause that matches nothing changes nothing
    }
    const std::string part = c.node.kind == NodeKind::kBoolean ? "(" + *sub + ")" : *sub;
    (c.occur == Occur::kMust ? must : c.occur == Occur::kShould ? should : must_not).push_back(part);
  }
  // FTS5 cannot express optional clauses next to required ones (+a b): it
  // matches the required ones only, so such queries rank by them alone.
  std::string base;
  if (!must.empty()) {
    base = join(must, " AND ");
  } else if (!should.empty()) {
    base = join(should, " OR ");
  } else {
    return std::nullopt;
  }
  if (!must_not.empty()) base = "(" + base + ") NOT (" + join(must_not, " OR ") + ")";
  return base;
}

Status sqlite_error(sqlite3* db, const std::string& what) {
  return Status::io_error("sqlite: " + what + ": " + (db ? sqlite3_errmsg(db) : "out of memory"));
}

struct Closer {
  void operator()(sqlite3* db) const { sqlite3_close(db); }
  void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
};
using Db = std::unique_ptr<sqlite3, Closer>;
using Stmt = std::unique_ptr<sqlite3_stmt, Closer>;

Result<Stmt> prepare(sqlite3* db, const char* sql) {
  sqlite3_stmt* s = nullptr;
  if (sqlite3_prepare_v2(db, sql, -1, &s, nullptr) != SQLITE_OK) return sqlite_error(db, sql);
  return Stmt(s);
}

Status exec(sqlite3* db, const char* sql) {
  char* err = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = std::string("sqlite: ") + sql + ": " + (err ? err : "?");
    sqlite3_free(err);
    return Status::io_error(msg);
  }
  return Status::ok();
}

class Fts5Engine : public Engine {
 public:
  explicit Fts5Engine(const EngineOptions& options) : options_(options) {}
  std::string name() const override { return "fts5"; }

  Status build(DocStream& docs, const std::string& dir) override {
    std::filesystem::create_directories(dir);
    sqlite3* raw = nullptr;
    const int rc = sqlite3_open_v2(file(dir).c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
    Db db(raw);
    if (rc != SQLITE_OK) return sqlite_error(raw, "open " + file(dir));
    QUARRY_RETURN_IF_ERROR(exec(db.get(),
                                "CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, body, "
                                "tokenize='unicode61 remove_diacritics 0')"));
    QUARRY_RETURN_IF_ERROR(exec(db.get(), "BEGIN"));
    {
      QUARRY_ASSIGN_OR_RETURN(Stmt insert, prepare(db.get(), "INSERT INTO docs(rowid, id, body) VALUES (?1, ?2, ?3)"));
      NormalizedDoc doc;
      for (sqlite3_int64 rowid = 1;; ++rowid) {  // rowid = 1 + corpus ordinal
        QUARRY_ASSIGN_OR_RETURN(bool more, docs.next(doc));
        if (!more) break;
        sqlite3_bind_int64(insert.get(), 1, rowid);
        sqlite3_bind_text(insert.get(), 2, doc.id.data(), static_cast<int>(doc.id.size()), SQLITE_STATIC);
        sqlite3_bind_text(insert.get(), 3, doc.body.data(), static_cast<int>(doc.body.size()), SQLITE_STATIC);
        if (sqlite3_step(insert.get()) != SQLITE_DONE) return sqlite_error(db.get(), "insert " + doc.id);
        sqlite3_reset(insert.get());
      }
    }
    QUARRY_RETURN_IF_ERROR(exec(db.get(), "COMMIT"));
    // Merge all segments into one b-tree, then drop the pages the merge freed.
    QUARRY_RETURN_IF_ERROR(exec(db.get(), "INSERT INTO docs(docs) VALUES('optimize')"));
    return exec(db.get(), "VACUUM");
  }

  Status open(const std::string& dir) override {
    path_ = file(dir);
    sqlite3* raw = nullptr;
    const int rc = sqlite3_open_v2(path_.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr);
    db_.reset(raw);
    if (rc != SQLITE_OK) return sqlite_error(raw, "open " + path_);
    // ORDER BY bm25(docs), not ORDER BY rank: on gcide the rank column measured
    // about 1.4x slower (p50 and p99) for the same results.
    QUARRY_ASSIGN_OR_RETURN(top_, prepare(db_.get(), options_.stored_ids
                                                         ? "SELECT id FROM docs WHERE docs MATCH ?1 ORDER BY bm25(docs) LIMIT ?2"
                                                         : "SELECT rowid FROM docs WHERE docs MATCH ?1 ORDER BY bm25(docs) LIMIT ?2"));
    QUARRY_ASSIGN_OR_RETURN(count_, prepare(db_.get(), "SELECT count(*) FROM docs WHERE docs MATCH ?1"));
    QUARRY_ASSIGN_OR_RETURN(Stmt all, prepare(db_.get(), "SELECT rowid, id FROM docs"));
    ids_.clear();
    int step;
    while ((step = sqlite3_step(all.get())) == SQLITE_ROW) {
      const auto rowid = static_cast<size_t>(sqlite3_column_int64(all.get(), 0));
      if (rowid >= ids_.size()) ids_.resize(rowid + 1);
      const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(all.get(), 1));
      ids_[rowid].assign(text ? text : "", static_cast<size_t>(sqlite3_column_bytes(all.get(), 1)));
      ++docs_;
    }
    if (step != SQLITE_DONE) return sqlite_error(db_.get(), "reading ids");
    return Status::ok();
  }

  uint64_t doc_count() const override { return docs_; }

  Result<std::vector<std::string>> run_top(const CompareQuery& q, size_t k) override {
    std::vector<std::string> out;
    const std::optional<std::string> match = q.tree ? translate(*q.tree) : std::nullopt;
    if (!match) return out;
    sqlite3_stmt* s = top_.get();
    sqlite3_bind_text(s, 1, match->data(), static_cast<int>(match->size()), SQLITE_STATIC);
    sqlite3_bind_int64(s, 2, static_cast<sqlite3_int64>(k));
    int step;
    while ((step = sqlite3_step(s)) == SQLITE_ROW) {
      if (options_.stored_ids) {
        const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(s, 0));
        out.emplace_back(text ? text : "", static_cast<size_t>(sqlite3_column_bytes(s, 0)));
      } else {
        out.push_back(ids_[static_cast<size_t>(sqlite3_column_int64(s, 0))]);
      }
    }
    sqlite3_reset(s);
    if (step != SQLITE_DONE) return sqlite_error(db_.get(), "MATCH '" + *match + "'");
    return out;
  }

  Result<uint64_t> run_count(const CompareQuery& q) override {
    const std::optional<std::string> match = q.tree ? translate(*q.tree) : std::nullopt;
    if (!match) return uint64_t{0};
    sqlite3_stmt* s = count_.get();
    sqlite3_bind_text(s, 1, match->data(), static_cast<int>(match->size()), SQLITE_STATIC);
    const int step = sqlite3_step(s);
    const uint64_t n = step == SQLITE_ROW ? static_cast<uint64_t>(sqlite3_column_int64(s, 0)) : 0;
    sqlite3_reset(s);
    if (step != SQLITE_ROW) return sqlite_error(db_.get(), "MATCH '" + *match + "'");
    return n;
  }

  uint64_t index_bytes() const override { return disk_bytes(path_); }

 private:
  static std::string file(const std::string& dir) { return dir + "/docs.db"; }
  EngineOptions options_;
  std::string path_;
  Db db_;
  Stmt top_, count_;
  std::vector<std::string> ids_;  // by rowid
  uint64_t docs_ = 0;
};

}  // namespace

std::unique_ptr<Engine> make_fts5_engine(const EngineOptions& options) {
  return std::make_unique<Fts5Engine>(options);
}

}  // namespace quarry::internal::compare
