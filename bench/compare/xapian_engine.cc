// Xapian 1.4: a positional index of the normalized tokens, BM25, compacted.
#include <xapian.h>

#include <filesystem>
#include <memory>

#include "bench/compare/engine.h"

namespace quarry::internal::compare {
namespace {

constexpr size_t kMaxTermBytes = 245;  // Xapian rejects longer terms

Status xapian_error(const Xapian::Error& e) {
  return Status::io_error(std::string("xapian: ") + e.get_type() + ": " + e.get_msg());
}

Xapian::Query translate(const NormQuery& q) {
  switch (q.kind) {
    case NodeKind::kTerm: return Xapian::Query(q.terms[0]);
    case NodeKind::kPhrase:
      return Xapian::Query(Xapian::Query::OP_PHRASE, q.terms.begin(), q.terms.end(),
                           static_cast<Xapian::termcount>(q.terms.size()));
    case NodeKind::kBoolean: break;
  }
  std::vector<Xapian::Query> must, should, must_not;
  for (const NormClause& c : q.clauses) {
    (c.occur == Occur::kMust ? must : c.occur == Occur::kShould ? should : must_not).push_back(translate(c.node));
  }
  Xapian::Query base;
  if (!must.empty()) {
    base = Xapian::Query(Xapian::Query::OP_AND, must.begin(), must.end());
    if (!should.empty()) {
      base = Xapian::Query(Xapian::Query::OP_AND_MAYBE, base,
                           Xapian::Query(Xapian::Query::OP_OR, should.begin(), should.end()));
    }
  } else if (!should.empty()) {
    base = Xapian::Query(Xapian::Query::OP_OR, should.begin(), should.end());
  } else {
    return Xapian::Query::MatchNothing;  // only exclusions, as in Quarry
  }
  if (!must_not.empty()) {
    base = Xapian::Query(Xapian::Query::OP_AND_NOT, base,
                         Xapian::Query(Xapian::Query::OP_OR, must_not.begin(), must_not.end()));
  }
  return base;
}

class XapianEngine : public Engine {
 public:
  explicit XapianEngine(const EngineOptions& options) : options_(options) {}
  std::string name() const override { return "xapian"; }

  Status build(DocStream& docs, const std::string& dir) override {
    const std::string tmp = dir + ".uncompacted";
    try {
      {
        Xapian::WritableDatabase db(tmp, Xapian::DB_CREATE_OR_OVERWRITE);
        NormalizedDoc doc;
        Xapian::docid did = 0;
        for (;;) {
          QUARRY_ASSIGN_OR_RETURN(bool more, docs.next(doc));
          if (!more) break;
          Xapian::Document xd;
          Xapian::termpos pos = 0;
          for (size_t at = 0; at < doc.body.size();) {
            size_t end = doc.body.find(' ', at);
            if (end == std::string::npos) end = doc.body.size();
            ++pos;  // positions count every token, as in the other engines
            if (end - at <= kMaxTermBytes) xd.add_posting(doc.body.substr(at, end - at), pos);
            at = end + 1;
          }
          // Stored like the other engines store it: the id and the indexed text.
          xd.set_data(doc.id + '\n' + doc.body);
          if (db.add_document(xd) != ++did) return Status::io_error("xapian: unexpected docid");  // 1 + ordinal
        }
        db.commit();
        db.close();
      }
      Xapian::Database src(tmp);
      src.compact(dir, Xapian::DBCOMPACT_NO_RENUMBER | Xapian::Compactor::FULLER);
    } catch (const Xapian::Error& e) {
      return xapian_error(e);
    }
    std::error_code ec;
    std::filesystem::remove_all(tmp, ec);
    return Status::ok();
  }

  Status open(const std::string& dir) override {
    dir_ = dir;
    try {
      db_ = std::make_unique<Xapian::Database>(dir);
      top_ = std::make_unique<Xapian::Enquire>(*db_);
      top_->set_weighting_scheme(Xapian::BM25Weight(1.2, 0, 1, 0.75, options_.xapian_min_normlen));
      count_ = std::make_unique<Xapian::Enquire>(*db_);
      count_->set_weighting_scheme(Xapian::BoolWeight());  // counting needs no scores
      ids_.assign(db_->get_lastdocid() + 1, std::string());
      for (Xapian::PostingIterator it = db_->postlist_begin(""); it != db_->postlist_end(""); ++it) {
        const std::string data = db_->get_document(*it).get_data();
        ids_[*it] = data.substr(0, data.find('\n'));
      }
    } catch (const Xapian::Error& e) {
      return xapian_error(e);
    }
    return Status::ok();
  }

  uint64_t doc_count() const override { return db_ ? db_->get_doccount() : 0; }

  Result<std::vector<std::string>> run_top(const CompareQuery& q, size_t k) override {
    std::vector<std::string> out;
    if (!q.tree) return out;
    try {
      top_->set_query(translate(*q.tree));
      Xapian::MSet mset = top_->get_mset(0, static_cast<Xapian::doccount>(k));
      out.reserve(mset.size());
      for (auto it = mset.begin(); it != mset.end(); ++it) {
        if (options_.stored_ids) {
          std::string data = it.get_document().get_data();
          data.resize(std::min(data.size(), data.find('\n')));
          out.push_back(std::move(data));
        } else {
          out.push_back(ids_[*it]);
        }
      }
    } catch (const Xapian::Error& e) {
      return xapian_error(e);
    }
    return out;
  }

  Result<uint64_t> run_count(const CompareQuery& q) override {
    if (!q.tree) return uint64_t{0};
    try {
      count_->set_query(translate(*q.tree));
      // check_at_least = every document: the matcher counts exactly.
      Xapian::MSet mset = count_->get_mset(0, 0, db_->get_doccount());
      return uint64_t{mset.get_matches_estimated()};
    } catch (const Xapian::Error& e) {
      return xapian_error(e);
    }
  }

  uint64_t index_bytes() const override { return disk_bytes(dir_); }

 private:
  EngineOptions options_;
  std::string dir_;
  std::unique_ptr<Xapian::Database> db_;
  std::unique_ptr<Xapian::Enquire> top_, count_;
  std::vector<std::string> ids_;  // by docid
};

}  // namespace

std::unique_ptr<Engine> make_xapian_engine(const EngineOptions& options) {
  return std::make_unique<XapianEngine>(options);
}

}  // namespace quarry::internal::compare
