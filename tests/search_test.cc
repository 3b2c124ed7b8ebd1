// End-to-end search behaviour: BM25 against hand computation, phrases,
// booleans, fields, multi-segment indexes, and the briefings corpus.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>

#include <sys/resource.h>

#include "index/doc_store.h"
#include "index/document_source.h"
#include "index/segment_merger.h"
#include "test_util.h"

namespace quarry::internal {
namespace {

using testing::build_index;
using testing::Doc;
using testing::hit_ids;
using testing::TempDir;
using V = std::vector<std::string>;

IndexWriterOptions no_stemming() {
  IndexWriterOptions o;
  o.analyzer.stem_language = "none";
  return o;
}

TEST(Bm25, MatchesHandComputedScores) {
  TempDir dir;
  // Body lengths: d0 = 4, d1 = 2, d2 = 6 tokens; avgdl = 4.
  build_index(dir.path(), {{"d0", "", "apple apple banana cherry"},
                           {"d1", "", "banana date"},
                           {"d2", "", "apple fig fig grape grape grape"}},
              no_stemming());
  auto reader = IndexReader::open(dir.path());
  ASSERT_TRUE(reader.is_ok());
  SearchOptions o;
  o.snippets = false;
  auto r = Searcher(**reader).search("apple", o);
  ASSERT_TRUE(r.is_ok());
  ASSERT_EQ(r->hits.size(), 2u);
  // N = 3, df = 2: idf = ln(1 + (3 - 2 + 0.5) / (2 + 0.5)) = ln(1.6)
  const double idf = std::log(1.6), k1 = 1.2, b = 0.75;
  const double d0 = idf * 2 * (k1 + 1) / (2 + k1 * (1 - b + b * 4.0 / 4.0));
  const double d2 = idf * 1 * (k1 + 1) / (1 + k1 * (1 - b + b * 6.0 / 4.0));
  EXPECT_EQ(r->hits[0].id, "d0");
  EXPECT_NEAR(r->hits[0].score, d0, 1e-9);
  EXPECT_EQ(r->hits[1].id, "d2");
  EXPECT_NEAR(r->hits[1].score, d2, 1e-9);

  // k1 and b per search: b = 0 ignores length; k1 = 0 ignores tf.
  o.bm25 = {0.0, 0.0};
  r = Searcher(**reader).search("apple banana", o);
  ASSERT_TRUE(r.is_ok());
  ASSERT_EQ(r->hits.size(), 3u);
  EXPECT_EQ(r->hits[0].id, "d0");
  EXPECT_NEAR(r->hits[0].score, 2 * idf, 1e-9);  // banana has the same df as apple
  // A phrase scores as one pseudo-term: phrase tf with the summed idf.
  o.bm25 = {1.2, 0.75};
  r = Searcher(**reader).search("\"apple banana\"", o);
  ASSERT_TRUE(r.is_ok());
  ASSERT_EQ(r->hits.size(), 1u);
  EXPECT_NEAR(r->hits[0].score, 2 * idf * 1 * (k1 + 1) / (1 + k1 * (1 - b + b * 4.0 / 4.0)), 1e-9);
}

TEST(Explain, BreaksDownEveryMatchingLeaf) {
  TempDir dir;
  build_index(dir.path(), {{"d0", "", "apple apple banana cherry"}, {"d1", "", "banana date"}}, no_stemming());
  auto reader = IndexReader::open(dir.path());
  ASSERT_TRUE(reader.is_ok());
  SearchOptions o;
  o.explain = true;
  // Clauses that match nothing in the segment must not break the explanation.
  auto r = Searcher(**reader).search("(apple AND missing) banana \"apple cherry\" -zebra", o);
  ASSERT_TRUE(r.is_ok()) << r.status().to_string();
  ASSERT_EQ(r->hits.size(), 2u);
  double sum = 0;
  for (const auto& e : r->hits[0].explanation) sum += e.score;
  ASSERT_EQ(r->hits[0].explanation.size(), 1u);
  EXPECT_EQ(r->hits[0].explanation[0].query, "banana");
  EXPECT_EQ(r->hits[0].explanation[0].tf, 1u);
  EXPECT_NEAR(sum, r->hits[0].score, 1e-12);
  r = Searcher(**reader).search("apple banana", o);
  ASSERT_TRUE(r.is_ok());
  ASSERT_EQ(r->hits[0].id, "d0");
  ASSERT_EQ(r->hits[0].explanation.size(), 2u);
  EXPECT_EQ(r->hits[0].explanation[0].tf, 2u);
  EXPECT_EQ(r->hits[0].explanation[0].dl, 4u);
  EXPECT_NEAR(r->hits[0].explanation[0].score + r->hits[0].explanation[1].score, r->hits[0].score, 1e-12);
}

TEST(Phrase, AdjacencyOrderAndRepeats) {
  TempDir dir;
  build_index(dir.path(), {{"adjacent", "", "the quick brown fox"},
                           {"one_apart", "", "the quick red brown fox"},
                           {"reversed", "", "brown quick"},
                           {"repeated", "", "buffalo buffalo buffalo"},
                           {"twice", "", "quick brown and quick brown"}},
              no_stemming());
  auto reader = IndexReader::open(dir.path());
  ASSERT_TRUE(reader.is_ok());
  EXPECT_EQ(hit_ids(**reader, "\"quick brown\""), (V{"twice", "adjacent"}));
  EXPECT_EQ(hit_ids(**reader, "\"quick brown fox\""), (V{"adjacent"}));
  EXPECT_EQ(hit_ids(**reader, "\"brown quick\""), (V{"reversed"}));
  EXPECT_EQ(hit_ids(**reader, "\"buffalo buffalo\""), (V{"repeated"}));
  EXPECT_EQ(hit_ids(**reader, "\"buffalo buffalo buffalo buffalo\""), V{});
  EXPECT_EQ(hit_ids(**reader, "\"quick fox\""), V{});
  EXPECT_EQ(hit_ids(**reader, "\"red brown fox\""), (V{"one_apart"}));
  // tf counts every start, overlapping ones too: from positions ("buffalo" is
  // in one document, not a pair word) and from a pair's list ("quick brown").
  SearchOptions o;
  o.explain = true;
  for (const auto& [query, tf] : {std::pair{"\"buffalo buffalo\"", 2u}, std::pair{"\"quick brown\"", 2u},
                                  std::pair{"\"buffalo buffalo buffalo\"", 1u}}) {
    auto r = Searcher(**reader).search(query, o);
    ASSERT_TRUE(r.is_ok());
    ASSERT_FALSE(r->hits.empty()) << query;
    EXPECT_EQ(r->hits[0].explanation[0].tf, tf) << query;
  }
}

TEST(Search, HitCountThatOverflowsIsInvalid) {
  TempDir dir;
  build_index(dir.path(), {{"a", "", "alpha"}}, no_stemming());
  auto reader = IndexReader::open(dir.path());
  ASSERT_TRUE(reader.is_ok());
  SearchOptions o;
  o.k = SIZE_MAX;
  o.offset = 1;
  auto r = Searcher(**reader).search("alpha", o);
  ASSERT_FALSE(r.is_ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  o.offset = 0;  // k = SIZE_MAX alone means "every hit"
  r = Searcher(**reader).search("alpha", o);
  ASSERT_TRUE(r.is_ok());
  EXPECT_EQ(r->hits.size(), 1u);
}

TEST(Boolean, Combinations) {
  TempDir dir;
  build_index(dir.path(), {{"ab", "", "alpha beta"},
                           {"a", "", "alpha"},
                           {"b", "", "beta"},
                           {"abc", "", "alpha beta gamma"},
                           {"c", "", "gamma"}},
              no_stemming());
  auto reader = IndexReader::open(dir.path());
  ASSERT_TRUE(reader.is_ok());
  auto sorted = [](V v) {
    std::sort(v.begin(), v.end());
    return v;
  };
  EXPECT_EQ(sorted(hit_ids(**reader, "alpha AND beta")), (V{"ab", "abc"}));
  EXPECT_EQ(sorted(hit_ids(**reader, "+alpha +beta")), (V{"ab", "abc"}));
  EXPECT_EQ(sorted(hit_ids(**reader, "alpha OR gamma")), (V{"a", "ab", "abc", "c"}));
  EXPECT_EQ(sorted(hit_ids(**reader, "alpha -gamma")), (V{"a", "ab"}));
  EXPECT_EQ(sorted(hit_ids(**reader, "alpha AND NOT beta")), (V{"a"}));
  EXPECT_EQ(sorted(hit_ids(**reader, "(alpha OR gamma) AND beta")), (V{"ab", "abc"}));
  EXPECT_EQ(sorted(hit_ids(**reader, "+alpha beta")), (V{"a", "ab", "abc"}));
  EXPECT_EQ(hit_ids(**reader, "+alpha gamma")[0], "abc") << "optional terms raise the score";
  EXPECT_EQ(sorted(hit_ids(**reader, "beta -(alpha gamma)")), (V{"b"}));
  EXPECT_EQ(hit_ids(**reader, "missing"), V{});
  EXPECT_EQ(hit_ids(**reader, "+alpha +missing"), V{});
  EXPECT_EQ(sorted(hit_ids(**reader, "alpha missing")), (V{"a", "ab", "abc"}));
}

TEST(Fields, TitleQueries) {
  TempDir dir;
  build_index(dir.path(), {{"t", "Nuclear talks", "meetings were held"},
                           {"b", "Meetings", "nuclear talks were held"}},
              no_stemming());
  auto reader = IndexReader::open(dir.path());
  ASSERT_TRUE(reader.is_ok());
  EXPECT_EQ(hit_ids(**reader, "title:nuclear"), (V{"t"}));
  EXPECT_EQ(hit_ids(**reader, "title:\"nuclear talks\""), (V{"t"}));
  EXPECT_EQ(hit_ids(**reader, "title:meetings"), (V{"b"}));
  // The body field holds the title too, but a phrase does not span title and text.
  EXPECT_EQ(hit_ids(**reader, "nuclear").size(), 2u);
  EXPECT_EQ(hit_ids(**reader, "\"talks meetings\""), V{});
}

TEST(Fields, TitleIsInTheBodyUnlessTheTextStartsWithItAsWholeWords) {
  TempDir dir;
  build_index(dir.path(), {{"prefix", "Sea", "Seawater rises"},         // "Sea" is not the text's first word
                           {"repeat", "Sea level", "Sea level rises"},  // the text repeats the title
                           {"spaced", "  Tide  ", "Tide tables"}},
              no_stemming());
  auto reader = IndexReader::open(dir.path());
  ASSERT_TRUE(reader.is_ok());
  EXPECT_EQ(hit_ids(**reader, "+sea -level"), (V{"prefix"}));
  SearchOptions o;
  o.explain = true;
  auto r = Searcher(**reader).search("level", o);
  ASSERT_TRUE(r.is_ok());
  ASSERT_EQ(r->hits.size(), 1u);
  EXPECT_EQ(r->hits[0].explanation[0].tf, 1u) << "the title was not indexed twice";
  EXPECT_EQ(r->hits[0].explanation[0].dl, 3u);
  r = Searcher(**reader).search("tables", o);
  ASSERT_TRUE(r.is_ok());
  ASSERT_EQ(r->hits.size(), 1u);
  EXPECT_EQ(r->hits[0].explanation[0].dl, 2u) << "a padded title matches the text's start";
}

// count documents of words from a vocabulary of syllable words, too large
// for one 8 KB store block to repeat much of: what a store dictionary shared
// by all blocks is for (16,000 of them hold about 6 MB of text).
std::vector<Doc> syllable_documents(int count, uint64_t seed) {
  std::mt19937_64 rng(seed);
  const char* syllables[] = {"ka", "lo", "mi", "ne", "ru", "ta", "zu", "pa", "vo", "si", "de", "ba", "gi", "or"};
  std::vector<std::string> vocabulary;
  for (int w = 0; w < 3000; ++w) {
    std::string word;
    for (uint64_t k = 2 + rng() % 3; k > 0; --k) word += syllables[rng() % 14];
    vocabulary.push_back(word);
  }
  std::vector<Doc> docs;
  for (int i = 0; i < count; ++i) {
    std::string text = "briefing " + std::to_string(i);
    for (int w = 0; w < 40; ++w) text += " " + vocabulary[(rng() % 3000) * (rng() % 3000) / 3000];
    docs.push_back({"doc" + std::to_string(i), "title " + std::to_string(i % 97), text});
  }
  return docs;
}

TEST(Segments, MergedStoreIsAsCompactAsOneSegmentsAtEveryBudget) {
  // A build's segments share one store dictionary trained on its first 2 MB
  // of documents, so the merged store is as small as a one-segment build's.
  // With 10 MB budgets the first segment holds that much and trains it, the
  // later ones compress with it and the merge copies their blocks; with 1 MB
  // budgets no segment does: the first ones train their own, the build
  // trains the shared one on its own sample, and the merge recompresses only
  // the first ones' blocks.
  const std::vector<Doc> docs = syllable_documents(16000, 5);
  TempDir one;
  build_index(one.path(), docs, no_stemming());
  auto one_reader = IndexReader::open(one.path());
  ASSERT_TRUE(one_reader.is_ok());
  const auto store_size = [](const std::string& dir) {
    uint64_t bytes = 0;
    for (const auto& e : std::filesystem::directory_iterator(dir)) {
      if (e.path().extension() == ".store") bytes += std::filesystem::file_size(e.path());
    }
    return bytes;
  };
  for (const size_t budget : {size_t{10'000'000}, size_t{1'000'000}}) {
    TempDir merged;
    IndexWriterOptions options = no_stemming();
    options.flush_bytes = budget;
    build_index(merged.path(), docs, options);
    auto manifest = read_manifest(merged.path());
    ASSERT_TRUE(manifest.is_ok());
    const std::string& name = manifest->segments[0].name;  // seg-1-N: N segments were flushed and merged
    EXPECT_GT(std::stoi(name.substr(name.rfind('-') + 1)), budget < 2'000'000 ? 5 : 1) << name << ": too few segments";
    auto reader = IndexReader::open(merged.path());
    ASSERT_TRUE(reader.is_ok());
    ASSERT_EQ((*reader)->segment_count(), 1u);
    const std::string_view dictionary = (*reader)->segment(0).store().dictionary();
    EXPECT_GT(dictionary.size(), 1000u);
    EXPECT_EQ(dictionary, (*one_reader)->segment(0).store().dictionary()) << "trained on the same first documents";
    EXPECT_LT(static_cast<double>(store_size(merged.path())), static_cast<double>(store_size(one.path())) * 1.01)
        << "budget " << budget;
    for (DocId doc = 0; doc < docs.size(); doc += 7) {
      auto stored = (*reader)->document(doc);
      ASSERT_TRUE(stored.is_ok()) << doc << ": " << stored.status().to_string();
      ASSERT_EQ(stored->id, docs[doc].id);
      ASSERT_EQ(stored->title, docs[doc].title);
      ASSERT_EQ(stored->text, docs[doc].text);
    }
  }
}

TEST(Segments, MergeRecompressesStoresOfAnotherDictionary) {
  // Two builds train two store dictionaries: the merge keeps the first
  // input's, copies its blocks and recompresses the other's, and every
  // document reads back.
  TempDir first, second, out;
  const std::vector<Doc> docs_a = syllable_documents(8000, 11), docs_b = syllable_documents(8000, 12);
  build_index(first.path(), docs_a, no_stemming());
  build_index(second.path(), docs_b, no_stemming());
  auto a = IndexReader::open(first.path());
  auto b = IndexReader::open(second.path());
  ASSERT_TRUE(a.is_ok() && b.is_ok());
  ASSERT_NE((*a)->segment(0).store().dictionary(), (*b)->segment(0).store().dictionary());
  ASSERT_GT((*a)->segment(0).store().dictionary().size(), 0u);
  auto merged = merge_segments(out.path(), {&(*a)->segment(0), &(*b)->segment(0)}, "seg-1-0");
  ASSERT_TRUE(merged.is_ok()) << merged.status().to_string();
  // The recompressed blocks take the level asked for: the second input's
  // part shrinks at 19 against 1, the copied first part is the same bytes.
  TempDir fast, strong;
  const auto store_bytes = [](const TempDir& dir) { return std::filesystem::file_size(dir.path() + "/seg-1-0.store"); };
  ASSERT_TRUE(merge_segments(fast.path(), {&(*a)->segment(0), &(*b)->segment(0)}, "seg-1-0", nullptr, 1).is_ok());
  ASSERT_TRUE(merge_segments(strong.path(), {&(*a)->segment(0), &(*b)->segment(0)}, "seg-1-0", nullptr, 19).is_ok());
  EXPECT_LT(store_bytes(strong), store_bytes(fast));
  auto store_file = MappedFile::open(out.path() + "/seg-1-0.store", FileKind::kStored, /*verify=*/true);
  ASSERT_TRUE(store_file.is_ok()) << store_file.status().to_string();
  auto store = DocStoreReader::open(**store_file);
  ASSERT_TRUE(store.is_ok()) << store.status().to_string();
  EXPECT_EQ((*store)->dictionary(), (*a)->segment(0).store().dictionary());
  ASSERT_EQ((*store)->doc_count(), docs_a.size() + docs_b.size());
  for (uint32_t d = 0; d < (*store)->doc_count(); d += 13) {
    const Doc& want = d < docs_a.size() ? docs_a[d] : docs_b[d - docs_a.size()];
    auto got = (*store)->get(d);
    ASSERT_TRUE(got.is_ok()) << d << ": " << got.status().to_string();
    ASSERT_EQ(got->id, want.id);
    ASSERT_EQ(got->text, want.text);
  }
}

// Rewrites one index entry of a segment's .store (first_doc, or doc_count
// when count is set; format section 10) and reseals the file, so that only
// the merge's own checks can find the damage.
void tamper_store_entry(const std::string& store_path, uint32_t block, bool count, int32_t delta) {
  std::string data = testing::slurp(store_path);
  uint64_t index_offset;
  std::memcpy(&index_offset, data.data() + data.size() - kFooterSize - 16, 8);  // trailer (v3): ..., index_offset, dictionary_size, 0
  const size_t field = index_offset + uint64_t{block} * 24 + (count ? 4 : 0);
  uint32_t v;
  std::memcpy(&v, data.data() + field, 4);
  v = static_cast<uint32_t>(static_cast<int64_t>(v) + delta);
  std::memcpy(data.data() + field, &v, 4);
  testing::spit(store_path, data);
  testing::reseal(store_path);
}

TEST(Segments, MergeRefusesStoresWhoseBlocksDoNotCoverTheSegment) {
  // The merge copies compressed blocks by their index entries: blocks that
  // skip or repeat documents, or that hold fewer than the segment, would be
  // sealed into a sound-looking store. Each damage is refused.
  const std::vector<Doc> docs = syllable_documents(3000, 9);
  for (const bool count : {false, true}) {
    TempDir dir, out;
    IndexWriterOptions options = no_stemming();
    options.merge_segments = false;
    build_index(dir.path(), docs, options);
    auto reader = IndexReader::open(dir.path());
    ASSERT_TRUE(reader.is_ok());
    const SegmentReader& seg = (*reader)->segment(0);
    const uint32_t blocks = seg.store().block_count();
    ASSERT_GE(blocks, 3u) << "the test needs several store blocks";
    const std::string store_path = dir.path() + "/" + seg.info().name + ".store";
    reader->reset();
    // first_doc of block 1 one too far (a gap), or the last block one document short.
    tamper_store_entry(store_path, count ? blocks - 1 : 1, count, count ? -1 : 1);
    auto tampered = IndexReader::open(dir.path());
    ASSERT_TRUE(tampered.is_ok()) << "opening checks neither: " << tampered.status().to_string();
    auto merged = merge_segments(out.path(), {&(*tampered)->segment(0)}, "seg-1-9");
    ASSERT_FALSE(merged.is_ok());
    EXPECT_EQ(merged.status().code(), StatusCode::kCorruption) << merged.status().to_string();
    EXPECT_NE(merged.status().message().find(count ? "documents, not" : "does not follow"), std::string::npos)
        << merged.status().to_string();
  }
}

TEST(Segments, PhrasesAndScoresAcrossSegmentBoundaries) {
  // The same documents in one segment and in many (tiny flush threshold) must
  // give the same hits with the same scores.
  std::vector<Doc> docs;
  for (int i = 0; i < 300; ++i) {
    std::string text = "filler " + std::to_string(i % 7) + " words";
    if (i % 10 == 3) text += " south china sea";
    if (i % 10 == 4) text += " china south sea";
    docs.push_back({"doc" + std::to_string(i), "", text});
  }
  TempDir one, many, merged;
  build_index(one.path(), docs, no_stemming());
  IndexWriterOptions tiny = no_stemming();
  tiny.flush_bytes = 2000;
  tiny.merge_segments = false;
  build_index(many.path(), docs, tiny);
  tiny.merge_segments = true;
  build_index(merged.path(), docs, tiny);
  // Merging the small segments reproduces the one-segment index byte for
  // byte, but for the stored documents: the merge copies each segment's
  // compressed blocks (one dictionary for all), so blocks end where segments did.
  for (const char* ext : {".dict", ".doc", ".pos", ".len"}) {
    auto slurp = [](const std::string& path) {
      std::ifstream in(path, std::ios::binary);
      return std::string(std::istreambuf_iterator<char>(in), {});
    };
    std::string merged_name;
    for (const auto& e : std::filesystem::directory_iterator(merged.path())) {
      if (e.path().extension() == ext) merged_name = e.path().string();
    }
    const std::string a = slurp(one.file(std::string("seg-1-0") + ext)), b = slurp(merged_name);
    EXPECT_FALSE(a.empty()) << ext;
    EXPECT_TRUE(a == b) << "merged " << ext << " differs from the one-segment index";
  }
  auto r1 = IndexReader::open(one.path());
  auto r2 = IndexReader::open(many.path());
  auto r3 = IndexReader::open(merged.path());
  ASSERT_TRUE(r1.is_ok() && r2.is_ok() && r3.is_ok());
  EXPECT_EQ((*r1)->segment_count(), 1u);
  EXPECT_GT((*r2)->segment_count(), 5u);
  ASSERT_EQ((*r3)->segment_count(), 1u);
  for (DocId d = 0; d < docs.size(); ++d) {
    auto stored = (*r3)->document(d);
    ASSERT_TRUE(stored.is_ok()) << d << ": " << stored.status().to_string();
    EXPECT_EQ(stored->id, docs[d].id);
    EXPECT_EQ(stored->text, docs[d].text);
  }
  for (const char* q : {"\"south china sea\"", "china sea", "+china -south", "filler 3", "\"china south\""}) {
    for (bool exact : {true, false}) {
      SearchOptions o;
      o.k = 50;
      o.snippets = false;
      o.count_matches = exact;
      auto a = Searcher(**r1).search(q, o);
      auto b = Searcher(**r2).search(q, o);
      ASSERT_TRUE(a.is_ok() && b.is_ok());
      if (exact) {
        EXPECT_EQ(a->total_matches, b->total_matches) << q;
      }
      ASSERT_EQ(a->hits.size(), b->hits.size()) << q;
      for (size_t i = 0; i < a->hits.size(); ++i) {
        EXPECT_EQ(a->hits[i].id, b->hits[i].id) << q;
        EXPECT_DOUBLE_EQ(a->hits[i].score, b->hits[i].score) << q;
      }
    }
  }
  EXPECT_EQ(hit_ids(**r2, "\"south china sea\"").size(), 30u);
}

TEST(Segments, MergeInRoundsWritesTheSameIndexAndLeavesNoInputs) {
  // A merge of more segments than max_merge_inputs goes in rounds (20
  // segments, three at a time: six groups of three and one of two make 7,
  // two groups of three make 3, then one merge): the same files as one merge
  // of all of them, and no input left behind.
  std::vector<Doc> docs;
  for (int i = 0; i < 20; ++i) {
    docs.push_back({"d" + std::to_string(i), "t" + std::to_string(i % 3), "south china sea talks round " + std::to_string(i)});
  }
  TempDir at_once, in_rounds;
  IndexWriterOptions options = no_stemming();
  options.flush_bytes = 2000;  // a segment per document
  build_index(at_once.path(), docs, options);
  options.max_merge_inputs = 3;
  build_index(in_rounds.path(), docs, options);
  const auto files = [](const std::string& dir) {
    std::vector<std::string> names;
    for (const auto& e : std::filesystem::directory_iterator(dir)) names.push_back(e.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
  };
  const auto a = files(at_once.path()), b = files(in_rounds.path());
  ASSERT_EQ(a.size(), b.size()) << "one segment's five files, the manifest and the lock";
  size_t segment_files = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    if (!a[i].starts_with("seg-")) continue;
    ++segment_files;
    const std::string ext = a[i].substr(a[i].rfind('.'));
    ASSERT_TRUE(b[i].ends_with(ext)) << b[i];
    EXPECT_TRUE(testing::slurp(at_once.file(a[i])) == testing::slurp(in_rounds.file(b[i])))
        << ext << " differs between one merge and a merge in rounds";
  }
  EXPECT_EQ(segment_files, 5u);
  auto manifest = read_manifest(in_rounds.path());
  ASSERT_TRUE(manifest.is_ok());
  const std::string& name = manifest->segments[0].name;  // seg-1-N: the N-th segment written, 20 flushed first
  EXPECT_EQ(name, "seg-1-29") << "7 merges, then 2, then 1";
  auto reader = IndexReader::open(in_rounds.path());
  ASSERT_TRUE(reader.is_ok()) << reader.status().to_string();
  EXPECT_EQ((*reader)->segment_count(), 1u);
  EXPECT_EQ(hit_ids(**reader, "\"round 17\""), V{"d17"});
}

// Lowers this process's open-file limit for a scope (gtest_discover_tests
// runs each test in a process of its own; restored anyway).
class OpenFileLimit {
 public:
  explicit OpenFileLimit(rlim_t soft) {
    getrlimit(RLIMIT_NOFILE, &saved_);
    rlimit lowered = saved_;
    lowered.rlim_cur = std::min(soft, saved_.rlim_cur);
    ok_ = setrlimit(RLIMIT_NOFILE, &lowered) == 0;
  }
  ~OpenFileLimit() { setrlimit(RLIMIT_NOFILE, &saved_); }
  bool ok() const { return ok_; }

 private:
  rlimit saved_{};
  bool ok_ = false;
};

TEST(Segments, ManySegmentsHoldNoFileDescriptorPerFile) {
  // An index of hundreds of segments (five files each), read or merged,
  // must not need a descriptor per file: the usual limit is 1,024.
  std::vector<Doc> docs;
  for (int i = 0; i < 120; ++i) {  // a segment each at this flush threshold
    docs.push_back({"doc" + std::to_string(i), "", "common words " + std::to_string(i % 13) + " and more"});
  }
  TempDir many, merged;
  IndexWriterOptions tiny = no_stemming();
  tiny.flush_bytes = 2000;
  tiny.merge_segments = false;
  build_index(many.path(), docs, tiny);
  OpenFileLimit limit(48);
  ASSERT_TRUE(limit.ok());
  auto reader = IndexReader::open(many.path());
  ASSERT_TRUE(reader.is_ok()) << reader.status().to_string();
  ASSERT_GT((*reader)->segment_count() * 5, 48u * 4) << "too few segments to test the limit";
  SearchOptions o;
  o.snippets = false;
  o.count_matches = true;
  auto hits = Searcher(**reader).search("\"common words 7\"", o);
  ASSERT_TRUE(hits.is_ok()) << hits.status().to_string();
  EXPECT_EQ(hits->total_matches, 9u);  // i % 13 == 7 for i < 120: i = 7 + 13k, k <= 8
  tiny.merge_segments = true;
  build_index(merged.path(), docs, tiny);  // the merge maps every segment at once
  auto one = IndexReader::open(merged.path());
  ASSERT_TRUE(one.is_ok()) << one.status().to_string();
  EXPECT_EQ((*one)->segment_count(), 1u);
  EXPECT_EQ((*one)->doc_count(), docs.size());
}

TEST(EdgeCases, EmptyIndexEmptyQueryHugeDocument) {
  TempDir empty;
  build_index(empty.path(), {});
  auto reader = IndexReader::open(empty.path());
  ASSERT_TRUE(reader.is_ok());
  EXPECT_EQ((*reader)->doc_count(), 0u);
  EXPECT_EQ(hit_ids(**reader, "anything"), V{});
  auto r = Searcher(**reader).search("", {});
  ASSERT_FALSE(r.is_ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);

  TempDir big;
  std::string text;
  while (text.size() < 10'000'000) text += "lorem ipsum dolor sit amet ";
  text += "needle";
  build_index(big.path(), {{"small", "", "needle in a haystack"}, {"huge", "", text}});
  auto br = IndexReader::open(big.path());
  ASSERT_TRUE(br.is_ok());
  EXPECT_EQ(hit_ids(**br, "needle"), (V{"small", "huge"}));
  EXPECT_EQ(hit_ids(**br, "\"ipsum dolor\""), (V{"huge"}));
  auto doc = (*br)->document(1);
  ASSERT_TRUE(doc.is_ok());
  EXPECT_EQ(doc->text, text);
}

TEST(Snippets, HighlightMatchedWords) {
  TempDir dir;
  build_index(dir.path(), {{"d", "", "Nothing here. The Memorandum covers civil nuclear cooperation with Malaysia."}});
  auto reader = IndexReader::open(dir.path());
  ASSERT_TRUE(reader.is_ok());
  auto r = Searcher(**reader).search("\"nuclear cooperation\"", {});
  ASSERT_TRUE(r.is_ok());
  ASSERT_EQ(r->hits.size(), 1u);
  EXPECT_EQ(render_snippet(r->hits[0].snippet, "[", "]"),
            "Nothing here. The Memorandum covers civil [nuclear] [cooperation] with Malaysia.");
}

class Briefings : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    auto source = DocumentSource::open({testing::source_dir() + "/corpus/briefings"});
    ASSERT_TRUE(source.is_ok());
    auto w = IndexWriter::create(dir_->path(), {});
    ASSERT_TRUE(w.is_ok());
    SourceDocument doc;
    while ((*source)->next(doc).value()) ASSERT_TRUE((*w)->add(doc.id, doc.title, doc.text).is_ok());
    ASSERT_TRUE((*w)->commit().is_ok());
    auto r = IndexReader::open(dir_->path());
    ASSERT_TRUE(r.is_ok());
    reader_ = std::move(*r).release();
  }
  static void TearDownTestSuite() {
    delete reader_;
    delete dir_;
  }
  static TempDir* dir_;
  static IndexReader* reader_;
};
TempDir* Briefings::dir_ = nullptr;
IndexReader* Briefings::reader_ = nullptr;

TEST_F(Briefings, KnownAnswers) {
  ASSERT_EQ(reader_->doc_count(), 5u);
  EXPECT_EQ(hit_ids(*reader_, "\"civil nuclear cooperation\""), (V{"001_a39d764a627dfd8b.txt"}));
  V scs = hit_ids(*reader_, "\"South China Sea\"");
  std::sort(scs.begin(), scs.end());
  EXPECT_EQ(scs, (V{"000_aefec2d5d2ddfe87.txt", "002_70b416f8ff734398.txt", "003_20c373d92ba9407c.txt"}));
  const V blinken = hit_ids(*reader_, "Blinken");
  ASSERT_FALSE(blinken.empty());
  EXPECT_EQ(blinken[0], "004_c0c920ee07428efb.txt");
  EXPECT_EQ(hit_ids(*reader_, "Rubio -nuclear"), V{});
  EXPECT_EQ(hit_ids(*reader_, "Rubio"), (V{"001_a39d764a627dfd8b.txt"}));
}

}  // namespace
}  // namespace quarry::internal
