/* Population summaries in pieces through the C ABI (0.3): households
 * decided and counted piece by piece with povmon_batch_summarize, the
 * partial summaries merged in another order and grouping, and the report of
 * the merged summary compared byte for byte with the file `povmon eval
 * --summary FILE --seed 7` writes for the whole input (run here with
 * system()), in protobuf and in JSON; the decisions are the program's
 * standard output. Then the errors: summaries that do not combine, that do
 * not parse, bad formats and regions. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "capi_testing.h"

#define YINGKOU_PACK POVMON_SOURCE_DIR "/policies/yingkou-2024"
#define POPULATION POVMON_SOURCE_DIR "/tests/testdata/population/households.jsonl"
#define REGIONS POVMON_SOURCE_DIR "/tests/testdata/population/regions.textproto"
#define HUNAN_HOUSEHOLDS POVMON_SOURCE_DIR "/examples/households/hunan.jsonl"

static povmon_policy* load(const char* directory) {
  povmon_policy* policy = NULL;
  REQUIRE(povmon_policy_load(&policy, directory, strlen(directory)) == POVMON_OK);
  return policy;
}

/* What `povmon eval ... --summary` writes: *summary the summary file,
 * the return value the decisions on standard output. */
static char* povmon_eval(const char* pack, const char* as_of, const char* households,
                         const char* regions, char** summary) {
  char command[4096], out_path[256], summary_path[256];
  size_t len;
  char* out;
  snprintf(out_path, sizeof out_path, "/tmp/povmon_capi_population_%d.out", (int)getpid());
  snprintf(summary_path, sizeof summary_path, "/tmp/povmon_capi_population_%d.json",
           (int)getpid());
  snprintf(command, sizeof command,
           "%s eval --policy %s --as-of %s --summary %s --seed 7%s%s %s > %s 2>/dev/null",
           POVMON_CLI, pack, as_of, summary_path, regions ? " --regions " : "",
           regions ? regions : "", households, out_path);
  REQUIRE(system(command) != -1);
  out = read_file(out_path, &len);
  *summary = read_file(summary_path, &len);
  remove(out_path);
  remove(summary_path);
  return out;
}

/* The byte offset after the `n`th newline of text (or its end). */
static size_t after_line(const char* text, size_t len, int n) {
  size_t i = 0;
  while (n > 0 && i < len) {
    if (text[i++] == '\n') --n;
  }
  return i;
}

struct piece {
  void* summary;
  size_t summary_len;
  char* decisions;
  size_t decisions_len;
};

/* Decide and summarize input[start, end) on the run. */
static struct piece summarize(povmon_batch* batch, const char* input, size_t start, size_t end,
                              int summary_format) {
  struct piece p;
  void* out = NULL;
  CHECK_STATUS(povmon_batch_summarize(&out, &p.decisions_len, &p.summary, &p.summary_len, batch,
                                      7, POVMON_FORMAT_JSON, input + start, end - start,
                                      POVMON_FORMAT_JSON, summary_format),
               POVMON_OK);
  REQUIRE(p.summary != NULL);
  p.decisions = (char*)out;
  return p;
}

static void* merge(const void* const* summaries, const size_t* lens, size_t count, int format,
                   size_t* out_len) {
  void* out = NULL;
  CHECK_STATUS(povmon_population_merge(&out, out_len, summaries, lens, count, format), POVMON_OK);
  REQUIRE(out != NULL);
  return out;
}

static char* report(const povmon_policy* policy, const povmon_options* options, int format,
                    const void* summary, size_t summary_len, const char* regions) {
  void* out = NULL;
  size_t len = 0;
  CHECK_STATUS(povmon_population_report(&out, &len, policy, options, format, summary, summary_len,
                                        regions, regions ? strlen(regions) : 0,
                                        POVMON_FORMAT_JSON),
               POVMON_OK);
  REQUIRE(out != NULL);
  CHECK(strlen((char*)out) == len);
  return (char*)out;
}

/* Three pieces of a file, decided on one run (record indexes and lines
 * count on, so the decisions concatenate to the program's output), the
 * partials merged as (c + a) + b and as a + b + c: both give the summary
 * file of `povmon eval --summary`, in either summary format. */
static void check_pieces_make_the_whole(const char* pack, const char* as_of,
                                        const char* households, const char* regions_path,
                                        int summary_format) {
  povmon_policy* policy = load(pack);
  povmon_options* options = make_options(as_of, POVMON_TRACE_RULES);
  povmon_batch* batch = NULL;
  size_t len, regions_len = 0, cuts[4], i, merged_len, tree_len, pair_len;
  char* input = read_file(households, &len);
  char* regions = regions_path ? read_file(regions_path, &regions_len) : NULL;
  char* expected_summary = NULL;
  char* expected_decisions = povmon_eval(pack, as_of, households, regions_path, &expected_summary);
  struct piece pieces[3];
  const void* all[3];
  size_t all_lens[3];
  const void* pair[2];
  size_t pair_lens[2];
  void *merged, *tree, *ca;
  char *text, *tree_text;
  char* decisions;
  size_t decisions_len = 0;

  REQUIRE(povmon_batch_create(&batch, policy, options, 2) == POVMON_OK);
  cuts[0] = 0;
  cuts[1] = after_line(input, len, 2);
  cuts[2] = after_line(input, len, 5);
  cuts[3] = len;
  decisions = (char*)calloc(1, 1);
  for (i = 0; i < 3; ++i) {
    pieces[i] = summarize(batch, input, cuts[i], cuts[i + 1], summary_format);
    decisions = (char*)realloc(decisions, decisions_len + pieces[i].decisions_len + 1);
    REQUIRE(decisions != NULL);
    memcpy(decisions + decisions_len, pieces[i].decisions, pieces[i].decisions_len);
    decisions_len += pieces[i].decisions_len;
    decisions[decisions_len] = '\0';
    all[i] = pieces[i].summary;
    all_lens[i] = pieces[i].summary_len;
  }
  CHECK_STREQ(decisions, expected_decisions);

  merged = merge(all, all_lens, 3, summary_format, &merged_len);
  pair[0] = pieces[2].summary;
  pair_lens[0] = pieces[2].summary_len;
  pair[1] = pieces[0].summary;
  pair_lens[1] = pieces[0].summary_len;
  ca = merge(pair, pair_lens, 2, summary_format, &pair_len);
  pair[0] = ca;
  pair_lens[0] = pair_len;
  pair[1] = pieces[1].summary;
  pair_lens[1] = pieces[1].summary_len;
  tree = merge(pair, pair_lens, 2, summary_format, &tree_len);
  CHECK(tree_len == merged_len && memcmp(tree, merged, merged_len) == 0);

  text = report(policy, options, summary_format, merged, merged_len, regions);
  tree_text = report(policy, options, summary_format, tree, tree_len, regions);
  CHECK_STREQ(text, expected_summary);
  CHECK_STREQ(tree_text, expected_summary);
  if (summary_format == POVMON_FORMAT_JSON) {
    CHECK_CONTAINS((char*)merged, "\"sample_seed\":\"7\"");
  }

  for (i = 0; i < 3; ++i) {
    povmon_free(pieces[i].summary);
    povmon_free(pieces[i].decisions);
  }
  povmon_free(merged);
  povmon_free(ca);
  povmon_free(tree);
  povmon_free(text);
  povmon_free(tree_text);
  free(decisions);
  free(expected_decisions);
  free(expected_summary);
  free(input);
  free(regions);
  povmon_batch_destroy(batch);
  povmon_options_destroy(options);
  povmon_policy_destroy(policy);
}

static void test_pieces_make_the_summary_of_the_whole(void) {
  /* A county with its own region file: every household decided. */
  check_pieces_make_the_whole(YINGKOU_PACK, "2024-06-01", POPULATION, REGIONS,
                              POVMON_FORMAT_PROTO);
  check_pieces_make_the_whole(YINGKOU_PACK, "2024-06-01", POPULATION, REGIONS,
                              POVMON_FORMAT_JSON);
  /* Hunan's examples, a few of them not decided (counted as failed). */
  check_pieces_make_the_whole(HUNAN_PACK, "2024-11-30", HUNAN_HOUSEHOLDS, NULL,
                              POVMON_FORMAT_PROTO);
}

/* POVMON_FORMAT_NONE: the summary alone, the same as with decisions. */
static void test_summary_without_decisions(void) {
  povmon_policy* policy = load_hunan();
  povmon_options* options = make_options("2024-11-30", POVMON_TRACE_RULES);
  povmon_batch* batch = NULL;
  size_t len, with_len = 0, without_len = 0, out_len = 99;
  char* input = read_file(HUNAN_HOUSEHOLDS, &len);
  void *out = (void*)1, *with = NULL, *without = NULL, *decisions = NULL;
  REQUIRE(povmon_batch_create(&batch, policy, options, 1) == POVMON_OK);
  CHECK_STATUS(povmon_batch_summarize(&out, &out_len, &without, &without_len, batch, 42,
                                      POVMON_FORMAT_JSON, input, len, POVMON_FORMAT_NONE,
                                      POVMON_FORMAT_PROTO),
               POVMON_OK);
  CHECK(out == NULL);
  CHECK(out_len == 0);
  CHECK_STATUS(povmon_batch_summarize(&decisions, &out_len, &with, &with_len, batch, 42,
                                      POVMON_FORMAT_JSON, input, len, POVMON_FORMAT_PROTO,
                                      POVMON_FORMAT_PROTO),
               POVMON_OK);
  CHECK(decisions != NULL && out_len > 0);
  CHECK(with_len == without_len && with_len > 0 && memcmp(with, without, with_len) == 0);
  povmon_free(with);
  povmon_free(without);
  povmon_free(decisions);
  free(input);
  povmon_batch_destroy(batch);
  povmon_options_destroy(options);
  povmon_policy_destroy(policy);
}

static void test_summaries_that_do_not_combine_are_refused(void) {
  povmon_policy* policy = load_hunan();
  povmon_options* options = make_options("2024-11-30", POVMON_TRACE_RULES);
  povmon_options* no_date = NULL;
  povmon_batch* batch = NULL;
  size_t len, a_len = 0, b_len = 0, out_len = 7;
  char* input = read_file(HUNAN_HOUSEHOLDS, &len);
  void *a = NULL, *b = NULL, *out = NULL, *decisions = NULL;
  const void* pair[2];
  size_t pair_lens[2];
  const char garbage[] = "\xff\xff\xff not a summary";
  const char bad_regions[] = "region { level: REGION_LEVEL_VILLAGE code: }\n";

  REQUIRE(povmon_batch_create(&batch, policy, options, 0) == POVMON_OK);
  CHECK_STATUS(povmon_batch_summarize(&decisions, &out_len, &a, &a_len, batch, 1,
                                      POVMON_FORMAT_JSON, input, len, POVMON_FORMAT_NONE,
                                      POVMON_FORMAT_PROTO),
               POVMON_OK);
  CHECK_STATUS(povmon_batch_summarize(&decisions, &out_len, &b, &b_len, batch, 2,
                                      POVMON_FORMAT_JSON, input, len, POVMON_FORMAT_NONE,
                                      POVMON_FORMAT_PROTO),
               POVMON_OK);
  pair[0] = a;
  pair_lens[0] = a_len;
  pair[1] = b;
  pair_lens[1] = b_len;
  /* Different seeds draw differently: the partials do not add up. */
  CHECK_STATUS(povmon_population_merge(&out, &out_len, pair, pair_lens, 2, POVMON_FORMAT_PROTO),
               POVMON_INVALID_ARGUMENT);
  CHECK(out == NULL && out_len == 0);
  CHECK_CONTAINS(povmon_last_error(), "povmon_population_merge: summaries[1]: ");
  pair[1] = garbage;
  pair_lens[1] = sizeof garbage - 1;
  CHECK_STATUS(povmon_population_merge(&out, &out_len, pair, pair_lens, 2, POVMON_FORMAT_PROTO),
               POVMON_INVALID_ARGUMENT);
  CHECK_CONTAINS(povmon_last_error(),
                 "povmon_population_merge: summaries[1]: not a serialized "
                 "povmon.v1.PopulationSummary");
  CHECK_STATUS(povmon_population_merge(&out, &out_len, pair, pair_lens, 2, POVMON_FORMAT_JSON),
               POVMON_INVALID_ARGUMENT);
  CHECK_CONTAINS(povmon_last_error(), "povmon_population_merge: summaries[0]: ");
  CHECK_STATUS(povmon_population_merge(&out, &out_len, pair, pair_lens, 0, POVMON_FORMAT_PROTO),
               POVMON_INVALID_ARGUMENT);
  CHECK_STATUS(povmon_population_merge(&out, &out_len, pair, pair_lens, 1, 9),
               POVMON_INVALID_ARGUMENT);
  CHECK_CONTAINS(povmon_last_error(), "summary_format is 9");
  CHECK_STATUS(povmon_batch_summarize(&decisions, &out_len, &out, &out_len, batch, 1,
                                      POVMON_FORMAT_JSON, input, len, 7, POVMON_FORMAT_PROTO),
               POVMON_INVALID_ARGUMENT);
  CHECK_CONTAINS(povmon_last_error(), "POVMON_FORMAT_NONE (0)");
  CHECK_STATUS(povmon_batch_summarize(&decisions, &out_len, NULL, &out_len, batch, 1,
                                      POVMON_FORMAT_JSON, input, len, POVMON_FORMAT_NONE,
                                      POVMON_FORMAT_PROTO),
               POVMON_INVALID_ARGUMENT);

  /* The report: a date, parseable regions, a date within the pack. */
  REQUIRE(povmon_options_create(&no_date) == POVMON_OK);
  CHECK_STATUS(povmon_population_report(&out, &out_len, policy, no_date, POVMON_FORMAT_PROTO, a,
                                        a_len, NULL, 0, POVMON_FORMAT_JSON),
               POVMON_INVALID_ARGUMENT);
  CHECK_CONTAINS(povmon_last_error(), "no as-of date");
  CHECK_STATUS(povmon_population_report(&out, &out_len, policy, options, POVMON_FORMAT_PROTO, a,
                                        a_len, bad_regions, strlen(bad_regions),
                                        POVMON_FORMAT_JSON),
               POVMON_INVALID_ARGUMENT);
  CHECK_CONTAINS(povmon_last_error(), "regions:1:");
  CHECK(out == NULL && out_len == 0);
  REQUIRE(povmon_options_set_as_of(no_date, "2031-01-01", 10) == POVMON_OK);
  CHECK_STATUS(povmon_population_report(&out, &out_len, policy, no_date, POVMON_FORMAT_PROTO, a,
                                        a_len, NULL, 0, POVMON_FORMAT_JSON),
               POVMON_OUT_OF_RANGE);
  CHECK_CONTAINS(povmon_last_error(), "is outside the dates of pack hunan-2024");
  /* A serialized report for protobuf callers. */
  CHECK_STATUS(povmon_population_report(&out, &out_len, policy, options, POVMON_FORMAT_PROTO, a,
                                        a_len, NULL, 0, POVMON_FORMAT_PROTO),
               POVMON_OK);
  CHECK(out != NULL && out_len > a_len);
  povmon_free(out);

  povmon_free(a);
  povmon_free(b);
  free(input);
  povmon_options_destroy(no_date);
  povmon_batch_destroy(batch);
  povmon_options_destroy(options);
  povmon_policy_destroy(policy);
}

int main(void) {
  test_pieces_make_the_summary_of_the_whole();
  test_summary_without_decisions();
  test_summaries_that_do_not_combine_are_refused();
  if (test_failures != 0) {
    fprintf(stderr, "%d check(s) failed\n", test_failures);
    return 1;
  }
  printf("povmon C API population: all checks passed\n");
  return 0;
}
