// The quarry command line: exit codes, errors on stderr, JSON output.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <sys/wait.h>
#include <vector>

#include "test_util.h"

namespace quarry::internal {
namespace {

struct CommandRun {
  int code;
  std::string out;
};

// Runs quarry with args (a shell fragment); stderr goes to stdout.
CommandRun quarry(const std::string& args) {
  const std::string cmd = std::string(QUARRY_BINARY) + " " + args + " 2>&1";
  FILE* p = popen(cmd.c_str(), "r");
  std::string out;
  std::array<char, 4096> buf;
  size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) out.append(buf.data(), n);
  const int status = pclose(p);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

class Cli : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new testing::TempDir();
    ASSERT_NE(quarry("index " + testing::source_dir() + "/corpus/briefings -o " + dir_->path()).code, -1);
  }
  static void TearDownTestSuite() { delete dir_; }
  static testing::TempDir* dir_;
};
testing::TempDir* Cli::dir_ = nullptr;

TEST_F(Cli, SearchPrintsRankedHits) {
  const CommandRun r = quarry("search " + dir_->path() + " Blinken -k 3");
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("1. 004_c0c920ee07428efb.txt"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("\x1b["), std::string::npos) << "no colour when piped";
}

TEST_F(Cli, JsonLines) {
  const CommandRun r = quarry("search " + dir_->path() + " '\"civil nuclear cooperation\"' --json --explain");
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_EQ(r.out.rfind("{\"rank\":1,", 0), 0u) << r.out;
  EXPECT_NE(r.out.find("\"id\":\"001_a39d764a627dfd8b.txt\""), std::string::npos);
  EXPECT_NE(r.out.find("\"explain\":[{\"query\":"), std::string::npos);
  EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 1);
}

TEST_F(Cli, UsageErrorsExitTwo) {
  EXPECT_EQ(quarry("").code, 2);
  EXPECT_EQ(quarry("frobnicate").code, 2);
  EXPECT_EQ(quarry("search").code, 2);
  EXPECT_EQ(quarry("search " + dir_->path()).code, 2);
  EXPECT_EQ(quarry("search " + dir_->path() + " x --bogus").code, 2);
  EXPECT_EQ(quarry("index " + dir_->path()).code, 2) << "missing -o";
  // Out-of-range numbers are refused, not wrapped around (Boost parses "-1" into a size_t).
  const std::string briefings = testing::source_dir() + "/corpus/briefings -o " + dir_->path() + "/bad.idx ";
  for (const char* option : {"--memory -1", "--memory 0", "--pair-words -1", "--pair-words 70000", "--zstd-level 0"}) {
    const CommandRun run = quarry("index " + briefings + option);
    EXPECT_EQ(run.code, 2) << option;
    EXPECT_NE(run.out.find("must be"), std::string::npos) << option << ": " << run.out;
  }
  for (const char* option : {"-k -1", "--offset -1", "-k 99999999999"}) {
    const CommandRun run = quarry("search " + dir_->path() + " nuclear " + option);
    EXPECT_EQ(run.code, 2) << option;
    EXPECT_NE(run.out.find("must be between"), std::string::npos) << option << ": " << run.out;
  }
  const CommandRun bad = quarry("search " + dir_->path() + " '(nuclear'");
  EXPECT_EQ(bad.code, 2);
  EXPECT_NE(bad.out.find("column 1"), std::string::npos) << bad.out;
  for (const char* cmd : {"--help", "index --help", "search --help", "stats --help"}) {
    EXPECT_EQ(quarry(cmd).code, 0) << cmd;
  }
}

TEST_F(Cli, BenchReportsGroupsAndEachQuery) {
  const std::string queries = dir_->path() + "/queries.tsv", per_query = dir_->path() + "/per_query.tsv";
  std::ofstream(queries) << "# a comment\nor-1\tnuclear cooperation\nor-2\tsea china trade\nphrase-1\t\"south china sea\"\n";
  for (const char* pruning : {"maxscore", "bmw", "auto"}) {
    const CommandRun r = quarry("bench " + dir_->path() + " " + queries + " --repeat 2 --pruning " + pruning +
                                " --per-query " + per_query);
    ASSERT_EQ(r.code, 0) << r.out;
    EXPECT_NE(r.out.find("pruning " + std::string(pruning)), std::string::npos) << r.out;
    for (const char* group : {"\nor ", "\nphrase ", "\nall "}) EXPECT_NE(r.out.find(group), std::string::npos) << r.out;
    std::ifstream in(per_query);
    std::string header, line;
    std::getline(in, header);
    EXPECT_EQ(header, "engine\tqid\tmedian_us\tresults\tquery");
    std::vector<std::string> qids;
    while (std::getline(in, line)) {
      EXPECT_EQ(line.rfind("quarry\t", 0), 0u) << line;
      qids.push_back(line.substr(7, line.find('\t', 7) - 7));
    }
    EXPECT_EQ(qids, (std::vector<std::string>{"or-1", "or-2", "phrase-1"}));
  }
  const CommandRun bad = quarry("bench " + dir_->path() + " " + queries + " --pruning wand");
  EXPECT_EQ(bad.code, 2);
  EXPECT_NE(bad.out.find("--pruning must be"), std::string::npos) << bad.out;
  EXPECT_EQ(quarry("search " + dir_->path() + " nuclear --pruning fastest").code, 2);
  const CommandRun unwritable = quarry("bench " + dir_->path() + " " + queries + " --per-query /nonexistent/dir/f.tsv");
  EXPECT_EQ(unwritable.code, 1);
  EXPECT_NE(unwritable.out.find("cannot open"), std::string::npos) << unwritable.out;
}

// The two pruning strategies rank alike (the library tests check exactness).
TEST_F(Cli, PruningStrategiesGiveTheSameHits) {
  const std::string query = " 'nuclear cooperation sea' -k 5 --no-snippets --json";
  const CommandRun maxscore = quarry("search " + dir_->path() + query + " --pruning maxscore");
  const CommandRun bmw = quarry("search " + dir_->path() + query + " --pruning bmw");
  ASSERT_EQ(maxscore.code, 0) << maxscore.out;
  EXPECT_EQ(std::count(maxscore.out.begin(), maxscore.out.end(), '\n'), 5);
  EXPECT_EQ(maxscore.out, bmw.out);
}

TEST_F(Cli, RuntimeErrorsExitOne) {
  EXPECT_EQ(quarry("search /nonexistent/index x").code, 1);
  EXPECT_EQ(quarry("stats /nonexistent/index").code, 1);
  EXPECT_EQ(quarry("index /nonexistent/input -o " + dir_->path() + "/other").code, 1);
}

TEST_F(Cli, IndexCountsInvalidUtf8AndKeepsOldIndexOnBadInput) {
  testing::TempDir dir;
  {
    const std::string junk("caf\xc3 binary \xff\xfe\x00\x01 tail", 22);
    std::ofstream(dir.file("junk.txt"), std::ios::binary) << junk;
  }
  const std::string out = dir.file("idx");
  CommandRun r = quarry("index " + dir.file("junk.txt") + " -o " + out);
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("3 invalid UTF-8 sequence(s) replaced"), std::string::npos) << r.out;
  EXPECT_EQ(quarry("search " + out + " tail --json").code, 0);
  // Invalid UTF-8 inside a JSON Lines string is repaired and counted the same way.
  {
    std::ofstream(dir.file("utf8.jsonl"), std::ios::binary) << "{\"id\":\"u\",\"text\":\"caf\xc3 ok \xff\"}\n";
  }
  r = quarry("index " + dir.file("utf8.jsonl") + " -o " + dir.file("utf8.idx"));
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("2 invalid UTF-8 sequence(s) replaced"), std::string::npos) << r.out;
  // A broken JSONL input fails with its line number and leaves the index as it was.
  {
    std::ofstream(dir.file("bad.jsonl")) << "{\"id\":\"a\",\"text\":\"x\"}\n{not json\n";
  }
  r = quarry("index " + dir.file("bad.jsonl") + " -o " + out);
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_NE(r.out.find("bad.jsonl:2"), std::string::npos) << r.out;
  r = quarry("search " + out + " tail --count");
  EXPECT_EQ(r.code, 0);
  EXPECT_NE(r.out.find("1 match"), std::string::npos) << r.out;
}

TEST_F(Cli, StatsReportsCountsAndBytes) {
  const CommandRun r = quarry("stats " + dir_->path());
  EXPECT_EQ(r.code, 0);
  EXPECT_NE(r.out.find("documents       5"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("stored docs"), std::string::npos);
}

}  // namespace
}  // namespace quarry::internal
