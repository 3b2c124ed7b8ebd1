// Query execution: planning leaf statistics, building per-segment iterator
// trees, top-k collection, and hit decoration.
#include "query/searcher.h"

#include <algorithm>
#include <optional>
#include <span>
#include <unordered_map>
#include <unordered_set>

#include "query/analyzer_pool.h"
#include "query/block_max_wand.h"
#include "query/conjunction.h"
#include "query/leaf_vector.h"
#include "query/maxscore.h"
#include "query/query_parser.h"
#include "query/top_k.h"

namespace quarry::internal {
namespace {

// Collection-wide scoring data of one term or phrase node.
struct LeafPlan {
  LeafVector<std::string> keys;
  Bm25Scorer scorer;
  double avgdl = 0;
  // Per segment, per key (infos[segment * keys + key]): the dictionary entry
  // (df == 0 when absent), looked up once while planning and reused to open cursors.
  LeafVector<TermInfo> infos;
  // A phrase whose adjacent words include pair words reads pair keys instead
  // (see cover_phrase): the keys it reads, their offsets, and their entries.
  LeafVector<std::string> cover_keys;
  LeafVector<uint32_t> cover_offsets;
  LeafVector<TermInfo> cover_infos;

  // The entries the leaf reads in one segment, one per key.
  std::span<const TermInfo> segment_infos(size_t segment) const {
    const bool by_pairs = !cover_keys.empty();
    const size_t n = by_pairs ? cover_keys.size() : keys.size();
    return std::span<const TermInfo>(by_pairs ? cover_infos : infos).subspan(segment * n, n);
  }
};
// Few per query: a vector searched in order beats a hash table's allocations,
// and inline (with the plans' own inline vectors) while a query has at most
// kInlineLeaves leaves. Filled in place and never moved.
class Plans {
 public:
  Plans() = default;
  Plans(const Plans&) = delete;
  Plans& operator=(const Plans&) = delete;
  // A new, empty plan for node, filled in place by the caller.
  LeafPlan& add(const QueryNode* node) {
    return plans_.emplace_back(std::piecewise_construct, std::forward_as_tuple(node), std::forward_as_tuple()).second;
  }
  const LeafPlan& at(const QueryNode* node) const {
    for (const auto& [n, plan] : plans_) {
      if (n == node) return plan;
    }
    std::abort();  // every leaf is planned before it is built
  }

 private:
  LeafVector<std::pair<const QueryNode*, LeafPlan>> plans_;
};

// The lists that find a phrase: the pair key of every two adjacent words that
// are both pair words, and each word no pair covers, with their offsets. A
// phrase occurs at p exactly when each of them occurs at p + its offset.
// Leaves the plan's cover empty when no pair applies.
void cover_phrase(const QueryNode& n, const IndexReader& reader, LeafPlan& plan) {
  const size_t words = plan.keys.size();
  LeafVector<bool> is_pair_word(words, false), pair_at(words, false), covered(words, false);
  for (size_t i = 0; i < words; ++i) is_pair_word[i] = reader.is_pair_word(plan.keys[i]);
  bool any = false;
  for (size_t i = 0; i + 1 < words; ++i) {
    pair_at[i] = n.offsets[i + 1] == n.offsets[i] + 1 && is_pair_word[i] && is_pair_word[i + 1];
    if (pair_at[i]) covered[i] = covered[i + 1] = any = true;
  }
  if (!any) return;
  for (size_t i = 0; i < words; ++i) {
    if (pair_at[i]) {
      plan.cover_keys.push_back(pair_key(plan.keys[i], plan.keys[i + 1]));
      plan.cover_offsets.push_back(n.offsets[i]);
    } else if (!covered[i]) {
      plan.cover_keys.push_back(plan.keys[i]);
      plan.cover_offsets.push_back(n.offsets[i]);
    }
  }
}

// Looks up the k-th of keys.size() keys in every segment, into
// infos[segment * keys.size() + k] (df == 0 where the segment lacks it);
// returns its df summed over segments.
Result<uint64_t> find_in_segments(const IndexReader& reader, std::span<const std::string> keys, size_t k,
                                  LeafVector<TermInfo>& infos) {
  infos.resize(reader.segment_count() * keys.size());
  // A word repeated in a phrase ("detox detox") is looked up once.
  const size_t same = static_cast<size_t>(std::find(keys.begin(), keys.begin() + k, keys[k]) - keys.begin());
  uint64_t df = 0;
  for (size_t s = 0; s < reader.segment_count(); ++s) {
    TermInfo& info = infos[s * keys.size() + k];
    if (same < k) {
      info = infos[s * keys.size() + same];
    } else {
      QUARRY_ASSIGN_OR_RETURN(info, reader.segment(s).lookup_term(keys[k]));
    }
    df += info.df;
  }
  return df;
}

Status plan_leaves(const QueryNode& n, const IndexReader& reader, const Bm25Params& params, Plans& plans) {
  if (n.kind == NodeKind::kBoolean) {
    for (const auto& c : n.clauses) QUARRY_RETURN_IF_ERROR(plan_leaves(*c.node, reader, params, plans));
    return Status::ok();
  }
  LeafPlan& plan = plans.add(&n);
  for (const auto& term : n.terms) plan.keys.push_back(term_key(n.field, term));
  double idf = 0;
  for (size_t k = 0; k < plan.keys.size(); ++k) {
    QUARRY_ASSIGN_OR_RETURN(const uint64_t df, find_in_segments(reader, plan.keys, k, plan.infos));
    idf += bm25_idf(df, reader.doc_count());  // a phrase scores with the sum of its words' idf
  }
  if (n.kind == NodeKind::kPhrase) {
    cover_phrase(n, reader, plan);
    const size_t words = plan.keys.size(), covers = plan.cover_keys.size();
    plan.cover_infos.resize(reader.segment_count() * covers);
    for (size_t k = 0; k < covers; ++k) {
      // A word no pair covers was looked up above: its entries are copied.
      const auto found = std::find(plan.keys.begin(), plan.keys.end(), plan.cover_keys[k]);
      const auto word = static_cast<size_t>(found - plan.keys.begin());
      if (word == words) {
        QUARRY_RETURN_IF_ERROR(find_in_segments(reader, plan.cover_keys, k, plan.cover_infos).status());
        continue;
      }
      for (size_t s = 0; s < reader.segment_count(); ++s) {
        plan.cover_infos[s * covers + k] = plan.infos[s * words + word];
      }
    }
  }
  plan.avgdl = reader.average_length(n.field);
  plan.scorer = Bm25Scorer(idf, params, plan.avgdl);
  return Status::ok();
}

// Terms and phrases that add to the score (not under an exclusion).
void scoring_leaves(const QueryNode& n, std::vector<const QueryNode*>& out) {
  if (n.kind != NodeKind::kBoolean) {
    out.push_back(&n);
    return;
  }
  for (const auto& c : n.clauses) {
    if (c.occur != Occur::kMustNot) scoring_leaves(*c.node, out);
  }
}

// Builds the iterator tree of a query for one segment.
class Builder {
 public:
  Builder(const IndexReader& reader, size_t segment, const Plans& plans)
      : segment_(reader.segment(segment)), segment_index_(segment), plans_(plans) {}

  Result<std::unique_ptr<DocIterator>> build(const QueryNode& n) {
    if (n.kind != NodeKind::kBoolean) return leaf(n);
    std::vector<std::unique_ptr<DocIterator>> must, should, must_not;
    for (const auto& c : n.clauses) {
      QUARRY_ASSIGN_OR_RETURN(auto it, build(*c.node));
      const bool empty = it->doc() == kNoMoreDocs;
      if (c.occur == Occur::kMust) {
        if (empty) return empty_iterator();
        must.push_back(std::move(it));
      } else if (!empty) {
        (c.occur == Occur::kShould ? should : must_not).push_back(std::move(it));
      }
    }
    std::unique_ptr<DocIterator> base;
    if (!must.empty()) {
      base = must.size() == 1 ? std::move(must[0]) : std::make_unique<ConjunctionIterator>(std::move(must));
      if (!should.empty()) base = std::make_unique<ReqOptIterator>(std::move(base), combine_should(std::move(should)));
    } else if (!should.empty()) {
      base = combine_should(std::move(should));
    } else {
      return empty_iterator();  // only exclusions: matches nothing
    }
    if (!must_not.empty()) base = std::make_unique<ExclusionIterator>(std::move(base), std::move(must_not));
    return base;
  }

 private:
  static std::unique_ptr<DocIterator> empty_iterator() { return std::make_unique<EmptyIterator>(); }
  static std::unique_ptr<DocIterator> combine_should(std::vector<std::unique_ptr<DocIterator>> its) {
    if (its.size() == 1) return std::move(its[0]);
    return std::make_unique<DisjunctionIterator>(std::move(its));
  }

  Result<std::unique_ptr<DocIterator>> leaf(const QueryNode& n) {
    const LeafPlan& plan = plans_.at(&n);
    const bool by_pairs = !plan.cover_keys.empty();
    const std::span<const TermInfo> infos = plan.segment_infos(segment_index_);
    for (const TermInfo& info : infos) {
      if (info.df == 0) return empty_iterator();  // the segment lacks the term (or the pair)
    }
    // A term, or a phrase that is one pair: one list whose tf is the leaf's.
    if (n.kind == NodeKind::kTerm || (by_pairs && infos.size() == 1)) {
      auto it = std::make_unique<TermIterator>(n, segment_.lengths(), plan.scorer, plan.avgdl);
      QUARRY_RETURN_IF_ERROR(
          it->open(segment_.postings_file(), segment_.positions_file(), infos[0], segment_.doc_count()));
      return std::unique_ptr<DocIterator>(std::move(it));
    }
    std::vector<PostingCursor> cursors;
    cursors.reserve(infos.size());  // a cursor is large (its block buffers): never moved by growth
    for (const TermInfo& info : infos) {  // opened in place: a returned cursor would be copied
      QUARRY_RETURN_IF_ERROR(
          cursors.emplace_back().reset(segment_.postings_file(), segment_.positions_file(), info, segment_.doc_count()));
    }
    return std::unique_ptr<DocIterator>(std::make_unique<PhraseIterator>(std::move(cursors),
                                                                         by_pairs ? plan.cover_offsets : n.offsets,
                                                                         n, segment_.lengths(),
                                                                         plan.scorer, plan.avgdl));
  }

  const SegmentReader& segment_;
  size_t segment_index_;
  const Plans& plans_;
};

// The flat shape MaxScore handles: leaves (terms, phrases) that must or may
// match, and leaves or groups that exclude. Returns false for other shapes.
bool is_flat(const QueryNode& n) {
  if (n.kind != NodeKind::kBoolean) return true;
  for (const auto& c : n.clauses) {
    if (c.occur != Occur::kMustNot && c.node->kind == NodeKind::kBoolean) return false;
  }
  return true;
}

// The iterators of a flat query in one segment.
struct FlatIterators {
  LeafVector<std::unique_ptr<DocIterator>> owned;
  LeafVector<ScoringLeaf> leaves;
  LeafVector<size_t> leaf_clause;  // per leaf: its clause in the query
  LeafVector<DocIterator*> excluded;
  bool required_missing = false;
  Status error() const {
    for (const auto& it : owned) QUARRY_RETURN_IF_ERROR(it->error());
    return Status::ok();
  }
};

// Builds them into f (empty; in place, since the vectors live inline); the
// clauses in seeded (earlier seeding passes) become exclusions.
Status build_flat(const QueryNode& tree, Builder& builder, FlatIterators& f, std::span<const size_t> seeded = {}) {
  const auto add = [&](const QueryNode& n, Occur occur, size_t clause) -> Status {
    QUARRY_ASSIGN_OR_RETURN(auto it, builder.build(n));
    if (it->doc() == kNoMoreDocs) {
      f.required_missing |= occur == Occur::kMust;
      return Status::ok();
    }
    if (occur == Occur::kMustNot || std::find(seeded.begin(), seeded.end(), clause) != seeded.end()) {
      f.excluded.push_back(it.get());
    } else {  // a leaf, by is_flat
      f.leaves.push_back({static_cast<LeafIterator*>(it.get()), occur == Occur::kMust});
      f.leaf_clause.push_back(clause);
    }
    f.owned.push_back(std::move(it));
    return Status::ok();
  };
  if (tree.kind != NodeKind::kBoolean) {
    QUARRY_RETURN_IF_ERROR(add(tree, Occur::kShould, 0));
  } else {
    for (size_t c = 0; c < tree.clauses.size(); ++c) {
      QUARRY_RETURN_IF_ERROR(add(*tree.clauses[c].node, tree.clauses[c].occur, c));
    }
  }
  return Status::ok();
}

// The leaf worth a seeding pass (its index in f.leaves): the optional leaf that can add
// the most, when it is at least `rarity` times rarer than the rarest required leaf
// (or, with none required, than the most frequent other leaf). Documents
// matching it are few and score high, so they fill the top k before the long
// lists are walked, and then those lists are walked with a high threshold.
std::optional<size_t> seed_clause(const FlatIterators& f, uint64_t rarity) {
  if (f.leaves.size() < 2) return std::nullopt;
  const ScoringLeaf* best = nullptr;
  for (const ScoringLeaf& l : f.leaves) {
    if (!l.required && (!best || l.it->max_score() > best->it->max_score())) best = &l;
  }
  if (!best) return std::nullopt;
  uint64_t required_cost = UINT64_MAX, other_cost = 0;
  for (const ScoringLeaf& l : f.leaves) {
    if (l.required) required_cost = std::min(required_cost, l.it->cost());
    if (&l != best) other_cost = std::max(other_cost, l.it->cost());
  }
  const uint64_t walked = required_cost != UINT64_MAX ? required_cost : other_cost;
  if (best->it->cost() > walked / rarity) return std::nullopt;
  return static_cast<size_t>(best - f.leaves.data());
}

// Whether a disjunction of these leaves runs under Block-Max WAND rather than
// MaxScore. kAuto never chooses it: measured per query on gcide and the 1M
// corpus, no disjunction ran more than 7 % faster under it and three-word
// ones up to 1.8x (gcide) and 5x (1M) slower (docs/performance.md, "Tenth
// session"), so MaxScore serves every shape until a shape is found where it loses.
bool use_block_max_wand(const FlatIterators& f, DisjunctionPruning pruning) {
  if (f.leaves.size() < 2 || pruning != DisjunctionPruning::kBlockMaxWand) return false;
  for (const ScoringLeaf& l : f.leaves) {
    if (l.required) return false;
  }
  return true;
}

// Top-k of the flat query in one segment; returns the documents scored.
uint64_t run_flat(FlatIterators& f, DocId base, TopK& top, DisjunctionPruning pruning) {
  if (use_block_max_wand(f, pruning)) return block_max_wand_top_k(f.leaves, f.excluded, base, top);
  // Only required terms: the rarest drives a block at a time.
  LeafVector<TermIterator*> required_terms;
  for (const ScoringLeaf& l : f.leaves) {
    auto* term = l.required ? dynamic_cast<TermIterator*>(l.it) : nullptr;
    if (!term) {
      required_terms.clear();
      break;
    }
    required_terms.push_back(term);
  }
  if (required_terms.size() >= 2) return conjunction_top_k(required_terms, f.excluded, base, top);
  // One term alone, or one required term with optional leaves: scored a
  // block at a time while the term drives; MaxScore takes over (or runs
  // from the start) otherwise.
  size_t required = 0;
  const ScoringLeaf* driver = nullptr;
  for (const ScoringLeaf& l : f.leaves) {
    if (l.required) {
      ++required;
      driver = &l;
    }
  }
  if (f.leaves.size() == 1) {
    driver = &f.leaves[0];
  } else if (required != 1) {
    driver = nullptr;
  }
  TermIterator* lead = driver ? dynamic_cast<TermIterator*>(driver->it) : nullptr;
  LeafVector<LeafIterator*> optional;
  for (const ScoringLeaf& l : f.leaves) {
    if (&l != driver) optional.push_back(l.it);
  }
  uint64_t scored = 0;
  if (lead) scored += lead->collect_top_k(base, top, f.excluded, optional);
  if (!lead || lead->doc() != kNoMoreDocs) scored += maxscore_top_k(f.leaves, f.excluded, base, top);
  return scored;
}

// Top-k of a query that is one term, in one segment: what run_flat does for a
// lone leaf, without the general machinery around it (iterator tree, flat
// plan, seeding). A rare term's query is a few thousand instructions, and when
// other kinds of queries run in between, fetching its code is most of its time
// (docs/performance.md): the fewer code paths it crosses, the less it waits.
Result<uint64_t> run_single_term(const QueryNode& term, const LeafPlan& plan, const SegmentReader& segment,
                                 size_t segment_index, DocId base, TopK& top) {
  const TermInfo& info = plan.segment_infos(segment_index)[0];
  if (info.df == 0) return uint64_t{0};  // the segment lacks the term
  TermIterator it(term, segment.lengths(), plan.scorer, plan.avgdl);
  QUARRY_RETURN_IF_ERROR(it.open(segment.postings_file(), segment.positions_file(), info, segment.doc_count()));
  uint64_t scored = it.collect_top_k(base, top, {});  // nothing when the cursor is already exhausted
  if (it.doc() != kNoMoreDocs) {  // stopped early: as run_flat, let MaxScore finish (it finds nothing to add)
    const ScoringLeaf leaf{&it, false};
    scored += maxscore_top_k(std::span<const ScoringLeaf>(&leaf, 1), {}, base, top);
  }
  QUARRY_RETURN_IF_ERROR(it.error());
  return scored;
}

}  // namespace

// Corruption when a document length read by the query failed its check.
Status lengths_status(const IndexReader& reader) {
  for (size_t s = 0; s < reader.segment_count(); ++s) QUARRY_RETURN_IF_ERROR(reader.segment(s).lengths().status());
  return Status::ok();
}

// Stored fields, snippets and explanations of the hits: its own function, out
// of line, so that a search that only ranks does not carry its code.
[[gnu::noinline]] static Status decorate_hits(const IndexReader& reader, AnalyzerPool& analyzers, const QueryNode& tree,
                                       const Plans& plans, const SearchOptions& options, std::vector<Hit>& hits) {
  std::vector<const QueryNode*> leaf_nodes;
  if (options.snippets || options.explain) scoring_leaves(tree, leaf_nodes);
  std::unordered_set<std::string> highlight;
  std::optional<AnalyzerPool::Lease> analyzer;
  if (options.snippets) {
    for (const QueryNode* n : leaf_nodes) highlight.insert(n->terms.begin(), n->terms.end());
    QUARRY_ASSIGN_OR_RETURN(auto lease, analyzers.acquire());
    analyzer.emplace(std::move(lease));
  }
  for (Hit& hit : hits) {
    QUARRY_ASSIGN_OR_RETURN(StoredDocument stored, reader.document(hit.doc));
    hit.id = std::move(stored.id);
    hit.title = std::move(stored.title);
    if (options.snippets) hit.snippet = make_snippet(stored.text, **analyzer, highlight, options.snippet);
    if (options.explain) {
      size_t s = reader.segment_count() - 1;
      while (reader.segment_base(s) > hit.doc) --s;
      Builder builder(reader, s, plans);
      for (const QueryNode* n : leaf_nodes) {
        QUARRY_ASSIGN_OR_RETURN(auto it, builder.build(*n));
        auto* leaf = dynamic_cast<LeafIterator*>(it.get());  // else the segment lacks a term
        LeafExplanation e;
        if (leaf && leaf->explain(hit.doc - reader.segment_base(s), e)) hit.explanation.push_back(std::move(e));
      }
    }
  }
  return Status::ok();
}

struct PreparedQuery {
  std::unique_ptr<QueryNode> tree;  // null: nothing searchable
  Plans plans;
};

// Fills p in place: its plans are never moved.
static Status prepare(std::unique_ptr<QueryNode> parsed, const IndexReader& reader, AnalyzerPool& pool,
                      const Bm25Params& params, PreparedQuery& p) {
  if (params.k1 < 0 || params.b < 0 || params.b > 1) {
    return Status::invalid_argument("BM25 needs k1 >= 0 and 0 <= b <= 1");
  }
  if (!parsed) return Status::invalid_argument("empty query");
  QUARRY_ASSIGN_OR_RETURN(auto analyzer, pool.acquire());
  QUARRY_ASSIGN_OR_RETURN(p.tree, analyze_query(std::move(parsed), *analyzer));
  if (p.tree) QUARRY_RETURN_IF_ERROR(plan_leaves(*p.tree, reader, params, p.plans));
  return Status::ok();
}

Searcher::Searcher(const IndexReader& reader)
    : reader_(reader), analyzers_(std::make_unique<AnalyzerPool>(reader.manifest().analyzer)) {}
Searcher::~Searcher() = default;

Result<uint64_t> Searcher::count(std::string_view query) const {
  QUARRY_ASSIGN_OR_RETURN(auto parsed, parse_query(query));
  PreparedQuery q;
  QUARRY_RETURN_IF_ERROR(prepare(std::move(parsed), reader_, *analyzers_, {}, q));
  if (!q.tree) return uint64_t{0};
  uint64_t n = 0;
  for (size_t s = 0; s < reader_.segment_count(); ++s) {
    Builder builder(reader_, s, q.plans);
    QUARRY_ASSIGN_OR_RETURN(auto it, builder.build(*q.tree));
    for (; it->doc() != kNoMoreDocs; it->next()) ++n;
    QUARRY_RETURN_IF_ERROR(it->error());
  }
  QUARRY_RETURN_IF_ERROR(lengths_status(reader_));
  return n;
}

Result<SearchResults> Searcher::search(std::string_view query, const SearchOptions& options) const {
  if (auto simple = parse_simple_query(query)) return search(std::move(simple), options);
  QUARRY_ASSIGN_OR_RETURN(auto parsed, parse_query(query));
  return search(std::move(parsed), options);
}

Result<SearchResults> Searcher::search(std::unique_ptr<QueryNode> parsed, const SearchOptions& options) const {
  if (options.k > SIZE_MAX - options.offset) return Status::invalid_argument("k + offset is too large");
  PreparedQuery q;
  QUARRY_RETURN_IF_ERROR(prepare(std::move(parsed), reader_, *analyzers_, options.bm25, q));
  SearchResults results;
  results.total_is_exact = true;
  if (!q.tree) return results;  // nothing searchable (e.g. only punctuation)
  const QueryNode& tree = *q.tree;
  results.parsed_query = to_string(tree);
  TopK top(options.k + options.offset);
  const bool prune = !options.count_matches && is_flat(tree);
  results.total_is_exact = !prune;
  for (size_t s = 0; s < reader_.segment_count(); ++s) {
    const DocId base = reader_.segment_base(s);
    if (prune && tree.kind == NodeKind::kTerm) {
      QUARRY_ASSIGN_OR_RETURN(const uint64_t scored,
                              run_single_term(tree, q.plans.at(&tree), reader_.segment(s), s, base, top));
      results.total_matches += scored;
      continue;
    }
    Builder builder(reader_, s, q.plans);
    if (prune) {
      FlatIterators flat;
      QUARRY_RETURN_IF_ERROR(build_flat(tree, builder, flat));
      if (flat.required_missing) continue;  // a required leaf absent from this segment: nothing matches
      // Seeding: first the documents that match a strong, rare optional leaf
      // (they fill the top k with high scores cheaply), then the others, with
      // that leaf as an exclusion: the passes split the matches exactly. When
      // the rarest leaf's few documents leave the threshold low, the next
      // rare leaf seeds a further pass (up to kMaxSeeds).
      constexpr size_t kMaxSeeds = 3;
      LeafVector<size_t> seeded;
      while (seeded.size() < kMaxSeeds) {
        // A further pass pays only while the top k are not full yet (the
        // rarest leaf had fewer than k documents); until then any threshold
        // beats none, and less rare leaves seed too.
        if (!seeded.empty() && top.full()) break;
        const auto seed = seed_clause(flat, top.full() ? 8 : 4);
        if (!seed) break;
        flat.leaves[*seed].required = true;
        flat.leaves[*seed].sums_as_optional = true;
        results.total_matches += maxscore_top_k(flat.leaves, flat.excluded, base, top);
        QUARRY_RETURN_IF_ERROR(flat.error());
        seeded.push_back(flat.leaf_clause[*seed]);
        flat = FlatIterators{};
        QUARRY_RETURN_IF_ERROR(build_flat(tree, builder, flat, seeded));
      }
      results.total_matches += run_flat(flat, base, top, options.pruning);
      QUARRY_RETURN_IF_ERROR(flat.error());
      continue;
    }
    QUARRY_ASSIGN_OR_RETURN(auto it, builder.build(tree));
    for (; it->doc() != kNoMoreDocs; it->next()) {
      top.push({it->score(), base + it->doc()});
      ++results.total_matches;
    }
    QUARRY_RETURN_IF_ERROR(it->error());
  }

  const std::vector<ScoredDoc> best = top.take_sorted();
  if (best.size() > options.offset) results.hits.reserve(best.size() - options.offset);
  for (size_t i = options.offset; i < best.size(); ++i) {
    Hit& hit = results.hits.emplace_back();  // in place: moving a hit copies its strings' inline buffers
    hit.doc = best[i].doc;
    hit.score = best[i].score;
  }
  if ((options.fetch_documents || options.snippets) && !results.hits.empty()) {
    QUARRY_RETURN_IF_ERROR(decorate_hits(reader_, *analyzers_, tree, q.plans, options, results.hits));
  }
  QUARRY_RETURN_IF_ERROR(lengths_status(reader_));  // scores read lengths checked only as they were read
  return results;
}

}  // namespace quarry::internal
