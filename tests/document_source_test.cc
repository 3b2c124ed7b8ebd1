// Reading directories and JSON Lines, plain and compressed, and bad input.
#include "index/document_source.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "index/jsonl_record.h"
#include "test_util.h"

namespace quarry::internal {
namespace {

using testing::TempDir;

void write(const std::string& path, const std::string& data) {
  std::filesystem::create_directories(std::filesystem::path(path).parent_path());
  std::ofstream(path, std::ios::binary) << data;
}

std::vector<SourceDocument> read_all(const std::vector<std::string>& inputs, Status* error = nullptr) {
  std::vector<SourceDocument> out;
  auto src = DocumentSource::open(inputs);
  if (!src.is_ok()) {
    if (error) *error = src.status();
    return out;
  }
  SourceDocument d;
  for (;;) {
    auto more = (*src)->next(d);
    if (!more.is_ok()) {
      if (error) *error = more.status();
      return out;
    }
    if (!*more) return out;
    out.push_back(d);
  }
}

TEST(DocumentSource, DirectoryOfTextFiles) {
  TempDir dir;
  write(dir.file("b.txt"), "\n\n  Second title  \nbody");
  write(dir.file("a/nested.md"), "Nested\ntext");
  write(dir.file("ignored.bin"), "\x01\x02");
  auto docs = read_all({dir.path()});
  ASSERT_EQ(docs.size(), 2u);
  EXPECT_EQ(docs[0].id, "a/nested.md");
  EXPECT_EQ(docs[0].title, "Nested");
  EXPECT_EQ(docs[1].id, "b.txt");
  EXPECT_EQ(docs[1].title, "Second title");
  EXPECT_EQ(docs[1].text, "\n\n  Second title  \nbody");
}

TEST(DocumentSource, JsonLines) {
  TempDir dir;
  write(dir.file("d.jsonl"),
        "{\"id\": \"x1\", \"title\": \"T\", \"text\": \"caf\\u00e9 \\\"quoted\\\"\"}\n"
        "\n"
        "{\"text\": \"no id\", \"extra\": [1, 2]}\n"
        "{\"id\": 42, \"text\": \"numeric id\"}\n");
  auto docs = read_all({dir.file("d.jsonl")});
  ASSERT_EQ(docs.size(), 3u);
  EXPECT_EQ(docs[0].id, "x1");
  EXPECT_EQ(docs[0].title, "T");
  EXPECT_EQ(docs[0].text, "café \"quoted\"");
  EXPECT_EQ(docs[1].id, dir.file("d.jsonl") + ":3");
  EXPECT_EQ(docs[2].id, "42");
}

TEST(DocumentSource, CompressedInputs) {
  TempDir dir;
  write(dir.file("plain.jsonl"), "{\"id\":\"a\",\"text\":\"alpha\"}\n{\"id\":\"b\",\"text\":\"beta\"}\n");
  ASSERT_EQ(std::system(("gzip -k " + dir.file("plain.jsonl")).c_str()), 0);
  ASSERT_EQ(std::system(("zstd -q -k " + dir.file("plain.jsonl")).c_str()), 0);
  for (const char* name : {"plain.jsonl.gz", "plain.jsonl.zst"}) {
    auto docs = read_all({dir.file(name)});
    ASSERT_EQ(docs.size(), 2u) << name;
    EXPECT_EQ(docs[1].text, "beta") << name;
  }
}

TEST(DocumentSource, BadInputGivesClearErrors) {
  TempDir dir;
  Status s;
  read_all({dir.file("missing")}, &s);
  EXPECT_EQ(s.code(), StatusCode::kNotFound);
  EXPECT_NE(s.message().find("missing"), std::string::npos);

  write(dir.file("junk.jsonl"), "{\"id\":\"ok\",\"text\":\"fine\"}\n\x7f\x45\x4c\x46\x02\x01\x01\x00 binary\n");
  s = Status::ok();
  auto docs = read_all({dir.file("junk.jsonl")}, &s);
  EXPECT_EQ(docs.size(), 1u);
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("junk.jsonl:2"), std::string::npos) << s.message();

  write(dir.file("notext.jsonl"), "{\"id\":\"x\"}\n");
  s = Status::ok();
  read_all({dir.file("notext.jsonl")}, &s);
  EXPECT_NE(s.message().find("no \"text\""), std::string::npos) << s.message();

  write(dir.file("bad.jsonl.gz"), "this is not gzip data at all");
  s = Status::ok();
  read_all({dir.file("bad.jsonl.gz")}, &s);
  EXPECT_FALSE(s.is_ok());
  EXPECT_NE(s.message().find("bad.jsonl.gz"), std::string::npos) << s.message();
}

}  // namespace
}  // namespace quarry::internal

namespace quarry::internal {
namespace {

TEST(JsonlRecordParser, KeepsKnownMembersAndSkipsTheRest) {
  JsonlRecordParser parser;
  JsonlRecord r;
  ASSERT_TRUE(parser.parse(R"({"meta": {"id": "nested", "text": ["no"]}, "id": -1.5e3, "title": "T\u00e9",)"
                           R"( "text": "a\"b", "n": null, "ok": true})",
                           r)
                  .is_ok());
  EXPECT_EQ(r.id, "-1.5e3") << "a numeric id is kept as written; nested members are not the record's";
  EXPECT_EQ(r.title, "Té");
  EXPECT_EQ(r.text, "a\"b");
  EXPECT_TRUE(r.has_id && r.has_text);
  ASSERT_TRUE(parser.parse(R"({"text": "first", "text": "second"})", r).is_ok());
  EXPECT_EQ(r.text, "second") << "the last duplicate wins";
  EXPECT_FALSE(r.has_id);
  ASSERT_TRUE(parser.parse("{\"text\": \"caf\xC3 ok\"}", r).is_ok()) << "invalid UTF-8 is left to the writer";
  EXPECT_EQ(r.text, "caf\xC3 ok");
}

TEST(JsonlRecordParser, RejectsWhatIsNotARecord) {
  JsonlRecordParser parser;
  JsonlRecord r;
  const std::pair<const char*, const char*> cases[] = {
      {"[1, 2]", "not a JSON object"},
      {"\"text\"", "not a JSON object"},
      {"42", "not a JSON object"},
      {R"({"title": 7, "text": "x"})", "field 'title' must be a string"},
      {R"({"text": {"a": 1}})", "field 'text' must be a string"},
      {R"({"id": true, "text": "x"})", "field 'id' must be a string or a number"},
      {R"({"id": ["x"], "text": "x"})", "field 'id' must be a string or a number"},
      {R"({"text": "x"} {"text": "y"})", "trailing characters"},
      {R"({"text": "x")", "malformed JSON"},
      {R"({"text": "x",})", "malformed JSON"},
  };
  for (const auto& [line, message] : cases) {
    Status s = parser.parse(line, r);
    EXPECT_EQ(s.code(), StatusCode::kInvalidArgument) << line;
    EXPECT_NE(s.message().find(message), std::string::npos) << line << ": " << s.message();
  }
  EXPECT_TRUE(parser.parse(R"({"text": "after errors, the parser still works"})", r).is_ok());
}

}  // namespace
}  // namespace quarry::internal
