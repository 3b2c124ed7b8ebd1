/* The C API, from C: write, open, search, iterate, errors, close. Run under
 * AddressSanitizer in the sanitizer build, which also reports leaks. */
#include <quarry/quarry.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures = 0;
#define CHECK(cond)                                                   \
  do {                                                                \
    if (!(cond)) {                                                    \
      fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
      ++failures;                                                     \
    }                                                                 \
  } while (0)

int main(int argc, char** argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: c_api_test TEMP_DIR\n");
    return 2;
  }
  char dir[4096];
  snprintf(dir, sizeof dir, "%s/c_api_index", argv[1]);

  quarry_writer* writer = NULL;
  CHECK(quarry_writer_create(dir, "english", &writer) == QUARRY_OK);
  CHECK(quarry_writer_add(writer, "a", "Civil nuclear cooperation", "Malaysia signs a memorandum on civil nuclear cooperation.") == QUARRY_OK);
  CHECK(quarry_writer_add(writer, "b", "", "Freedom of navigation in the South China Sea.") == QUARRY_OK);
  CHECK(quarry_writer_add(writer, NULL, "", "no id") == QUARRY_INVALID_ARGUMENT);
  CHECK(quarry_writer_commit(writer) == QUARRY_OK);
  quarry_writer_free(writer);

  quarry_writer* bad_writer = NULL;
  CHECK(quarry_writer_create(dir, "klingon", &bad_writer) == QUARRY_INVALID_ARGUMENT);
  CHECK(bad_writer == NULL);
  CHECK(strstr(quarry_last_error(), "klingon") != NULL);

  quarry_index* index = NULL;
  CHECK(quarry_index_open(dir, &index) == QUARRY_OK);
  CHECK(quarry_index_document_count(index) == 2);

  quarry_results* results = NULL;
  CHECK(quarry_search(index, "\"nuclear cooperation\"", 10, &results) == QUARRY_OK);
  CHECK(quarry_results_count(results) == 1);
  CHECK(strcmp(quarry_results_id(results, 0), "a") == 0);
  CHECK(strcmp(quarry_results_title(results, 0), "Civil nuclear cooperation") == 0);
  CHECK(strstr(quarry_results_snippet(results, 0), "memorandum") != NULL);
  CHECK(quarry_results_score(results, 0) > 0);
  CHECK(quarry_results_id(results, 1) == NULL);  /* out of range */
  quarry_results_free(results);

  results = NULL;
  CHECK(quarry_search(index, "(unbalanced", 10, &results) == QUARRY_INVALID_ARGUMENT);
  CHECK(results == NULL);
  CHECK(strstr(quarry_last_error(), "column 1") != NULL);
  CHECK(quarry_search(index, NULL, 10, &results) == QUARRY_INVALID_ARGUMENT);
  quarry_index_close(index);

  quarry_index* missing = NULL;
  CHECK(quarry_index_open("/nonexistent/quarry/index", &missing) == QUARRY_NOT_FOUND);
  CHECK(missing == NULL);
  quarry_index_close(NULL); /* freeing NULL is a no-op */
  quarry_results_free(NULL);

  if (failures == 0) printf("c_api_test: all checks passed\n");
  return failures == 0 ? 0 : 1;
}
