// PostingCursor against a plain model of its postings: next, advance to
// every kind of target, and the in-block scan over unsigned edge values.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <iterator>
#include <random>

#include "index/dense_block.h"
#include "index/posting_reader.h"
#include "index/term_files_writer.h"
#include "query/id_intersection.h"
#include "test_util.h"

namespace quarry::internal {
namespace {

TEST(FirstAtLeast, BothSearchesAgreeWithLowerBoundAcrossTheSignBit) {
  std::mt19937_64 rng(5);
  for (int round = 0; round < 2000; ++round) {
    const uint32_t n = static_cast<uint32_t>(rng() % 131);
    std::vector<uint32_t> docs(n);
    const uint32_t base = std::vector<uint32_t>{0, 0x7FFFFF00u, 0xFFFFFE00u}[rng() % 3];
    for (auto& d : docs) d = base + static_cast<uint32_t>(rng() % 400);
    std::sort(docs.begin(), docs.end());
    docs.erase(std::unique(docs.begin(), docs.end()), docs.end());
    const uint32_t size = static_cast<uint32_t>(docs.size());
    for (int t = 0; t < 20; ++t) {
      const uint32_t from = size ? static_cast<uint32_t>(rng() % (size + 1)) : 0;
      const uint32_t target = base + static_cast<uint32_t>(rng() % 420) - 10;
      const auto want = std::lower_bound(docs.begin() + from, docs.end(), target) - docs.begin();
      ASSERT_EQ(first_at_least(docs.data(), from, size, target), static_cast<uint32_t>(want))
          << "target " << target << " from " << from << " of " << size;
      if (size > 0) {
        const auto from_0 = std::lower_bound(docs.begin(), docs.end(), target) - docs.begin();
        ASSERT_EQ(first_at_least_halving(docs.data(), size, target), static_cast<uint32_t>(from_0))
            << "target " << target << " of " << size;
      }
    }
  }
}

// intersect_ids and first_shared_id against std::set_intersection: sparse
// and dense runs, every overlap, ids across the sign bit and at the top of
// the range.
TEST(IntersectIds, FindsTheSharedIdsAndTheWindowsPrefix) {
  std::mt19937_64 rng(11);
  const auto draw = [&](uint32_t base, uint32_t spread, uint32_t n) {
    std::vector<uint32_t> v(n);
    for (auto& d : v) d = base + static_cast<uint32_t>(rng() % spread);
    std::sort(v.begin(), v.end());
    v.erase(std::unique(v.begin(), v.end()), v.end());
    return v;
  };
  for (int round = 0; round < 3000; ++round) {
    const uint32_t base = std::vector<uint32_t>{0, 0x7FFFFF00u, 0xFFFFF000u}[rng() % 3];
    const uint32_t spread = std::vector<uint32_t>{8, 200, 4000}[rng() % 3];
    const auto a = draw(base, spread, static_cast<uint32_t>(rng() % 129));
    auto b = draw(base + static_cast<uint32_t>(rng() % 64), spread, 1 + static_cast<uint32_t>(rng() % 128));
    if (rng() % 8 == 0) b.back() = UINT32_MAX;  // the window reaches the last id there is
    std::vector<IdMatch> out(a.size() + 1);
    uint32_t consumed = 12345;
    const uint32_t found = intersect_ids(a.data(), static_cast<uint32_t>(a.size()), b.data(),
                                         static_cast<uint32_t>(b.size()), out.data(), consumed);
    ASSERT_EQ(consumed, std::upper_bound(a.begin(), a.end(), b.back()) - a.begin());
    std::vector<uint32_t> want;
    std::set_intersection(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(want));
    ASSERT_EQ(found, want.size()) << "round " << round;
    for (uint32_t m = 0; m < found; ++m) {
      ASSERT_EQ(a[out[m].a], want[m]);
      ASSERT_EQ(b[out[m].b], want[m]);
    }
    uint32_t ia = 12345, ib = 12345;
    const bool any = first_shared_id(a.data(), static_cast<uint32_t>(a.size()), b.data(),
                                     static_cast<uint32_t>(b.size()), ia, ib);
    ASSERT_EQ(any, !want.empty()) << "round " << round;
    if (any) {
      ASSERT_EQ(a[ia], want[0]);
      ASSERT_EQ(b[ib], want[0]);
    } else {
      ASSERT_EQ(ia, consumed);
    }
  }
}

// Postings written as the terms t0, t1, ... of one segment (tf and
// positions as given, or tf 1 at position 0), and the files opened again.
class WrittenTerms {
 public:
  void write(const std::vector<std::vector<uint32_t>>& lists, const std::vector<uint32_t>& lengths,
             const std::vector<uint32_t>& freqs_of_t0 = {}, const std::vector<uint32_t>& positions_of_t0 = {}) {
    SegmentInfo info;
    auto writer = TermFilesWriter::create(dir_.path(), "seg");
    ASSERT_TRUE(writer.is_ok());
    for (size_t t = 0; t < lists.size(); ++t) {
      std::vector<uint32_t> freqs(lists[t].size(), 1), positions(lists[t].size(), 0);
      if (t == 0 && !freqs_of_t0.empty()) freqs = freqs_of_t0, positions = positions_of_t0;
      ASSERT_TRUE((*writer)->add(key(t), lists[t], freqs, positions, lengths, info).is_ok());
    }
    ASSERT_TRUE((*writer)->finish(info).is_ok());
    auto postings = MappedFile::open(dir_.file("seg.doc"), FileKind::kPostings);
    auto positions = MappedFile::open(dir_.file("seg.pos"), FileKind::kPositions);
    auto dict_file = MappedFile::open(dir_.file("seg.dict"), FileKind::kDictionary);
    ASSERT_TRUE(postings.is_ok() && positions.is_ok() && dict_file.is_ok());
    postings_ = std::move(*postings);
    positions_ = std::move(*positions);
    dict_file_ = std::move(*dict_file);
    auto dict = TermDictionaryReader::open(*dict_file_);
    ASSERT_TRUE(dict.is_ok());
    dict_ = std::move(*dict);
  }
  TermInfo info(size_t t) const {
    auto term = dict_->find(key(t));
    EXPECT_TRUE(term.is_ok());
    return term.is_ok() ? *term : TermInfo{};
  }
  Result<PostingCursor> cursor(size_t t, uint32_t doc_count) const { return cursor_of(info(t), doc_count); }
  Result<PostingCursor> cursor_of(const TermInfo& info, uint32_t doc_count) const {
    return PostingCursor::open(*postings_, *positions_, info, doc_count);
  }
  std::string postings_path() const { return dir_.file("seg.doc"); }
  std::string positions_path() const { return dir_.file("seg.pos"); }
  // Maps the files again (after a test altered them).
  void reopen() {
    postings_.reset();
    positions_.reset();
    auto postings = MappedFile::open(dir_.file("seg.doc"), FileKind::kPostings);
    auto positions = MappedFile::open(dir_.file("seg.pos"), FileKind::kPositions);
    ASSERT_TRUE(postings.is_ok()) << postings.status().to_string();
    ASSERT_TRUE(positions.is_ok()) << positions.status().to_string();
    postings_ = std::move(*postings);
    positions_ = std::move(*positions);
  }

 private:
  static std::string key(size_t t) { return term_key(Field::kBody, "t" + std::to_string(t)); }
  testing::TempDir dir_;
  std::unique_ptr<MappedFile> postings_, positions_, dict_file_;
  std::unique_ptr<TermDictionaryReader> dict_;
};

// A merge writes a term a block of documents at a time (its most frequent
// words' occurrences need not fit in memory): the files must be byte for byte
// those of the whole term written at once, and a block of the wrong size or a
// term finished early must be refused.
TEST(PostingWriter, StreamedBlocksWriteTheBytesOfTheWholeTerm) {
  const uint32_t doc_count = 5000;
  std::mt19937_64 rng(41);
  std::vector<uint32_t> lengths(doc_count);
  for (auto& l : lengths) l = 1 + static_cast<uint32_t>(rng() % 300);
  struct Term {
    std::vector<uint32_t> docs, freqs, positions;
  };
  std::vector<Term> terms;
  for (const uint32_t df : {1u, 127u, 128u, 129u, 700u, 4000u}) {  // one block, its edges, a skip table, dense runs
    Term t;
    for (uint32_t d = 0; t.docs.size() < df; ++d) {
      if (df < 4000 && rng() % 5 != 0) continue;
      t.docs.push_back(d);
      const uint32_t tf = 1 + static_cast<uint32_t>(rng() % 4);
      t.freqs.push_back(tf);
      for (uint32_t p = 0, at = static_cast<uint32_t>(rng() % 9); p < tf; ++p, at += 1 + rng() % 50) t.positions.push_back(at);
    }
    terms.push_back(std::move(t));
  }
  testing::TempDir whole_dir, streamed_dir;
  SegmentInfo whole_info, streamed_info;
  auto whole = TermFilesWriter::create(whole_dir.path(), "seg");
  auto streamed = TermFilesWriter::create(streamed_dir.path(), "seg");
  ASSERT_TRUE(whole.is_ok() && streamed.is_ok());
  for (size_t k = 0; k < terms.size(); ++k) {
    const Term& t = terms[k];
    const std::string key = term_key(Field::kBody, "t" + std::to_string(k));
    ASSERT_TRUE((*whole)->add(key, t.docs, t.freqs, t.positions, lengths, whole_info).is_ok());
    (*streamed)->begin_term(static_cast<uint32_t>(t.docs.size()));
    size_t pos_at = 0;
    for (size_t start = 0; start < t.docs.size(); start += kBlockSize) {
      const size_t n = std::min(kBlockSize, t.docs.size() - start);
      size_t count = 0;
      for (size_t i = start; i < start + n; ++i) count += t.freqs[i];
      ASSERT_TRUE((*streamed)
                      ->add_block(std::span(t.docs).subspan(start, n), std::span(t.freqs).subspan(start, n),
                                  std::span(t.positions).subspan(pos_at, count), lengths)
                      .is_ok());
      pos_at += count;
    }
    ASSERT_TRUE((*streamed)->finish_term(key, streamed_info).is_ok());
  }
  ASSERT_TRUE((*whole)->finish(whole_info).is_ok());
  ASSERT_TRUE((*streamed)->finish(streamed_info).is_ok());
  for (const char* ext : {".doc", ".pos", ".dict"}) {
    const std::string a = testing::slurp(whole_dir.file(std::string("seg") + ext));
    EXPECT_FALSE(a.empty()) << ext;
    EXPECT_EQ(a, testing::slurp(streamed_dir.file(std::string("seg") + ext))) << ext;
  }
  EXPECT_EQ(whole_info.posting_count, streamed_info.posting_count);
  EXPECT_EQ(whole_info.position_count, streamed_info.position_count);

  testing::TempDir bad_dir;
  SegmentInfo bad_info;
  auto bad = TermFilesWriter::create(bad_dir.path(), "seg");
  ASSERT_TRUE(bad.is_ok());
  const Term& t = terms[4];  // 700 documents
  (*bad)->begin_term(700);
  EXPECT_FALSE((*bad)->add_block(std::span(t.docs).first(100), std::span(t.freqs).first(100), t.positions, lengths).is_ok())
      << "a short block before the last";
  (*bad)->begin_term(700);
  size_t count = 0;
  for (size_t i = 0; i < kBlockSize; ++i) count += t.freqs[i];
  ASSERT_TRUE((*bad)->add_block(std::span(t.docs).first(kBlockSize), std::span(t.freqs).first(kBlockSize),
                                std::span(t.positions).first(count), lengths)
                  .is_ok());
  EXPECT_FALSE((*bad)->finish_term(term_key(Field::kBody, "t"), bad_info).is_ok()) << "finished after 128 of 700";
}

// A dictionary entry claiming more documents than the segment holds is
// corruption when the cursor opens (a merge sums such counts across inputs
// into a 32-bit one before reading the postings).
TEST(PostingCursor, TermInMoreDocumentsThanTheSegmentIsCorruption) {
  const std::vector<uint32_t> lengths(300, 10);
  std::vector<uint32_t> docs;
  for (uint32_t d = 0; d < 300; ++d) docs.push_back(d);
  WrittenTerms terms;
  ASSERT_NO_FATAL_FAILURE(terms.write({docs}, lengths));
  TermInfo info = terms.info(0);
  ASSERT_EQ(info.df, 300u);
  ASSERT_TRUE(terms.cursor_of(info, 300).is_ok());  // in every document of the segment: allowed
  info.df = 301;
  auto damaged = terms.cursor_of(info, 300);
  ASSERT_FALSE(damaged.is_ok());
  EXPECT_EQ(damaged.status().code(), StatusCode::kCorruption) << damaged.status().to_string();
  EXPECT_NE(damaged.status().to_string().find("more documents than the segment"), std::string::npos)
      << damaged.status().to_string();
}

TEST(PostingCursor, NextAndAdvanceMatchTheModel) {
  const uint32_t doc_count = 200'000;
  const std::vector<uint32_t> lengths(doc_count, 50);
  std::mt19937_64 rng(9);
  // Dense, medium and sparse lists: one block, many blocks, runs of consecutive ids.
  std::vector<std::vector<uint32_t>> lists;
  for (const uint32_t step : {1u, 3u, 97u, 5000u}) {
    std::vector<uint32_t> docs;
    for (uint32_t d = static_cast<uint32_t>(rng() % step); d < doc_count; d += 1 + static_cast<uint32_t>(rng() % step)) {
      docs.push_back(d);
    }
    lists.push_back(docs);
  }
  // Ids far from evenly spread (a far advance guesses its block from the
  // ids): runs of consecutive ids at both ends, a sparse middle, a dense patch.
  std::vector<uint32_t> skewed;
  for (uint32_t d = 0; d < doc_count; ++d) {
    if (d < 20'000 || d >= 190'000 || (d >= 120'000 && d < 121'000) || d % 7919 == 0) skewed.push_back(d);
  }
  lists.push_back(skewed);
  WrittenTerms terms;
  ASSERT_NO_FATAL_FAILURE(terms.write(lists, lengths));
  for (size_t t = 0; t < lists.size(); ++t) {
    const auto& model = lists[t];
    auto all = terms.cursor(t, doc_count);
    ASSERT_TRUE(all.is_ok());
    for (uint32_t d : model) {
      ASSERT_EQ(all->doc(), d);
      all->next();
    }
    EXPECT_EQ(all->doc(), kNoMoreDocs);
    for (int round = 0; round < 24; ++round) {
      auto c = terms.cursor(t, doc_count);
      ASSERT_TRUE(c.is_ok());
      DocId target = 0;
      for (;;) {
        if (round % 2 == 1 && rng() % 3 == 0) {  // next() after a far advance: the block's rest
          const DocId before = c->doc();
          c->next();
          const auto it = std::upper_bound(model.begin(), model.end(), before);
          ASSERT_EQ(c->doc(), it == model.end() ? kNoMoreDocs : *it) << "term " << t << " next after " << before;
          if (c->doc() == kNoMoreDocs) break;
          target = c->doc();
          continue;
        }
        target += 1 + static_cast<DocId>(rng() % (round < 10 ? 8 : round < 20 ? 3000 : 60'000));
        const DocId before = c->doc();
        if (target > before) c->advance(target);  // REQUIRES: target > doc()
        DocId want = before;
        if (target > before) {
          const auto it = std::lower_bound(model.begin(), model.end(), target);
          want = it == model.end() ? kNoMoreDocs : *it;
        }
        ASSERT_EQ(c->doc(), want) << "term " << t << " target " << target;
        if (want == kNoMoreDocs) break;
        if (round % 4 == 3 && rng() % 5 == 0) {  // the block's rest, as a block-at-a-time caller reads it
          const auto rest = c->rest_of_block_docs();
          const auto at = std::lower_bound(model.begin(), model.end(), c->doc()) - model.begin();
          ASSERT_FALSE(rest.empty());
          for (size_t j = 0; j < rest.size(); ++j) ASSERT_EQ(rest[j], model[at + j]) << "term " << t;
          const size_t end = at + rest.size();  // blocks hold postings 128·b .. 128·b + 127
          ASSERT_TRUE(end % 128 == 0 || end == model.size()) << "term " << t << ": the rest stops mid-block at " << end;
        }
      }
    }
  }
}

TEST(PostingCursor, WideGapsAreSummedExactly) {
  // A full block with one gap of 2^25 is packed 25 bits wide: its width alone
  // allows a sum past 32 bits, so the cursor sums the gaps exactly instead.
  const uint32_t doc_count = (1u << 25) + 1000;
  std::vector<uint32_t> docs;
  for (uint32_t d = 0; d < 127; ++d) docs.push_back(d);
  for (uint32_t d = 1u << 25; docs.size() < 300; d += 3) docs.push_back(d);
  WrittenTerms terms;
  ASSERT_NO_FATAL_FAILURE(terms.write({docs}, std::vector<uint32_t>(doc_count, 7)));
  auto c = terms.cursor(0, doc_count);
  ASSERT_TRUE(c.is_ok()) << c.status().to_string();
  for (uint32_t d : docs) {
    ASSERT_EQ(c->doc(), d);
    c->next();
  }
  EXPECT_EQ(c->doc(), kNoMoreDocs);
  EXPECT_TRUE(c->error().is_ok());
  // The same postings in a segment one document too small: the last id is out of range.
  auto short_segment = terms.cursor(0, docs[127]);
  ASSERT_FALSE(short_segment.is_ok());
  EXPECT_EQ(short_segment.status().code(), StatusCode::kCorruption);
}

TEST(PostingCursor, TermFrequencyPastRangeIsCorruption) {
  // A tf of 0 is stored as tf - 1 = 2^32 - 1, which no real tf can be: once
  // the cursor reads it (doc 2's sound tf may be read alone, or the whole
  // block at once), the block's tfs are read as 1 and the cursor reports
  // corruption (the exact check behind the vectorized sum, taken when a tf
  // reaches 2^24).
  const std::vector<uint32_t> docs = {2, 5, 9}, lengths(10, 4);
  WrittenTerms terms;
  ASSERT_NO_FATAL_FAILURE(terms.write({docs}, lengths, /*freqs_of_t0=*/{1, 0, 2}, /*positions_of_t0=*/{0, 1, 3}));
  auto c = terms.cursor(0, 10);
  ASSERT_TRUE(c.is_ok()) << c.status().to_string();
  EXPECT_EQ(c->freq(), 1u);
  c->next();
  EXPECT_EQ(c->doc(), 5u);
  EXPECT_EQ(c->freq(), 1u);
  EXPECT_EQ(c->error().code(), StatusCode::kCorruption);
  EXPECT_NE(c->error().message().find("term frequency out of range"), std::string::npos) << c->error().message();
  c->next();
  EXPECT_EQ(c->doc(), 9u);
  EXPECT_EQ(c->freq(), 1u);
}

TEST(PostingCursor, TermFrequencyPastRangeInAFullBlockIsCorruptionWhenReadAlone) {
  // The same damage in a full block, where a probe reads the tf alone from its
  // lane: it must not come back as tf 0 but go the checked way.
  const uint32_t doc_count = 400;
  std::vector<uint32_t> docs, freqs, positions;
  for (uint32_t d = 0; d < 300; ++d) {
    docs.push_back(d);
    freqs.push_back(d == 200 ? 0 : 1);  // doc 200 is in block 1 (postings 128..255), a full block
    if (d != 200) positions.push_back(0);
  }
  WrittenTerms terms;
  ASSERT_NO_FATAL_FAILURE(terms.write({docs}, std::vector<uint32_t>(doc_count, 4), freqs, positions));
  auto c = terms.cursor(0, doc_count);
  ASSERT_TRUE(c.is_ok()) << c.status().to_string();
  c->advance(199);
  EXPECT_EQ(c->freq(), 1u);  // read alone, undamaged
  EXPECT_TRUE(c->error().is_ok());
  c->next();
  ASSERT_EQ(c->doc(), 200u);
  EXPECT_EQ(c->freq(), 1u);
  EXPECT_EQ(c->error().code(), StatusCode::kCorruption);
  EXPECT_NE(c->error().message().find("term frequency out of range"), std::string::npos) << c->error().message();
}

TEST(PostingCursor, TfsReadOneAtATimeEqualTheBlocksTfs) {
  // A probe reads a document's tf from the packed block alone; a scan soon
  // loads the whole block; positions after single reads still line up.
  const uint32_t doc_count = 5000;
  const std::vector<uint32_t> lengths(doc_count, 2000);
  std::mt19937_64 rng(21);
  std::vector<uint32_t> docs, freqs, positions;
  for (uint32_t d = 0; d < doc_count; d += 1 + static_cast<uint32_t>(rng() % 6)) {
    docs.push_back(d);
    const uint32_t tf = rng() % 50 == 0 ? 1 + static_cast<uint32_t>(rng() % 1500) : 1 + static_cast<uint32_t>(rng() % 3);
    freqs.push_back(tf);
    for (uint32_t p = 0; p < tf; ++p) positions.push_back(p);
  }
  WrittenTerms terms;
  ASSERT_NO_FATAL_FAILURE(terms.write({docs}, lengths, freqs, positions));
  const auto tf_of = [&](DocId d) { return freqs[std::lower_bound(docs.begin(), docs.end(), d) - docs.begin()]; };
  for (int round = 0; round < 30; ++round) {
    auto c = terms.cursor(0, doc_count);
    ASSERT_TRUE(c.is_ok());
    const uint32_t stride = round < 10 ? 1 : round < 20 ? 9 : 300;  // a scan, probes, far probes
    for (DocId target = 0; c->doc() != kNoMoreDocs; target = c->doc() + 1 + static_cast<DocId>(rng() % stride)) {
      c->advance(target);
      if (c->doc() == kNoMoreDocs) break;
      ASSERT_EQ(c->freq(), tf_of(c->doc())) << "doc " << c->doc() << " round " << round;
      if (rng() % 16 == 0) {
        const auto pos = c->positions();
        ASSERT_EQ(pos.size(), tf_of(c->doc())) << "doc " << c->doc();
        EXPECT_EQ(pos.back(), pos.size() - 1);
      }
    }
    ASSERT_TRUE(c->error().is_ok()) << c->error().to_string();
  }
}

TEST(PostingCursor, PositionsReadAloneOrDecodedEqualTheWrittenOnes) {
  // Every block's positions end with a short chunk (format v5: packed, or
  // 0xFF and varints where smaller: here a few documents' first positions are
  // large). A document with a few positions is read from where they are
  // packed alone, others decode the chunk; visiting documents in strides
  // mixes both, and every list must come back exactly.
  const uint32_t doc_count = 3000;
  std::mt19937_64 rng(31);
  std::vector<uint32_t> docs, freqs, positions;
  std::vector<std::vector<uint32_t>> model;
  for (uint32_t d = 0; d < doc_count; d += 1 + static_cast<uint32_t>(rng() % 3)) {
    docs.push_back(d);
    const uint32_t tf = rng() % 9 == 0 ? 7 + static_cast<uint32_t>(rng() % 40) : 1 + static_cast<uint32_t>(rng() % 4);
    freqs.push_back(tf);
    std::vector<uint32_t> list;
    uint32_t p = rng() % 11 == 0 ? 5000 + static_cast<uint32_t>(rng() % 60000) : static_cast<uint32_t>(rng() % 30);
    for (uint32_t k = 0; k < tf; ++k, p += 1 + static_cast<uint32_t>(rng() % 5)) list.push_back(p);
    positions.insert(positions.end(), list.begin(), list.end());
    model.push_back(std::move(list));
  }
  WrittenTerms terms;
  ASSERT_NO_FATAL_FAILURE(terms.write({docs}, std::vector<uint32_t>(doc_count, 70000), freqs, positions));
  for (const uint32_t stride : {1u, 2u, 5u, 40u}) {
    auto c = terms.cursor(0, doc_count);
    ASSERT_TRUE(c.is_ok());
    for (size_t i = 0; i < docs.size(); i += 1 + rng() % stride) {
      c->advance(docs[i]);
      ASSERT_EQ(c->doc(), docs[i]);
      const auto pos = c->positions();
      ASSERT_EQ(std::vector<uint32_t>(pos.begin(), pos.end()), model[i]) << "doc " << docs[i] << " stride " << stride;
    }
    ASSERT_TRUE(c->error().is_ok()) << c->error().to_string();
  }
}

// The postings of one term whose full blocks are all dense (nine documents
// in ten, so a few gaps set the packed width while the bitmap stays short; a
// few documents with many occurrences), written and checked to be dense.
struct DenseTerm {
  static constexpr uint32_t kDocCount = 3000;
  std::vector<uint32_t> docs, freqs, positions;
  WrittenTerms terms;
  void write() {
    std::mt19937_64 rng(17);
    for (uint32_t d = 1; d < kDocCount; d += rng() % 10 == 0 ? 2 + static_cast<uint32_t>(rng() % 12) : 1) {
      docs.push_back(d);
      const uint32_t tf = rng() % 40 == 0 ? 2 + static_cast<uint32_t>(rng() % 300) : 1;
      freqs.push_back(tf);
      for (uint32_t p = 0; p < tf; ++p) positions.push_back(3 * p + d % 3);
    }
    ASSERT_NO_FATAL_FAILURE(terms.write({docs}, std::vector<uint32_t>(kDocCount, 1000), freqs, positions));
    // The first block follows the term's skip table: a bitmap, not packed gaps.
    const uint64_t blocks = (docs.size() + kBlockSize - 1) / kBlockSize;
    ASSERT_EQ(static_cast<uint8_t>(testing::slurp(terms.postings_path())[terms.info(0).doc_offset + blocks * kSkipEntrySize]),
              kDenseBlock);
  }
  size_t at(DocId d) const { return std::lower_bound(docs.begin(), docs.end(), d) - docs.begin(); }
};

TEST(PostingCursor, DenseBlocksAnswerProbesWithTheirTfsAndPositions) {
  DenseTerm t;
  ASSERT_NO_FATAL_FAILURE(t.write());
  std::vector<uint32_t> starts(t.docs.size() + 1, 0);  // each document's first index into positions
  for (size_t i = 0; i < t.docs.size(); ++i) starts[i + 1] = starts[i] + t.freqs[i];
  std::mt19937_64 rng(4);
  for (int round = 0; round < 40; ++round) {
    auto c = t.terms.cursor(0, DenseTerm::kDocCount);
    ASSERT_TRUE(c.is_ok()) << c.status().to_string();
    const uint32_t stride = round < 10 ? 2 : round < 30 ? 40 : 400;  // within and across blocks
    for (DocId target = 1 + static_cast<DocId>(rng() % 5); c->doc() != kNoMoreDocs;
         target = c->doc() + 1 + static_cast<DocId>(rng() % stride)) {
      if (rng() % 4 == 0) {
        c->next();  // walking on from a probe: the block's ids, decoded
      } else {
        c->advance(target);
      }
      if (c->doc() == kNoMoreDocs) break;
      const size_t i = t.at(c->doc());
      ASSERT_LT(i, t.docs.size());
      ASSERT_EQ(c->doc(), t.docs[i]);
      ASSERT_EQ(c->freq(), t.freqs[i]) << "doc " << c->doc();
      if (rng() % 3 == 0) {
        const auto pos = c->positions();
        ASSERT_TRUE(std::equal(pos.begin(), pos.end(), t.positions.begin() + starts[i], t.positions.begin() + starts[i + 1]))
            << "doc " << c->doc();
      }
      if (rng() % 7 == 0) {
        const auto rest = c->rest_of_block_docs();
        ASSERT_TRUE(std::equal(rest.begin(), rest.end(), t.docs.begin() + static_cast<std::ptrdiff_t>(i)));
      }
    }
    ASSERT_TRUE(c->error().is_ok()) << c->error().to_string();
  }
}

TEST(PostingCursor, DamagedPositionsAreCorruptionWhenRead) {
  // 300 documents with one position each: block 0's 128 positions are one
  // packed chunk (a document's position is read from its lane alone), block
  // 2's 44 a packed short chunk (format v5).
  const uint32_t doc_count = 300;
  std::vector<uint32_t> docs, freqs(doc_count, 1), positions;
  for (uint32_t d = 0; d < doc_count; ++d) {
    docs.push_back(d);
    positions.push_back(d % 50);
  }
  const auto positions_of = [&](WrittenTerms& terms, DocId d) {
    auto c = terms.cursor(0, doc_count);
    EXPECT_TRUE(c.is_ok());
    c->advance(d);
    EXPECT_EQ(c->doc(), d);
    const auto pos = c->positions();
    return std::make_pair(std::vector<uint32_t>(pos.begin(), pos.end()), c->error());
  };
  {
    WrittenTerms terms;
    ASSERT_NO_FATAL_FAILURE(terms.write({docs}, std::vector<uint32_t>(doc_count, 60), freqs, positions));
    ASSERT_EQ(positions_of(terms, 5).first, std::vector<uint32_t>{5});
    std::string data = testing::slurp(terms.positions_path());
    data[terms.info(0).pos_offset] = 40;  // block 0's chunk header: a bit width past 32
    testing::spit(terms.positions_path(), data);
    testing::reseal(terms.positions_path());
    ASSERT_NO_FATAL_FAILURE(terms.reopen());
    const auto [pos, error] = positions_of(terms, 5);
    EXPECT_TRUE(pos.empty());
    EXPECT_EQ(error.code(), StatusCode::kCorruption);
    EXPECT_NE(error.message().find("undecodable positions block"), std::string::npos) << error.message();
  }
  {
    WrittenTerms terms;
    ASSERT_NO_FATAL_FAILURE(terms.write({docs}, std::vector<uint32_t>(doc_count, 60), freqs, positions));
    // Block 2's short chunk claims 32-bit values: 44 of them run past the block.
    const std::string pos_file = terms.positions_path();
    std::string data = testing::slurp(pos_file);
    uint32_t block2_begin;
    std::memcpy(&block2_begin, testing::slurp(terms.postings_path()).data() + terms.info(0).doc_offset + kSkipEntrySize + 8, 4);
    data[terms.info(0).pos_offset + block2_begin] = 32;
    testing::spit(pos_file, data);
    testing::reseal(pos_file);
    ASSERT_NO_FATAL_FAILURE(terms.reopen());
    EXPECT_EQ(positions_of(terms, 200).first, std::vector<uint32_t>{200 % 50}) << "block 1 is sound";
    for (const DocId d : {256u, 299u}) {
      const auto [pos, error] = positions_of(terms, d);
      EXPECT_TRUE(pos.empty()) << "doc " << d;
      EXPECT_EQ(error.code(), StatusCode::kCorruption) << "doc " << d;
    }
  }
}

TEST(PostingCursor, DamagedDenseBlockIsCorruption) {
  DenseTerm t;
  ASSERT_NO_FATAL_FAILURE(t.write());
  const uint64_t blocks = (t.docs.size() + kBlockSize - 1) / kBlockSize;
  // A 129th document in the second block: its bitmap starts after the first
  // block's runs (its skip entry's doc_end) and the header byte.
  std::string data = testing::slurp(t.terms.postings_path());
  const uint64_t table = t.terms.info(0).doc_offset;
  uint32_t first_end;
  std::memcpy(&first_end, data.data() + table + 4, 4);
  const uint64_t bitmap = table + blocks * kSkipEntrySize + first_end + 1;
  const DocId base = t.docs[127] + 1;
  uint32_t unset = 0;
  while (std::binary_search(t.docs.begin(), t.docs.end(), base + unset)) ++unset;
  data[bitmap + unset / 8] = static_cast<char>(data[bitmap + unset / 8] | (1 << (unset % 8)));
  testing::spit(t.terms.postings_path(), data);
  testing::reseal(t.terms.postings_path());
  ASSERT_NO_FATAL_FAILURE(t.terms.reopen());
  auto c = t.terms.cursor(0, DenseTerm::kDocCount);
  ASSERT_TRUE(c.is_ok()) << "the first block is sound";
  c->advance(base);
  EXPECT_EQ(c->doc(), kNoMoreDocs);
  EXPECT_EQ(c->error().code(), StatusCode::kCorruption);
  EXPECT_NE(c->error().message().find("dense"), std::string::npos) << c->error().message();
}

}  // namespace
}  // namespace quarry::internal
