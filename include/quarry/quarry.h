/* Quarry's C API: open, search, iterate hits, write an index. Opaque handles,
 * integer status codes, no exceptions across the boundary. Every object a
 * function creates has a matching free function; strings returned by the
 * library belong to the object they come from and live as long as it does.
 * Handles are thread-safe to read from several threads (search on one
 * quarry_index from many threads at once); a writer is used by one thread. */
#ifndef QUARRY_QUARRY_H_
#define QUARRY_QUARRY_H_

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum quarry_status {
  QUARRY_OK = 0,
  QUARRY_CORRUPTION = 1,       /* an index file is damaged */
  QUARRY_IO_ERROR = 2,         /* the operating system refused a read or write */
  QUARRY_INVALID_ARGUMENT = 3, /* e.g. a malformed query; the message names the column */
  QUARRY_NOT_SUPPORTED = 4,    /* e.g. an index written by a newer format version */
  QUARRY_NOT_FOUND = 5,        /* e.g. no index in the directory */
  QUARRY_INTERNAL = 6          /* an unexpected failure inside the library */
} quarry_status;

typedef struct quarry_index quarry_index;
typedef struct quarry_results quarry_results;
typedef struct quarry_writer quarry_writer;

/* The message of the last failed call on this thread ("" if none). */
const char* quarry_last_error(void);
/* The library version, e.g. "0.1.0". */
const char* quarry_version(void);

/* Opens the index in directory. On success *out is set; free it with quarry_index_close. */
quarry_status quarry_index_open(const char* directory, quarry_index** out);
void quarry_index_close(quarry_index* index);
uint64_t quarry_index_document_count(const quarry_index* index);

/* Runs query (Quarry's query language) and returns up to k hits with snippets.
 * Free the results with quarry_results_free. */
quarry_status quarry_search(const quarry_index* index, const char* query, size_t k, quarry_results** out);
size_t quarry_results_count(const quarry_results* results);
/* Matches counted while searching (exact for queries that cannot be pruned). */
uint64_t quarry_results_total(const quarry_results* results);
/* Accessors for hit i, 0 <= i < quarry_results_count(); NULL / 0 when i is out of range. */
const char* quarry_results_id(const quarry_results* results, size_t i);
const char* quarry_results_title(const quarry_results* results, size_t i);
const char* quarry_results_snippet(const quarry_results* results, size_t i);
double quarry_results_score(const quarry_results* results, size_t i);
void quarry_results_free(quarry_results* results);

/* Starts writing a new index into directory; stemming is a Snowball language or "none"
 * (NULL means "english"). The previous index stays readable until commit. */
quarry_status quarry_writer_create(const char* directory, const char* stemming, quarry_writer** out);
quarry_status quarry_writer_add(quarry_writer* writer, const char* id, const char* title, const char* text);
quarry_status quarry_writer_commit(quarry_writer* writer);
/* Frees the writer; without a commit, the directory's previous index is unchanged. */
void quarry_writer_free(quarry_writer* writer);

#ifdef __cplusplus
}
#endif

#endif /* QUARRY_QUARRY_H_ */
