/* The reports of the povmon program through the C ABI (0.3): the pack
 * summary, the pack's own tests, the notice list and the what-if
 * comparison. Each text form is compared byte for byte with what the povmon
 * program prints for the same input (run here with popen), and the JSON
 * forms are checked for the figures the plans decide. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "capi_testing.h"

#define YINGKOU_PACK POVMON_SOURCE_DIR "/policies/yingkou-2024"
#define HUNAN_HOUSEHOLDS POVMON_SOURCE_DIR "/examples/households/hunan.jsonl"
#define YINGKOU_CASES POVMON_SOURCE_DIR "/examples/cases/yingkou.jsonl"

/* What `command` writes on stdout, NUL-terminated (stderr is discarded). */
static char* run_command(const char* command) {
  char full[4096];
  FILE* pipe;
  char* out = NULL;
  size_t len = 0, capacity = 0, got;
  char chunk[4096];
  snprintf(full, sizeof full, "%s 2>/dev/null", command);
  pipe = popen(full, "r");
  REQUIRE(pipe != NULL);
  while ((got = fread(chunk, 1, sizeof chunk, pipe)) > 0) {
    if (len + got + 1 > capacity) {
      capacity = (len + got + 1) * 2;
      out = (char*)realloc(out, capacity);
      REQUIRE(out != NULL);
    }
    memcpy(out + len, chunk, got);
    len += got;
  }
  pclose(pipe);
  if (out == NULL) {
    out = (char*)malloc(1);
    REQUIRE(out != NULL);
  }
  out[len] = '\0';
  return out;
}

static povmon_policy* load(const char* directory) {
  povmon_policy* policy = NULL;
  REQUIRE(povmon_policy_load(&policy, directory, strlen(directory)) == POVMON_OK);
  return policy;
}

static povmon_policy* line_7000(const povmon_policy* pack) {
  const char change[] = "monitoring_line=7000";
  povmon_policy* what_if = NULL;
  REQUIRE(povmon_policy_with_changes(&what_if, pack, change, strlen(change)) == POVMON_OK);
  return what_if;
}

static char* summary(const povmon_policy* policy, int format) {
  char* out = NULL;
  size_t len = 0;
  CHECK_STATUS(povmon_policy_summary(&out, &len, policy, format), POVMON_OK);
  REQUIRE(out != NULL);
  CHECK(strlen(out) == len);
  return out;
}

/* ------------------------------------------------------------------ check */

static void test_summary_is_what_povmon_check_prints(void) {
  povmon_policy* hunan = load_hunan();
  povmon_policy* yingkou = load(YINGKOU_PACK);
  char* text = summary(hunan, POVMON_REPORT_TEXT);
  char* expected = run_command(POVMON_CLI " check " HUNAN_PACK);
  CHECK_STREQ(text, expected);
  CHECK_CONTAINS(text, HUNAN_PACK ": ok — pack hunan-2024, ");
  CHECK_CONTAINS(text, "2024-01-01 to 2024-12-31, revision ");
  /* Plan 4 §2(四)②'s screening twice a year and §5's quarterly review. */
  CHECK_CONTAINS(text, ", 0 visit cadences, 2 periodic duties\n");
  povmon_free(text);
  free(expected);
  /* A pack with lifecycle and calendar files counts them. */
  text = summary(yingkou, POVMON_REPORT_TEXT);
  expected = run_command(POVMON_CLI " check " YINGKOU_PACK);
  CHECK_STREQ(text, expected);
  CHECK_CONTAINS(text, "; lifecycle: ");
  /* Plan 5 §3(二)'s home screening window; §2(四)1's focus villages and the
     5% spot check as population rules (no region names in the pack). */
  CHECK_CONTAINS(text, ", 1 periodic duty; population: 2 rules, 0 named places; ");
  CHECK_CONTAINS(text, "; working-day calendar ");
  povmon_free(text);
  free(expected);
  povmon_policy_destroy(yingkou);
  povmon_policy_destroy(hunan);
}

static void test_summary_json_counts_and_names_a_what_if(void) {
  povmon_policy* hunan = load_hunan();
  povmon_policy* what_if = line_7000(hunan);
  char* revision = NULL;
  size_t len = 0;
  char expected[200];
  char* json = summary(hunan, POVMON_REPORT_JSON);
  CHECK(json[0] == '{' && json[strlen(json) - 1] == '}');
  CHECK_CONTAINS(json, "\"label\":\"" HUNAN_PACK "\",\"id\":\"hunan-2024\"");
  CHECK_CONTAINS(json, "\"valid_from\":\"2024-01-01\",\"valid_until\":\"2024-12-31\"");
  CHECK_CONTAINS(json, "\"changes\":[]");
  CHECK_CONTAINS(json, "\"visit_cadences\":0,\"duties\":2},\"population\":null,");
  REQUIRE(povmon_policy_revision(&revision, &len, hunan) == POVMON_OK);
  snprintf(expected, sizeof expected, "\"revision\":\"%s\"", revision);
  CHECK_CONTAINS(json, expected);
  povmon_free(revision);
  povmon_free(json);
  json = summary(what_if, POVMON_REPORT_JSON);
  CHECK_CONTAINS(json, "\"changes\":[\"monitoring_line=7000\"]");
  povmon_free(json);
  povmon_policy_destroy(what_if);
  povmon_policy_destroy(hunan);
}

static void test_summary_rejects_bad_arguments(void) {
  povmon_policy* hunan = load_hunan();
  char* out = (char*)1;
  size_t len = 7;
  CHECK_STATUS(povmon_policy_summary(&out, &len, NULL, POVMON_REPORT_TEXT),
               POVMON_INVALID_ARGUMENT);
  CHECK(out == NULL && len == 0);
  CHECK_CONTAINS(povmon_last_error(), "povmon_policy_summary: policy is NULL");
  CHECK_STATUS(povmon_policy_summary(NULL, &len, hunan, POVMON_REPORT_TEXT),
               POVMON_INVALID_ARGUMENT);
  CHECK_STATUS(povmon_policy_summary(&out, &len, hunan, POVMON_REPORT_JSONL),
               POVMON_INVALID_ARGUMENT);
  CHECK_CONTAINS(povmon_last_error(), "report_format is 3");
  povmon_policy_destroy(hunan);
}

/* ------------------------------------------------------------------ test */

static void test_pack_tests_are_what_povmon_test_prints(void) {
  povmon_policy* hunan = load_hunan();
  char* out = NULL;
  size_t len = 0, failed = 99;
  char* expected = run_command(POVMON_CLI " test " HUNAN_PACK);
  /* No directory: the folder the pack was loaded from. */
  CHECK_STATUS(povmon_policy_test(&out, &len, &failed, hunan, NULL, 0, POVMON_REPORT_TEXT),
               POVMON_OK);
  CHECK(failed == 0);
  CHECK_STREQ(out, expected);
  CHECK_CONTAINS(out, "PASS unstable lifted-out: ill member, 6,000.00 per person  [Plan 4 §2(二)①]\n");
  CHECK_CONTAINS(out, " passed, 0 failed\n");
  povmon_free(out);
  free(expected);
  CHECK_STATUS(povmon_policy_test(&out, &len, &failed, hunan, HUNAN_PACK, strlen(HUNAN_PACK),
                                  POVMON_REPORT_JSON),
               POVMON_OK);
  CHECK(failed == 0);
  CHECK_CONTAINS(out, "{\"pack\":\"hunan-2024\",\"passed\":");
  CHECK_CONTAINS(out, ",\"failed\":0,\"cases\":[{\"name\":");
  CHECK_CONTAINS(out, "{\"name\":\"unstable lifted-out: ill member, 6,000.00 per person\","
                      "\"citation\":\"Plan 4 §2(二)①\",\"file\":\"" HUNAN_PACK
                      "/tests/identification.textproto\",\"line\":9,\"passed\":true,"
                      "\"failures\":[]}");
  povmon_free(out);
  povmon_policy_destroy(hunan);
}

/* A case that fails is a result (the count and the report say so), not an
 * error; a test file that does not parse and a folder without tests are. */
static void test_pack_tests_report_a_failing_case(void) {
  povmon_policy* hunan = load_hunan();
  char folder[] = "/tmp/povmon_reports_test_XXXXXX";
  char tests[64], path[96];
  char* out = NULL;
  size_t len = 0, failed = 0;
  FILE* f;
  REQUIRE(mkdtemp(folder) != NULL);
  snprintf(tests, sizeof tests, "%s/tests", folder);
  REQUIRE(mkdir(tests, 0700) == 0);
  snprintf(path, sizeof path, "%s/a.textproto", tests);
  f = fopen(path, "w");
  REQUIRE(f != NULL);
  /* 6,000.00 yuan for one member: 600000 fen per person, not 1. */
  fputs("case {\n"
        "  name: \"right\"\n  citation: \"Plan 4 §2(三)\"\n  as_of: \"2024-07-01\"\n"
        "  household { id: \"x\" members { id: \"m1\" relation: RELATION_HEAD registered: true"
        " co_resident: true labour_capacity: LABOUR_CAPACITY_FULL }"
        " income { date: \"2024-03-31\" kind: INCOME_KIND_WAGE amount_fen: 600000 } }\n"
        "  expect { per_capita_net_income_fen: 600000 }\n}\n"
        "case {\n"
        "  name: \"deliberately wrong\"\n  as_of: \"2024-07-01\"\n"
        "  household { id: \"x\" members { id: \"m1\" relation: RELATION_HEAD registered: true"
        " co_resident: true labour_capacity: LABOUR_CAPACITY_FULL }"
        " income { date: \"2024-03-31\" kind: INCOME_KIND_WAGE amount_fen: 600000 } }\n"
        "  expect { per_capita_net_income_fen: 1 }\n}\n",
        f);
  fclose(f);
  CHECK_STATUS(povmon_policy_test(&out, &len, &failed, hunan, folder, strlen(folder),
                                  POVMON_REPORT_TEXT),
               POVMON_OK);
  CHECK(failed == 1);
  CHECK_CONTAINS(out, "PASS right  [Plan 4 §2(三)]\n");
  CHECK_CONTAINS(out, "FAIL deliberately wrong\n     at ");
  CHECK_CONTAINS(out, "/tests/a.textproto:8\n");
  CHECK_CONTAINS(out, "     per-capita net income: expected 0.01 (1 fen), got 6,000.00 "
                      "(600000 fen)\n");
  CHECK_CONTAINS(out, "hunan-2024: 1 passed, 1 failed\n");
  povmon_free(out);
  CHECK_STATUS(povmon_policy_test(&out, &len, &failed, hunan, folder, strlen(folder),
                                  POVMON_REPORT_JSON),
               POVMON_OK);
  CHECK(failed == 1);
  CHECK_CONTAINS(out, "\"passed\":1,\"failed\":1,");
  CHECK_CONTAINS(out, "\"passed\":false,\"failures\":[\"per-capita net income: expected 0.01 "
                      "(1 fen), got 6,000.00 (600000 fen)\"]}");
  povmon_free(out);

  /* A test file that does not parse: INVALID_ARGUMENT at file:line:col. */
  f = fopen(path, "w");
  REQUIRE(f != NULL);
  fputs("case {\n  nmae: \"typo\"\n}\n", f);
  fclose(f);
  CHECK_STATUS(povmon_policy_test(&out, &len, &failed, hunan, folder, strlen(folder),
                                  POVMON_REPORT_TEXT),
               POVMON_INVALID_ARGUMENT);
  CHECK(out == NULL && len == 0 && failed == 0);
  CHECK_CONTAINS(povmon_last_error(), "/tests/a.textproto:2:");
  remove(path);

  /* No tests at all: NOT_FOUND naming the folder. */
  CHECK_STATUS(povmon_policy_test(&out, &len, &failed, hunan, folder, strlen(folder),
                                  POVMON_REPORT_TEXT),
               POVMON_NOT_FOUND);
  CHECK_CONTAINS(povmon_last_error(), "/tests: no test files (*.textproto)");
  rmdir(tests);
  rmdir(folder);

  /* Bad arguments. */
  CHECK_STATUS(povmon_policy_test(&out, &len, NULL, hunan, NULL, 0, POVMON_REPORT_TEXT),
               POVMON_INVALID_ARGUMENT);
  CHECK_CONTAINS(povmon_last_error(), "povmon_policy_test: failed is NULL");
  CHECK_STATUS(povmon_policy_test(&out, &len, &failed, hunan, NULL, 3, POVMON_REPORT_TEXT),
               POVMON_INVALID_ARGUMENT);
  CHECK_STATUS(povmon_policy_test(&out, &len, &failed, hunan, NULL, 0, POVMON_REPORT_JSONL),
               POVMON_INVALID_ARGUMENT);
  povmon_policy_destroy(hunan);
}

/* ------------------------------------------------------------------ notice */

/* Plan 10 §3.2: the three notices in force on 2024-10-03, as `povmon notice`
 * writes them, and no phone or ID number. */
static void test_notice_list_is_what_povmon_notice_writes(void) {
  povmon_policy* yingkou = load(YINGKOU_PACK);
  povmon_options* options = make_options("2024-10-03", POVMON_TRACE_OFF);
  size_t households_len = 0;
  char* households = read_file(YINGKOU_CASES, &households_len);
  char* out = NULL;
  char* report = NULL;
  size_t len = 0, report_len = 0;
  char* expected;
  CHECK_STATUS(povmon_notice_list(&out, &len, &report, &report_len, yingkou, options, households,
                                  households_len, POVMON_NOTICE_CSV),
               POVMON_OK);
  expected = run_command(POVMON_CLI " notice --policy " YINGKOU_PACK
                                    " --as-of 2024-10-03 " YINGKOU_CASES);
  CHECK_STREQ(out, expected);
  CHECK(strlen(out) == len);
  CHECK_CONTAINS(out, "\"吳春生\"");
  CHECK_CONTAINS(out, "\"2024-09-27\",\"2024-10-09\"");
  CHECK_NOT_CONTAINS(out, "13998701234");
  CHECK_NOT_CONTAINS(out, "210881197203154411");
  CHECK_CONTAINS(report, "{\"pack\":\"yingkou-2024\",\"as_of\":\"2024-10-03\",\"households\":5,"
                         "\"notices\":3,\"not_decided\":[],\"warnings\":[");
  free(expected);
  povmon_free(out);
  povmon_free(report);
  CHECK_STATUS(povmon_notice_list(&out, &len, &report, &report_len, yingkou, options, households,
                                  households_len, POVMON_NOTICE_HTML),
               POVMON_OK);
  expected = run_command(POVMON_CLI " notice --policy " YINGKOU_PACK
                                    " --as-of 2024-10-03 --format html " YINGKOU_CASES);
  CHECK_STREQ(out, expected);
  CHECK_CONTAINS(out, "<table");
  free(expected);
  povmon_free(out);
  povmon_free(report);
  free(households);
  povmon_options_destroy(options);
  povmon_policy_destroy(yingkou);
}

/* A household that cannot be decided is named by its line in the report,
 * with the shapes of personal data redacted from the message; the others
 * are still listed. */
static void test_notice_list_reports_households_not_decided(void) {
  povmon_policy* yingkou = load(YINGKOU_PACK);
  povmon_options* options = make_options("2024-10-03", POVMON_TRACE_OFF);
  povmon_options* no_date = NULL;
  const char households[] = "\n{\"id\":\"x\",\"members\":[{\"id\":\"m1\",\"birth_date\":"
                            "\"1972-13-15\"}]}\r\n   \n{not json 13998701234}";
  char* out = NULL;
  char* report = NULL;
  size_t len = 0, report_len = 0;
  CHECK_STATUS(povmon_notice_list(&out, &len, &report, &report_len, yingkou, options, households,
                                  strlen(households), POVMON_NOTICE_CSV),
               POVMON_OK);
  CHECK_CONTAINS(report, "\"households\":2,\"notices\":0,\"not_decided\":[{\"line\":2,");
  CHECK_CONTAINS(report, "{\"line\":4,\"message\":");
  CHECK_NOT_CONTAINS(report, "13998701234");
  CHECK_NOT_CONTAINS(report, "1972-13-15");
  povmon_free(out);
  povmon_free(report);
  /* Empty input: an empty list. */
  CHECK_STATUS(povmon_notice_list(&out, &len, &report, &report_len, yingkou, options, NULL, 0,
                                  POVMON_NOTICE_CSV),
               POVMON_OK);
  CHECK_CONTAINS(report, "\"households\":0,\"notices\":0");
  povmon_free(out);
  povmon_free(report);
  /* Bad arguments. */
  REQUIRE(povmon_options_create(&no_date) == POVMON_OK);
  CHECK_STATUS(povmon_notice_list(&out, &len, &report, &report_len, yingkou, no_date, "", 0,
                                  POVMON_NOTICE_CSV),
               POVMON_INVALID_ARGUMENT);
  CHECK_CONTAINS(povmon_last_error(), "povmon_notice_list: the options have no as-of date");
  CHECK(out == NULL && report == NULL && len == 0 && report_len == 0);
  CHECK_STATUS(povmon_notice_list(&out, &len, NULL, &report_len, yingkou, options, "", 0,
                                  POVMON_NOTICE_CSV),
               POVMON_INVALID_ARGUMENT);
  CHECK_STATUS(povmon_notice_list(&out, &len, &report, &report_len, yingkou, options, NULL, 5,
                                  POVMON_NOTICE_CSV),
               POVMON_INVALID_ARGUMENT);
  CHECK_STATUS(povmon_notice_list(&out, &len, &report, &report_len, yingkou, options, "", 0, 7),
               POVMON_INVALID_ARGUMENT);
  CHECK_CONTAINS(povmon_last_error(), "notice_format is 7");
  /* A date the pack does not answer for refuses the run, as `povmon
   * notice --as-of` does, rather than failing every household alike. */
  povmon_options_destroy(no_date);
  no_date = make_options("2030-01-01", POVMON_TRACE_OFF);
  CHECK_STATUS(povmon_notice_list(&out, &len, &report, &report_len, yingkou, no_date,
                                  households, strlen(households), POVMON_NOTICE_CSV),
               POVMON_OUT_OF_RANGE);
  CHECK_CONTAINS(povmon_last_error(), "povmon_notice_list: the as-of date 2030-01-01 is outside "
                                      "the dates of pack yingkou-2024 (");
  CHECK(out == NULL && report == NULL && len == 0 && report_len == 0);
  povmon_options_destroy(no_date);
  povmon_options_destroy(options);
  povmon_policy_destroy(yingkou);
}

/* ------------------------------------------------------------------ what-if */

static char* compare(const povmon_policy* pack, const povmon_policy* what_if,
                     const povmon_options* options, const char* households, size_t len,
                     int format) {
  char* out = NULL;
  size_t out_len = 0;
  CHECK_STATUS(povmon_what_if_compare(&out, &out_len, pack, what_if, options, households, len,
                                      format),
               POVMON_OK);
  REQUIRE(out != NULL);
  CHECK(strlen(out) == out_len);
  return out;
}

/* Plan 4 §2(三)'s line raised from 6,500 to 7,000 on the quick-start
 * households: the five at 6,500-6,800 per person come in; the sudden-hardship
 * household whose previous income was 7,000.00 leaves, since 超過 is strict
 * (Plan 4 §2(二)③: at exactly the line it no longer exceeds it); the two bad
 * lines are reported, as `povmon whatif` prints it. */
static void test_what_if_comparison_is_what_povmon_whatif_prints(void) {
  povmon_policy* hunan = load_hunan();
  povmon_policy* what_if = line_7000(hunan);
  povmon_options* options = make_options("2024-11-30", POVMON_TRACE_OFF);
  size_t households_len = 0;
  char* households = read_file(HUNAN_HOUSEHOLDS, &households_len);
  const char* command = POVMON_CLI " whatif --policy " HUNAN_PACK
                                   " --set monitoring_line=7000 --as-of 2024-11-30 "
                                   HUNAN_HOUSEHOLDS;
  char jsonl_command[1024];
  char* out;
  char* expected;

  out = compare(hunan, what_if, options, households, households_len, POVMON_REPORT_TEXT);
  expected = run_command(command);
  CHECK_STREQ(out, expected);
  CHECK_CONTAINS(out, "  monitoring_line: 6,500.00 → 7,000.00 on 2024-11-30  "
                      "(--set monitoring_line=7000)\n");
  CHECK_CONTAINS(out, "32 households read: 30 decided both ways, 2 not decided\n");
  CHECK_CONTAINS(out, "6 of 30 decided differently\nmonitored: 20 → 24\n");
  CHECK_CONTAINS(out, "  CATEGORY_SUDDEN_SEVERE_HARDSHIP → CATEGORY_NONE: 1\n");
  free(expected);
  povmon_free(out);

  out = compare(hunan, what_if, options, households, households_len, POVMON_REPORT_JSONL);
  snprintf(jsonl_command, sizeof jsonl_command, "%s --format jsonl", command);
  expected = run_command(jsonl_command);
  CHECK_STREQ(out, expected);
  CHECK_CONTAINS(out, "{\"index\":6,\"line\":7,\"household_id\":\"hn-007-exact-line\","
                      "\"changed\":true,\"pack\":{\"category\":\"CATEGORY_NONE\"");
  CHECK_CONTAINS(out, "{\"index\":30,\"line\":31,\"household_id\":\"bad-invalid-date\","
                      "\"error\":{\"code\":3,");
  free(expected);
  povmon_free(out);

  out = compare(hunan, what_if, options, households, households_len, POVMON_REPORT_JSON);
  CHECK_CONTAINS(out, "{\"pack\":\"hunan-2024\",\"as_of\":\"2024-11-30\",");
  CHECK_CONTAINS(out, "\"changes\":[{\"set\":\"monitoring_line=7000\",\"parameter\":"
                      "\"monitoring_line\",\"pack_value\":\"6,500.00\",\"what_if_value\":"
                      "\"7,000.00\"}]");
  CHECK_CONTAINS(out, "\"households\":32,\"compared\":30,\"changed\":6,\"not_decided\":2,"
                      "\"monitored\":{\"pack\":20,\"what_if\":24}");
  CHECK_CONTAINS(out, "\"category_changes\":[{\"from\":\"CATEGORY_NONE\",\"to\":"
                      "\"CATEGORY_MARGINAL_AT_RISK\",\"households\":5},{\"from\":"
                      "\"CATEGORY_SUDDEN_SEVERE_HARDSHIP\",\"to\":\"CATEGORY_NONE\","
                      "\"households\":1}]");
  CHECK_CONTAINS(out, "{\"line\":7,\"household_id\":\"hn-007-exact-line\","
                      "\"per_capita_net_income_fen\":\"650000\",\"differences\":["
                      "\"CATEGORY_NONE → CATEGORY_MARGINAL_AT_RISK\",\"now monitored\","
                      "\"measures 0 → 2\",\"ELIMINATION_STATUS_NOT_MONITORED → "
                      "ELIMINATION_STATUS_NEWLY_IDENTIFIED\"]}");
  CHECK_CONTAINS(out, "\"errors\":[{\"line\":");
  CHECK_CONTAINS(out, "\"household_id\":\"bad-invalid-date\",\"message\":\"income[2].date: ");
  povmon_free(out);

  /* The same policy both ways changes nothing. */
  out = compare(hunan, hunan, options, households, households_len, POVMON_REPORT_JSON);
  CHECK_CONTAINS(out, "\"changed\":0,");
  CHECK_CONTAINS(out, "\"changed_households\":[]");
  povmon_free(out);

  free(households);
  povmon_options_destroy(options);
  povmon_policy_destroy(what_if);
  povmon_policy_destroy(hunan);
}

static void test_what_if_comparison_rejects_bad_arguments(void) {
  povmon_policy* hunan = load_hunan();
  povmon_options* options = make_options("2024-11-30", POVMON_TRACE_OFF);
  povmon_options* no_date = NULL;
  char* out = (char*)1;
  size_t len = 3;
  CHECK_STATUS(povmon_what_if_compare(&out, &len, hunan, NULL, options, "", 0,
                                      POVMON_REPORT_TEXT),
               POVMON_INVALID_ARGUMENT);
  CHECK(out == NULL && len == 0);
  CHECK_CONTAINS(povmon_last_error(), "povmon_what_if_compare: what_if is NULL");
  REQUIRE(povmon_options_create(&no_date) == POVMON_OK);
  CHECK_STATUS(povmon_what_if_compare(&out, &len, hunan, hunan, no_date, "", 0,
                                      POVMON_REPORT_TEXT),
               POVMON_INVALID_ARGUMENT);
  CHECK_CONTAINS(povmon_last_error(), "the options have no as-of date");
  CHECK_STATUS(povmon_what_if_compare(&out, &len, hunan, hunan, options, NULL, 1,
                                      POVMON_REPORT_TEXT),
               POVMON_INVALID_ARGUMENT);
  CHECK_STATUS(povmon_what_if_compare(&out, &len, hunan, hunan, options, "", 0, 0),
               POVMON_INVALID_ARGUMENT);
  CHECK_CONTAINS(povmon_last_error(), "report_format is 0");
  povmon_options_destroy(no_date);
  no_date = make_options("2023-12-31", POVMON_TRACE_OFF);
  CHECK_STATUS(povmon_what_if_compare(&out, &len, hunan, hunan, no_date, "{}", 2,
                                      POVMON_REPORT_TEXT),
               POVMON_OUT_OF_RANGE);
  CHECK_CONTAINS(povmon_last_error(), "povmon_what_if_compare: the as-of date 2023-12-31 is "
                                      "outside the dates of pack hunan-2024 (2024-01-01 to "
                                      "2024-12-31)");
  CHECK(out == NULL && len == 0);
  povmon_options_destroy(no_date);
  povmon_options_destroy(options);
  povmon_policy_destroy(hunan);
}

int main(void) {
  test_summary_is_what_povmon_check_prints();
  test_summary_json_counts_and_names_a_what_if();
  test_summary_rejects_bad_arguments();
  test_pack_tests_are_what_povmon_test_prints();
  test_pack_tests_report_a_failing_case();
  test_notice_list_is_what_povmon_notice_writes();
  test_notice_list_reports_households_not_decided();
  test_what_if_comparison_is_what_povmon_whatif_prints();
  test_what_if_comparison_rejects_bad_arguments();
  if (test_failures != 0) {
    fprintf(stderr, "%d check(s) failed\n", test_failures);
    return 1;
  }
  printf("povmon C API reports: all checks passed\n");
  return 0;
}
