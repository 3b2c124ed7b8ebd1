/* Example: search an index through Quarry's C API.   usage: search_c INDEX_DIR QUERY */
#include <quarry/quarry.h>
#include <stdio.h>

int main(int argc, char** argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: %s INDEX_DIR QUERY\n", argv[0]);
    return 2;
  }
  quarry_index* index = NULL;
  if (quarry_index_open(argv[1], &index) != QUARRY_OK) {
    fprintf(stderr, "open: %s\n", quarry_last_error());
    return 1;
  }
  quarry_results* results = NULL;
  if (quarry_search(index, argv[2], 5, &results) != QUARRY_OK) {
    fprintf(stderr, "search: %s\n", quarry_last_error());
    quarry_index_close(index);
    return 2;
  }
  for (size_t i = 0; i < quarry_results_count(results); ++i) {
    printf("%s\t%.4f\n", quarry_results_id(results, i), quarry_results_score(results, i));
  }
  const int found = quarry_results_count(results) > 0;
  quarry_results_free(results);
  quarry_index_close(index);
  return found ? 0 : 1;
}
