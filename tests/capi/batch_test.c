/* The C ABI's batch runs (povmon_batch_*, since 0.3): the same results as
 * povmon_evaluate_batch, in order, whatever the number of workers; the
 * workers really run (their threads are counted while a call runs); indexes,
 * lines and duplicate ids count on across calls; broken framing fails the
 * call; no batch output stays in the library after the call; and the
 * results in the run's reused block (povmon_batch_evaluate_view, 0.4). */
#include <dirent.h>
#include <malloc.h>
#include <pthread.h>
#include <time.h>

#include "capi_testing.h"

#define SENTINEL_OUT ((void*)&test_failures)
#define HUNAN_EXAMPLES POVMON_SOURCE_DIR "/examples/households/hunan.jsonl"

static int lines_in(const char* text, size_t len) {
  int n = 0;
  size_t i;
  for (i = 0; i < len; ++i) n += text[i] == '\n';
  return n;
}

/* Line `index` (0-based) of text, malloc'd. */
static char* nth_line(const char* text, int index) {
  const char* end;
  char* copy;
  while (index-- > 0) {
    text = strchr(text, '\n');
    if (text == NULL) return NULL;
    ++text;
  }
  end = strchr(text, '\n');
  if (end == NULL) end = text + strlen(text);
  copy = (char*)malloc((size_t)(end - text) + 1);
  REQUIRE(copy != NULL);
  memcpy(copy, text, (size_t)(end - text));
  copy[end - text] = '\0';
  return copy;
}

/* `copies` copies of the example households, each under fresh ids
 * ("{\"id\":\"hn-" becomes "{\"id\":\"cK-hn-"). */
static char* many_households(int copies, size_t* len) {
  size_t example_len = 0, used = 0, capacity;
  char* example = read_file(HUNAN_EXAMPLES, &example_len);
  char* out;
  int k;
  capacity = (example_len + 4096) * (size_t)copies + 1;
  out = (char*)malloc(capacity);
  REQUIRE(out != NULL);
  for (k = 0; k < copies; ++k) {
    const char* p = example;
    while (*p != '\0') {
      const char* end = strchr(p, '\n');
      size_t n;
      if (end == NULL) end = p + strlen(p);
      n = (size_t)(end - p);
      if (n > 7 && strncmp(p, "{\"id\":\"", 7) == 0) {
        used += (size_t)snprintf(out + used, capacity - used, "{\"id\":\"c%d-", k);
        memcpy(out + used, p + 7, n - 7);
        used += n - 7;
        out[used++] = '\n';
      }
      p = *end == '\0' ? end : end + 1;
    }
  }
  out[used] = '\0';
  free(example);
  *len = used;
  return out;
}

/* A varint at *offset; 0 when the data ends inside it. */
static int next_varint(const unsigned char* data, size_t len, size_t* offset, uint64_t* value) {
  int shift;
  *value = 0;
  for (shift = 0; shift < 64 && *offset < len; shift += 7) {
    unsigned char byte = data[(*offset)++];
    *value |= (uint64_t)(byte & 0x7F) << shift;
    if ((byte & 0x80) == 0) return 1;
  }
  return 0;
}

/* ------------------------------------------------------------ thread count */

typedef struct monitor {
  volatile int stop;
  int max_threads;
} monitor;

static int threads_now(void) {
  DIR* dir = opendir("/proc/self/task");
  struct dirent* entry;
  int n = 0;
  if (dir == NULL) return -1;
  while ((entry = readdir(dir)) != NULL) n += entry->d_name[0] != '.';
  closedir(dir);
  return n;
}

static void* watch_threads(void* arg) {
  monitor* m = (monitor*)arg;
  struct timespec pause = {0, 200000};
  while (!m->stop) {
    int n = threads_now();
    if (n > m->max_threads) m->max_threads = n;
    nanosleep(&pause, NULL);
  }
  return NULL;
}

/* ------------------------------------------------------------------- tests */

/* The batch run's output equals povmon_evaluate_batch's, at every jobs. */
static void test_batch_run_matches_evaluate_batch(void) {
  povmon_policy* policy = load_hunan();
  povmon_options* options = make_options("2024-11-30", POVMON_TRACE_RULES);
  povmon_evaluator* evaluator = NULL;
  size_t input_len = 0, expected_len = 0;
  char* households = many_households(20, &input_len);
  /* Bad records among them: malformed, not UTF-8, no members, blank. */
  const char* bad = "{\"id\":\"broken\",\"members\":[\n\n{\"id\":\"\xff\"}\n"
                    "  \t\r\n{\"id\":\"none\",\"members\":[]}\r\n";
  size_t total = input_len + strlen(bad);
  char* input = (char*)malloc(total + 1);
  void* expected = NULL;
  int jobs;
  REQUIRE(input != NULL);
  memcpy(input, households, input_len);
  memcpy(input + input_len, bad, strlen(bad));
  REQUIRE(povmon_evaluator_create(&evaluator, policy) == POVMON_OK);
  CHECK_STATUS(povmon_evaluate_batch(&expected, &expected_len, evaluator, options,
                                     POVMON_FORMAT_JSON, input, total, POVMON_FORMAT_JSON),
               POVMON_OK);
  CHECK(lines_in((char*)expected, expected_len) == 20 * 32 + 3);
  for (jobs = 0; jobs <= 4; ++jobs) {
    povmon_batch* batch = NULL;
    void* out = NULL;
    size_t len = 0;
    CHECK_STATUS(povmon_batch_create(&batch, policy, options, jobs), POVMON_OK);
    REQUIRE(batch != NULL);
    if (jobs > 0) CHECK(povmon_batch_jobs(batch) == jobs);
    if (jobs == 0) CHECK(povmon_batch_jobs(batch) >= 1);
    CHECK_STATUS(povmon_batch_evaluate(&out, &len, batch, POVMON_FORMAT_JSON, input, total,
                                       POVMON_FORMAT_JSON),
                 POVMON_OK);
    CHECK(len == expected_len);
    CHECK(out != NULL && memcmp(out, expected, expected_len) == 0);
    CHECK(((char*)out)[len] == '\0');
    povmon_free(out);
    povmon_batch_destroy(batch);
  }
  povmon_free(expected);
  free(input);
  free(households);
  povmon_evaluator_destroy(evaluator);
  povmon_options_destroy(options);
  povmon_policy_destroy(policy);
}

/* A second call counts on: indexes and lines continue, and the same
 * households again carry the duplicate-id warning. */
static void test_batch_run_counts_on_across_calls(void) {
  povmon_policy* policy = load_hunan();
  povmon_options* options = make_options("2024-11-30", POVMON_TRACE_RULES);
  povmon_batch* batch = NULL;
  const char* input = "{\"id\":\"z\",\"members\":[]}\n{\"id\":\"y\",\"members\":[]}\n";
  void* out = NULL;
  size_t len = 0;
  char* line;
  REQUIRE(povmon_batch_create(&batch, policy, options, 2) == POVMON_OK);
  CHECK_STATUS(povmon_batch_evaluate(&out, &len, batch, POVMON_FORMAT_JSON, input,
                                     strlen(input), POVMON_FORMAT_JSON),
               POVMON_OK);
  CHECK_NOT_CONTAINS((char*)out, "warnings");
  povmon_free(out);
  CHECK_STATUS(povmon_batch_evaluate(&out, &len, batch, POVMON_FORMAT_JSON, input,
                                     strlen(input), POVMON_FORMAT_JSON),
               POVMON_OK);
  line = nth_line((char*)out, 0);
  CHECK_STREQ(line,
              "{\"index\":2,\"line\":3,\"household_id\":\"z\",\"error\":{\"code\":3,"
              "\"status\":\"INVALID_ARGUMENT\",\"field\":\"members\",\"message\":\"members: "
              "no counted members (the pack counts registered members; 0 member record(s), none "
              "registered): per-capita income is undefined\"},\"warnings\":[{\"code\":"
              "\"WARNING_CODE_DUPLICATE_HOUSEHOLD_ID\",\"message\":\"household id \\\"z\\\" "
              "was already used by record 0 (line 1) of this batch\",\"first_index\":\"0\","
              "\"first_line\":\"1\",\"field\":\"id\"}]}");
  free(line);
  povmon_free(out);
  povmon_batch_destroy(batch);

  /* Decided households: the warning is in the decision. */
  {
    size_t example_len = 0;
    char* example = read_file(HUNAN_EXAMPLES, &example_len);
    REQUIRE(povmon_batch_create(&batch, policy, options, 2) == POVMON_OK);
    CHECK_STATUS(povmon_batch_evaluate(&out, &len, batch, POVMON_FORMAT_JSON, example,
                                       example_len, POVMON_FORMAT_JSON),
                 POVMON_OK);
    povmon_free(out);
    CHECK_STATUS(povmon_batch_evaluate(&out, &len, batch, POVMON_FORMAT_JSON, example,
                                       example_len, POVMON_FORMAT_JSON),
                 POVMON_OK);
    line = nth_line((char*)out, 0);
    CHECK_CONTAINS(line, "{\"household_id\":\"hn-001-unstable-serious-illness\"");
    CHECK_CONTAINS(line,
                   "\"warnings\":[{\"code\":\"WARNING_CODE_DUPLICATE_HOUSEHOLD_ID\","
                   "\"message\":\"household id \\\"hn-001-unstable-serious-illness\\\" was "
                   "already used by record 0 (line 1) of this batch\",\"first_index\":\"0\","
                   "\"first_line\":\"1\",\"field\":\"id\"}]");
    free(line);
    povmon_free(out);
    free(example);
    povmon_batch_destroy(batch);
  }
  povmon_options_destroy(options);
  povmon_policy_destroy(policy);
}

/* While a call runs, its workers exist: jobs threads besides the caller. */
static void test_batch_run_uses_its_workers(void) {
  povmon_policy* policy = load_hunan();
  povmon_options* options = make_options("2024-11-30", POVMON_TRACE_RULES);
  size_t input_len = 0;
  char* input = many_households(60, &input_len);
  int jobs;
  for (jobs = 1; jobs <= 4; jobs *= 2) {
    povmon_batch* batch = NULL;
    void* out = NULL;
    size_t len = 0;
    monitor m = {0, 0};
    pthread_t watcher;
    int before = threads_now();
    REQUIRE(povmon_batch_create(&batch, policy, options, jobs) == POVMON_OK);
    REQUIRE(pthread_create(&watcher, NULL, watch_threads, &m) == 0);
    CHECK_STATUS(povmon_batch_evaluate(&out, &len, batch, POVMON_FORMAT_JSON, input,
                                       input_len, POVMON_FORMAT_JSON),
                 POVMON_OK);
    m.stop = 1;
    pthread_join(watcher, NULL);
    CHECK(lines_in((char*)out, len) == 60 * 32);
    /* The caller and the watcher, plus a worker per job (none for 1). */
    if (jobs == 1) {
      CHECK(m.max_threads == before + 1);
    } else {
      CHECK(m.max_threads == before + 1 + jobs);
    }
    if (jobs == 1 ? m.max_threads != before + 1 : m.max_threads != before + 1 + jobs) {
      fprintf(stderr, "jobs %d: %d threads at most, %d before\n", jobs, m.max_threads, before);
    }
    CHECK(threads_now() == before); /* the workers are gone after the call */
    povmon_free(out);
    povmon_batch_destroy(batch);
  }
  free(input);
  povmon_options_destroy(options);
  povmon_policy_destroy(policy);
}

/* Protobuf in and out, as povmon_evaluate_batch; broken framing fails the
 * call before anything is decided. */
static void test_batch_run_proto_and_framing(void) {
  povmon_policy* policy = load_hunan();
  povmon_options* options = make_options(TEST_AS_OF, POVMON_TRACE_RULES);
  povmon_evaluator* evaluator = NULL;
  povmon_batch* batch = NULL;
  wire_buffer household;
  unsigned char input[8192];
  size_t input_len = 0, len = 0, expected_len = 0;
  void* out = NULL;
  void* expected = NULL;
  int k;
  const unsigned char garbage[] = {0x0A, 0x7F, 0x01};
  marginal_household_proto(&household);
  REQUIRE(household.len < 128);
  for (k = 0; k < 20; ++k) {
    if (k == 7) {
      input[input_len++] = sizeof garbage;
      memcpy(input + input_len, garbage, sizeof garbage);
      input_len += sizeof garbage;
      continue;
    }
    input[input_len++] = (unsigned char)household.len;
    memcpy(input + input_len, household.data, household.len);
    input_len += household.len;
  }
  REQUIRE(povmon_evaluator_create(&evaluator, policy) == POVMON_OK);
  REQUIRE(povmon_batch_create(&batch, policy, options, 2) == POVMON_OK);
  /* check_duplicate_ids: the same household 19 times gets warnings, so
   * compare only the first record, then count the records. */
  CHECK_STATUS(povmon_evaluate_batch(&expected, &expected_len, evaluator, options,
                                     POVMON_FORMAT_PROTO, input, input_len, POVMON_FORMAT_PROTO),
               POVMON_OK);
  CHECK_STATUS(povmon_batch_evaluate(&out, &len, batch, POVMON_FORMAT_PROTO, input, input_len,
                                     POVMON_FORMAT_PROTO),
               POVMON_OK);
  {
    /* Record by record: the same status codes; the first decision is the
     * same bytes; the 18 later ones carry the duplicate-id warning. */
    size_t a = 0, b = 0;
    uint64_t code_a = 0, code_b = 0, size_a = 0, size_b = 0;
    int records = 0;
    while (a < expected_len && b < len) {
      CHECK(next_varint((const unsigned char*)expected, expected_len, &a, &code_a));
      CHECK(next_varint((const unsigned char*)expected, expected_len, &a, &size_a));
      CHECK(next_varint((const unsigned char*)out, len, &b, &code_b));
      CHECK(next_varint((const unsigned char*)out, len, &b, &size_b));
      CHECK(code_a == code_b);
      CHECK(code_a == (records == 7 ? POVMON_INVALID_ARGUMENT : 0));
      if (records == 0 || records == 7) {
        CHECK(size_a == size_b &&
              memcmp((char*)expected + a, (char*)out + b, (size_t)size_a) == 0);
      } else {
        CHECK(size_b > size_a);
      }
      a += (size_t)size_a;
      b += (size_t)size_b;
      ++records;
    }
    CHECK(records == 20 && a == expected_len && b == len);
  }
  povmon_free(out);
  povmon_free(expected);

  /* A length prefix running past the end. */
  input[input_len++] = 50;
  input[input_len++] = 0x0A;
  out = SENTINEL_OUT;
  CHECK_STATUS(povmon_batch_evaluate(&out, &len, batch, POVMON_FORMAT_PROTO, input, input_len,
                                     POVMON_FORMAT_PROTO),
               POVMON_DATA_LOSS);
  CHECK(out == NULL && len == 0);
  {
    char message[256];
    snprintf(message, sizeof message,
             "povmon_batch_evaluate: the length prefix of record 20 at byte %lu runs past the "
             "end of the input (%lu bytes)",
             (unsigned long)(input_len - 2), (unsigned long)input_len);
    CHECK_STREQ(povmon_last_error(), message);
  }
  povmon_batch_destroy(batch);
  povmon_evaluator_destroy(evaluator);
  povmon_options_destroy(options);
  povmon_policy_destroy(policy);
}

static void test_batch_run_rejects_bad_arguments(void) {
  povmon_policy* policy = load_hunan();
  povmon_options* options = make_options(TEST_AS_OF, POVMON_TRACE_RULES);
  povmon_options* no_date = NULL;
  povmon_batch* batch = (povmon_batch*)SENTINEL_OUT;
  void* out = SENTINEL_OUT;
  size_t len = 7;
  REQUIRE(povmon_options_create(&no_date) == POVMON_OK);
  CHECK_STATUS(povmon_batch_create(&batch, policy, options, -1), POVMON_INVALID_ARGUMENT);
  CHECK(batch == NULL);
  CHECK_STREQ(povmon_last_error(),
              "povmon_batch_create: jobs is -1; give 0 (one worker per core) or a number of "
              "workers from 1 to 256");
  CHECK_STATUS(povmon_batch_create(&batch, policy, options, 257), POVMON_INVALID_ARGUMENT);
  CHECK_STATUS(povmon_batch_create(&batch, policy, no_date, 2), POVMON_INVALID_ARGUMENT);
  CHECK_CONTAINS(povmon_last_error(), "no as-of date");
  CHECK_STATUS(povmon_batch_create(&batch, NULL, options, 2), POVMON_INVALID_ARGUMENT);
  CHECK_STATUS(povmon_batch_create(NULL, policy, options, 2), POVMON_INVALID_ARGUMENT);
  CHECK(povmon_batch_jobs(NULL) == 0);
  povmon_batch_destroy(NULL);
  REQUIRE(povmon_batch_create(&batch, policy, options, 2) == POVMON_OK);
  CHECK_STATUS(povmon_batch_evaluate(&out, &len, batch, 9, "x", 1, POVMON_FORMAT_JSON),
               POVMON_INVALID_ARGUMENT);
  CHECK(out == NULL && len == 0);
  CHECK_STATUS(povmon_batch_evaluate(&out, &len, batch, POVMON_FORMAT_JSON, NULL, 3,
                                     POVMON_FORMAT_JSON),
               POVMON_INVALID_ARGUMENT);
  CHECK_STATUS(povmon_batch_evaluate(&out, &len, NULL, POVMON_FORMAT_JSON, "x", 1,
                                     POVMON_FORMAT_JSON),
               POVMON_INVALID_ARGUMENT);
  /* Empty input, empty output. */
  CHECK_STATUS(povmon_batch_evaluate(&out, &len, batch, POVMON_FORMAT_JSON, "", 0,
                                     POVMON_FORMAT_JSON),
               POVMON_OK);
  CHECK(out != NULL && len == 0 && ((char*)out)[0] == '\0');
  povmon_free(out);
  povmon_batch_destroy(batch);
  povmon_options_destroy(no_date);
  povmon_options_destroy(options);
  povmon_policy_destroy(policy);
}

/* Batch output is built in the buffer the caller receives and nothing of
 * it stays in the library: after povmon_free, the heap in use is back to
 * where it was (it was once kept in the evaluator, so a 3 MB × N batch
 * left N × 3 MB behind). */
static void test_batch_output_is_not_kept(void) {
#if !defined(__SANITIZE_ADDRESS__)
  povmon_policy* policy = load_hunan();
  povmon_options* options = make_options("2024-11-30", POVMON_TRACE_RULES);
  povmon_evaluator* evaluator = NULL;
  povmon_batch* batch = NULL;
  size_t input_len = 0, len = 0;
  char* input = many_households(100, &input_len);
  void* out = NULL;
  size_t before, after;
  int round;
  REQUIRE(povmon_evaluator_create(&evaluator, policy) == POVMON_OK);
  REQUIRE(povmon_batch_create(&batch, policy, options, 2) == POVMON_OK);
  /* Warm up: the working memory of the evaluators stays, by design. */
  for (round = 0; round < 2; ++round) {
    REQUIRE(povmon_evaluate_batch(&out, &len, evaluator, options, POVMON_FORMAT_JSON, input,
                                  input_len, POVMON_FORMAT_JSON) == POVMON_OK);
    povmon_free(out);
    REQUIRE(povmon_batch_evaluate(&out, &len, batch, POVMON_FORMAT_JSON, input, input_len,
                                  POVMON_FORMAT_JSON) == POVMON_OK);
    povmon_free(out);
  }
  malloc_trim(0);
  before = mallinfo2().uordblks;
  REQUIRE(povmon_evaluate_batch(&out, &len, evaluator, options, POVMON_FORMAT_JSON, input,
                                input_len, POVMON_FORMAT_JSON) == POVMON_OK);
  CHECK(len > 4u << 20); /* a big output... */
  povmon_free(out);
  REQUIRE(povmon_batch_evaluate(&out, &len, batch, POVMON_FORMAT_JSON, input, input_len,
                                POVMON_FORMAT_JSON) == POVMON_OK);
  CHECK(len > 4u << 20);
  povmon_free(out);
  malloc_trim(0);
  after = mallinfo2().uordblks;
  /* ...of which nothing stays (a little slack for allocator bookkeeping). */
  CHECK(after < before + (256u << 10));
  if (after >= before + (256u << 10)) {
    fprintf(stderr, "heap in use %lu bytes before, %lu after\n", (unsigned long)before,
            (unsigned long)after);
  }
  free(input);
  povmon_batch_destroy(batch);
  povmon_evaluator_destroy(evaluator);
  povmon_options_destroy(options);
  povmon_policy_destroy(policy);
#endif
}

/* povmon_batch_evaluate_view (0.4): fed in chunks, with error records in the
 * middle one, the views put together are the bytes povmon_evaluate_batch
 * writes for the whole input, JSON and PROTO; a view stays as it was through
 * the run's other calls; the run reuses its block (a second output no larger
 * lands at the same address); a failed call gives no view. */
static void test_batch_view(void) {
  povmon_policy* policy = load_hunan();
  povmon_options* options = make_options("2024-11-30", POVMON_TRACE_RULES);
  povmon_evaluator* evaluator = NULL;
  size_t households_len = 0;
  char* households = many_households(6, &households_len);
  const char* bad = "{\"id\":\"broken\",\"members\":[\n\n{\"id\":\"\xff\"}\n"
                    "{\"id\":\"none\",\"members\":[]}\n";
  size_t bad_len = strlen(bad);
  /* The chunks: the households' first half, the bad records and the second
   * half (cut at a line end). */
  size_t half = (size_t)(strchr(households + households_len / 2, '\n') + 1 - households);
  size_t total = households_len + bad_len;
  char* input = (char*)malloc(total);
  size_t cuts[4];
  int output_format;
  REQUIRE(input != NULL);
  memcpy(input, households, half);
  memcpy(input + half, bad, bad_len);
  memcpy(input + half + bad_len, households + half, households_len - half);
  cuts[0] = 0;
  cuts[1] = half;
  cuts[2] = half + bad_len;
  cuts[3] = total;
  REQUIRE(povmon_evaluator_create(&evaluator, policy) == POVMON_OK);
  for (output_format = POVMON_FORMAT_PROTO; output_format <= POVMON_FORMAT_JSON;
       ++output_format) {
    int jobs;
    void* expected = NULL;
    size_t expected_len = 0;
    CHECK_STATUS(povmon_evaluate_batch(&expected, &expected_len, evaluator, options,
                                       POVMON_FORMAT_JSON, input, total, output_format),
                 POVMON_OK);
    for (jobs = 1; jobs <= 2; ++jobs) {
      povmon_batch* batch = NULL;
      char* joined = (char*)malloc(expected_len + 1);
      size_t used = 0;
      int chunk;
      REQUIRE(joined != NULL);
      REQUIRE(povmon_batch_create(&batch, policy, options, jobs) == POVMON_OK);
      for (chunk = 0; chunk < 3; ++chunk) {
        const void* view = NULL;
        size_t len = 0;
        CHECK_STATUS(povmon_batch_evaluate_view(&view, &len, batch, POVMON_FORMAT_JSON,
                                                input + cuts[chunk], cuts[chunk + 1] - cuts[chunk],
                                                output_format),
                     POVMON_OK);
        REQUIRE(view != NULL);
        CHECK(used + len <= expected_len);
        if (used + len <= expected_len) memcpy(joined + used, view, len);
        used += len;
      }
      CHECK(used == expected_len);
      CHECK(used == expected_len && memcmp(joined, expected, expected_len) == 0);
      if (output_format == POVMON_FORMAT_JSON) {
        /* The error records of the middle chunk, numbered in the run. */
        char broken[64];
        int before = lines_in(input, half);
        snprintf(broken, sizeof broken, "{\"index\":%d,\"line\":%d,\"household_id\":\"broken\"",
                 before, before + 1);
        CHECK(lines_in(joined, used) == 6 * 32 + 3);
        joined[used] = '\0';
        CHECK_CONTAINS(joined, broken);
      }
      free(joined);
      povmon_batch_destroy(batch);
    }
    povmon_free(expected);
  }

  /* The view lasts through the run's other calls, and the block is reused. */
  {
    povmon_batch* batch = NULL;
    const void* view = NULL;
    const void* again = NULL;
    size_t view_len = 0, len = 0, again_len = 0, summary_len = 0;
    void* out = NULL;
    void* summary = NULL;
    char* copy;
    REQUIRE(povmon_batch_create(&batch, policy, options, 2) == POVMON_OK);
    CHECK_STATUS(povmon_batch_evaluate_view(&view, &view_len, batch, POVMON_FORMAT_JSON, input,
                                            total, POVMON_FORMAT_JSON),
                 POVMON_OK);
    REQUIRE(view != NULL && view_len > 0);
    copy = (char*)malloc(view_len);
    REQUIRE(copy != NULL);
    memcpy(copy, view, view_len);
    CHECK_STATUS(povmon_batch_evaluate(&out, &len, batch, POVMON_FORMAT_JSON, input, total,
                                       POVMON_FORMAT_JSON),
                 POVMON_OK);
    povmon_free(out);
    CHECK_STATUS(povmon_batch_summarize(&out, &len, &summary, &summary_len, batch, 7,
                                        POVMON_FORMAT_JSON, input, total, POVMON_FORMAT_JSON,
                                        POVMON_FORMAT_PROTO),
                 POVMON_OK);
    povmon_free(out);
    povmon_free(summary);
    CHECK(memcmp(view, copy, view_len) == 0);
    /* The next view call: a smaller output, written where the first was. */
    CHECK_STATUS(povmon_batch_evaluate_view(&again, &again_len, batch, POVMON_FORMAT_JSON,
                                            input, half, POVMON_FORMAT_JSON),
                 POVMON_OK);
    CHECK(again == view);
    CHECK(again_len > 0 && again_len < view_len);
    /* Broken framing fails the call: no view, and the next call starts afresh. */
    again = SENTINEL_OUT;
    again_len = 7;
    CHECK_STATUS(povmon_batch_evaluate_view(&again, &again_len, batch, POVMON_FORMAT_PROTO,
                                            "\x05" "ab", 3, POVMON_FORMAT_JSON),
                 POVMON_DATA_LOSS);
    CHECK(again == NULL && again_len == 0);
    CHECK_CONTAINS(povmon_last_error(), "povmon_batch_evaluate_view: the length prefix of record 0");
    CHECK_STATUS(povmon_batch_evaluate_view(&again, &again_len, batch, POVMON_FORMAT_JSON, "",
                                            0, POVMON_FORMAT_JSON),
                 POVMON_OK);
    CHECK(again != NULL && again_len == 0);
    CHECK_STATUS(povmon_batch_evaluate_view(&again, &again_len, NULL, POVMON_FORMAT_JSON, "x",
                                            1, POVMON_FORMAT_JSON),
                 POVMON_INVALID_ARGUMENT);
    CHECK(again == NULL && again_len == 0);
    CHECK_STREQ(povmon_last_error(),
                "povmon_batch_evaluate_view: out, out_len and batch must not be NULL");
    CHECK_STATUS(povmon_batch_evaluate_view(&again, &again_len, batch, 9, "x", 1,
                                            POVMON_FORMAT_JSON),
                 POVMON_INVALID_ARGUMENT);
    free(copy);
    povmon_batch_destroy(batch);
  }
  free(input);
  free(households);
  povmon_evaluator_destroy(evaluator);
  povmon_options_destroy(options);
  povmon_policy_destroy(policy);
}

int main(void) {
  test_batch_run_matches_evaluate_batch();
  test_batch_run_counts_on_across_calls();
  test_batch_run_uses_its_workers();
  test_batch_run_proto_and_framing();
  test_batch_run_rejects_bad_arguments();
  test_batch_output_is_not_kept();
  test_batch_view();
  if (test_failures != 0) {
    fprintf(stderr, "%d check(s) failed\n", test_failures);
    return 1;
  }
  printf("povmon C API batch runs: all checks passed\n");
  return 0;
}
