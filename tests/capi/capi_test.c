/* The C API test, in C: every function of <povmon/povmon.h>, every error
 * path and NULL handling, against the shipped Hunan pack (Plan 4), and its
 * what-if variants. */
#define _POSIX_C_SOURCE 200809L

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "capi_testing.h"
#include "povmon/povmon.h"

/* A non-NULL pointer value that a failing call must overwrite with NULL. */
#define SENTINEL ((void*)&test_failures)

/* ---------------------------------------------------------------- helpers */

/* Evaluate `input` and return the owned output (NUL-terminated), or NULL
 * with the status in *status. */
static char* evaluate(povmon_evaluator* evaluator,
                      const povmon_options* options, int input_format,
                      const void* input, size_t input_len, int output_format,
                      size_t* out_len, int* status) {
  void* out = SENTINEL;
  size_t len = 99;
  *status = povmon_evaluate(&out, &len, evaluator, options, input_format, input,
                            input_len, output_format);
  if (*status != POVMON_OK) {
    CHECK(out == NULL);
    CHECK(len == 0);
    return NULL;
  }
  CHECK(out != NULL);
  CHECK(((char*)out)[len] == '\0');
  if (out_len != NULL) *out_len = len;
  return (char*)out;
}

static char* evaluate_json(povmon_evaluator* evaluator,
                           const povmon_options* options, const char* json) {
  int status = 0;
  char* out = evaluate(evaluator, options, POVMON_FORMAT_JSON, json,
                       strlen(json), POVMON_FORMAT_JSON, NULL, &status);
  CHECK_STATUS(status, POVMON_OK);
  return out;
}

/* Count the lines of `text`. */
static int count_lines(const char* text, size_t len) {
  int lines = 0;
  size_t i;
  for (i = 0; i < len; ++i) lines += text[i] == '\n';
  return lines;
}

/* The `index`th line of `text` (0-based), copied; "" past the end. */
static char* line_of(const char* text, int index) {
  const char* start = text;
  const char* end;
  char* line;
  while (index-- > 0) {
    start = strchr(start, '\n');
    if (start == NULL) return strdup("");
    ++start;
  }
  end = strchr(start, '\n');
  if (end == NULL) end = start + strlen(start);
  line = (char*)malloc((size_t)(end - start) + 1);
  REQUIRE(line != NULL);
  memcpy(line, start, (size_t)(end - start));
  line[end - start] = '\0';
  return line;
}

static int read_varint(const unsigned char* data, size_t len, size_t* offset,
                       uint64_t* value) {
  uint64_t result = 0;
  int shift;
  for (shift = 0; shift < 64 && *offset < len; shift += 7) {
    unsigned char byte = data[(*offset)++];
    result |= (uint64_t)(byte & 0x7F) << shift;
    if ((byte & 0x80) == 0) {
      *value = result;
      return 1;
    }
  }
  return 0;
}

/* ---------------------------------------------------------------- version */

static void test_version_matches_header(void) {
  CHECK(povmon_version_number() == POVMON_VERSION_NUMBER);
  CHECK(povmon_version_number() / 10000 == POVMON_VERSION_MAJOR);
  CHECK_STREQ(povmon_version_string(), POVMON_VERSION_STRING);
}

/* ---------------------------------------------------------------- errors */

static void test_last_error_is_empty_before_any_failure(void) {
  CHECK(povmon_last_error() != NULL);
  CHECK_STREQ(povmon_last_error(), "");
}

static void test_status_names_follow_absl(void) {
  CHECK_STREQ(povmon_status_name(POVMON_OK), "OK");
  CHECK_STREQ(povmon_status_name(3), "INVALID_ARGUMENT");
  CHECK_STREQ(povmon_status_name(POVMON_NOT_FOUND), "NOT_FOUND");
  CHECK_STREQ(povmon_status_name(POVMON_FAILED_PRECONDITION),
              "FAILED_PRECONDITION");
  CHECK_STREQ(povmon_status_name(POVMON_OUT_OF_RANGE), "OUT_OF_RANGE");
  CHECK_STREQ(povmon_status_name(POVMON_DATA_LOSS), "DATA_LOSS");
  CHECK_STREQ(povmon_status_name(POVMON_UNAUTHENTICATED), "UNAUTHENTICATED");
  CHECK_STREQ(povmon_status_name(-1), "UNKNOWN");
  CHECK_STREQ(povmon_status_name(17), "UNKNOWN");
  CHECK(POVMON_INVALID_ARGUMENT == 3 && POVMON_NOT_FOUND == 5 &&
        POVMON_OUT_OF_RANGE == 11 && POVMON_INTERNAL == 13);
}

static void test_success_leaves_the_last_error_alone(void) {
  povmon_options* options = NULL;
  CHECK_STATUS(povmon_options_create(NULL), POVMON_INVALID_ARGUMENT);
  CHECK_STREQ(povmon_last_error(), "povmon_options_create: out is NULL");
  CHECK_STATUS(povmon_options_create(&options), POVMON_OK);
  CHECK_STREQ(povmon_last_error(), "povmon_options_create: out is NULL");
  povmon_options_destroy(options);
}

static void test_null_is_a_no_op_for_free_and_destroy(void) {
  povmon_free(NULL);
  povmon_options_destroy(NULL);
  povmon_policy_destroy(NULL);
  povmon_evaluator_destroy(NULL);
}

static void test_problems_json_needs_outputs(void) {
  char* out = (char*)SENTINEL;
  size_t len = 7;
  CHECK_STATUS(povmon_last_problems_json(NULL, &len), POVMON_INVALID_ARGUMENT);
  CHECK(len == 0);
  CHECK_STATUS(povmon_last_problems_json(&out, NULL), POVMON_INVALID_ARGUMENT);
  CHECK(out == NULL);
}

/* ---------------------------------------------------------------- options */

static void test_options_accept_real_dates_and_trace_levels(void) {
  povmon_options* options = NULL;
  CHECK_STATUS(povmon_options_create(&options), POVMON_OK);
  REQUIRE(options != NULL);
  CHECK_STATUS(povmon_options_set_as_of(options, "2024-07-01", 10), POVMON_OK);
  /* The length counts, not a NUL: the first ten bytes are the date. */
  CHECK_STATUS(povmon_options_set_as_of(options, "2024-02-29 and more", 10),
               POVMON_OK);
  CHECK_STATUS(povmon_options_set_trace_level(options, POVMON_TRACE_OFF),
               POVMON_OK);
  CHECK_STATUS(povmon_options_set_trace_level(options, POVMON_TRACE_RULES),
               POVMON_OK);
  CHECK_STATUS(povmon_options_set_trace_level(options, POVMON_TRACE_FULL),
               POVMON_OK);
  povmon_options_destroy(options);
}

static void test_options_reject_bad_dates_and_levels(void) {
  povmon_options* options = NULL;
  REQUIRE(povmon_options_create(&options) == POVMON_OK);
  CHECK_STATUS(povmon_options_set_as_of(NULL, "2024-07-01", 10),
               POVMON_INVALID_ARGUMENT);
  CHECK_STREQ(povmon_last_error(), "povmon_options_set_as_of: options is NULL");
  CHECK_STATUS(povmon_options_set_as_of(options, NULL, 10),
               POVMON_INVALID_ARGUMENT);
  CHECK_STREQ(povmon_last_error(),
              "povmon_options_set_as_of: date is NULL but its length is 10");
  CHECK_STATUS(povmon_options_set_as_of(options, "", 0),
               POVMON_INVALID_ARGUMENT);
  CHECK_STREQ(povmon_last_error(), "povmon_options_set_as_of: date is empty");
  CHECK_STATUS(povmon_options_set_as_of(options, "2024-02-30", 10),
               POVMON_INVALID_ARGUMENT);
  CHECK_STREQ(povmon_last_error(),
              "povmon_options_set_as_of: \"2024-02-30\" is not a valid date "
              "(expected YYYY-MM-DD)");
  CHECK_STATUS(povmon_options_set_as_of(options, "2023-02-29", 10),
               POVMON_INVALID_ARGUMENT);
  CHECK_STATUS(povmon_options_set_as_of(options, "2024-7-1", 8),
               POVMON_INVALID_ARGUMENT);
  CHECK_STATUS(povmon_options_set_as_of(options, "24-07-01xx", 10),
               POVMON_INVALID_ARGUMENT);
  CHECK_STATUS(povmon_options_set_as_of(options, "2024-07-01", 11),
               POVMON_INVALID_ARGUMENT); /* the NUL is inside the length */
  CHECK_CONTAINS(povmon_last_error(), "contains a NUL byte");
  CHECK_STATUS(povmon_options_set_as_of(options, "2024-07-\xff\xfe", 10),
               POVMON_INVALID_ARGUMENT);
  CHECK_STREQ(povmon_last_error(),
              "povmon_options_set_as_of: date is not valid UTF-8");
  CHECK_STATUS(povmon_options_set_trace_level(NULL, POVMON_TRACE_OFF),
               POVMON_INVALID_ARGUMENT);
  CHECK_STATUS(povmon_options_set_trace_level(options, 0),
               POVMON_INVALID_ARGUMENT);
  CHECK_CONTAINS(povmon_last_error(), "0 is not a trace level");
  CHECK_STATUS(povmon_options_set_trace_level(options, 4),
               POVMON_INVALID_ARGUMENT);
  povmon_options_destroy(options);
}

/* ---------------------------------------------------------------- policy */

static void test_policy_loads_the_hunan_pack(void) {
  povmon_policy* policy = NULL;
  char* text = (char*)SENTINEL;
  size_t len = 0;
  size_t i;
  CHECK_STATUS(povmon_policy_load(&policy, HUNAN_PACK, strlen(HUNAN_PACK)),
               POVMON_OK);
  REQUIRE(policy != NULL);
  CHECK_STATUS(povmon_policy_id(&text, &len, policy), POVMON_OK);
  CHECK_STREQ(text, "hunan-2024");
  CHECK(len == strlen("hunan-2024"));
  povmon_free(text);
  CHECK_STATUS(povmon_policy_revision(&text, &len, policy), POVMON_OK);
  CHECK(len == 64);
  for (i = 0; i < len; ++i) {
    CHECK(strchr("0123456789abcdef", text[i]) != NULL);
  }
  povmon_free(text);
  CHECK_STATUS(povmon_policy_valid_from(&text, &len, policy), POVMON_OK);
  CHECK_STREQ(text, "2024-01-01");
  povmon_free(text);
  CHECK_STATUS(povmon_policy_valid_until(&text, &len, policy), POVMON_OK);
  CHECK_STREQ(text, "2024-12-31");
  povmon_free(text);
  /* A successful load leaves no problems behind. */
  CHECK_STATUS(povmon_last_problems_json(&text, &len), POVMON_OK);
  CHECK_STREQ(text, "[]");
  povmon_free(text);
  povmon_policy_destroy(policy);
}

static void test_policy_accessors_reject_null(void) {
  povmon_policy* policy = load_hunan();
  char* text = (char*)SENTINEL;
  size_t len = 5;
  CHECK_STATUS(povmon_policy_id(&text, &len, NULL), POVMON_INVALID_ARGUMENT);
  CHECK(text == NULL && len == 0);
  CHECK_STREQ(povmon_last_error(),
              "povmon_policy_id: out, out_len and policy must not be NULL");
  CHECK_STATUS(povmon_policy_id(NULL, &len, policy), POVMON_INVALID_ARGUMENT);
  CHECK_STATUS(povmon_policy_revision(&text, NULL, policy),
               POVMON_INVALID_ARGUMENT);
  CHECK_STATUS(povmon_policy_valid_from(NULL, NULL, policy),
               POVMON_INVALID_ARGUMENT);
  CHECK_STATUS(povmon_policy_valid_until(&text, &len, NULL),
               POVMON_INVALID_ARGUMENT);
  povmon_policy_destroy(policy);
}

static void test_policy_load_rejects_bad_arguments(void) {
  povmon_policy* policy = (povmon_policy*)SENTINEL;
  const char* missing = POVMON_SOURCE_DIR "/policies/no-such-pack";
  CHECK_STATUS(povmon_policy_load(NULL, HUNAN_PACK, strlen(HUNAN_PACK)),
               POVMON_INVALID_ARGUMENT);
  CHECK_STREQ(povmon_last_error(), "povmon_policy_load: out is NULL");
  CHECK_STATUS(povmon_policy_load(&policy, NULL, 3), POVMON_INVALID_ARGUMENT);
  CHECK(policy == NULL);
  CHECK_STATUS(povmon_policy_load(&policy, HUNAN_PACK, 0),
               POVMON_INVALID_ARGUMENT);
  CHECK_STREQ(povmon_last_error(), "povmon_policy_load: directory is empty");
  CHECK_STATUS(povmon_policy_load(&policy, "pol\xc3\x28", 5),
               POVMON_INVALID_ARGUMENT);
  CHECK_STREQ(povmon_last_error(),
              "povmon_policy_load: directory is not valid UTF-8");
  CHECK_STATUS(povmon_policy_load(&policy, missing, strlen(missing)),
               POVMON_NOT_FOUND);
  CHECK_CONTAINS(povmon_last_error(), "no-such-pack");
  CHECK(policy == NULL);
}

/* The pack tests/testdata/packs/bad, in memory: a type error on line 6 and
 * a rule without a citation at line 9. */
static const char kBadPack[] =
    "id: \"bad\"\n"
    "title_en: \"A pack with two mistakes\"\n"
    "description: \"A type error and a rule without a citation.\"\n"
    "source: \"Plan 4\"\n"
    "valid_from: \"2024-01-01\"\n"
    "valid_until: \"2024-12-31\"\n"
    "income {\n"
    "  window { kind: WINDOW_KIND_ROLLING_12_MONTHS }\n"
    "  counted_kinds: [INCOME_KIND_WAGE]\n"
    "  members: MEMBER_COUNTING_REGISTERED\n"
    "  citation: \"Plan 7 §3(一)\"\n"
    "}\n"
    "parameter_files: \"parameters.textproto\"\n"
    "rule_files: \"rules.textproto\"\n";
static const char kBadParameters[] =
    "parameter {\n"
    "  name: \"monitoring_line\"\n"
    "  type: PARAMETER_TYPE_MONEY\n"
    "  description: \"Monitoring line\"\n"
    "  citation: \"Plan 4 §2(三)\"\n"
    "  value { from: \"2024-01-01\" yuan: \"6500.00\" }\n"
    "}\n";
static const char kBadRules[] =
    "rule {\n"
    "  id: \"category.marginal\"\n"
    "  citation: \"Plan 4 §2(二)\"\n"
    "  description_zh: \"人均純收入低於監測線\"\n"
    "  description_en: \"Per-capita net income below the line\"\n"
    "  when: \"facts.per_capita_net_income_fen < 6500\"\n"
    "  category: CATEGORY_MARGINAL_AT_RISK\n"
    "}\n"
    "rule {\n"
    "  id: \"risk.illness\"\n"
    "  description_zh: \"家庭成員患大病\"\n"
    "  description_en: \"A member has a serious illness\"\n"
    "  when: \"any(household.members, m, m.health.serious_illness)\"\n"
    "  risk: RISK_TYPE_ILLNESS\n"
    "}\n";

static void test_load_from_files_reports_every_problem_with_positions(void) {
  povmon_file files[3];
  povmon_policy* policy = (povmon_policy*)SENTINEL;
  char* problems = NULL;
  size_t len = 0;
  files[0].name = "pack.textproto";
  files[0].name_len = strlen(files[0].name);
  files[0].content = kBadPack;
  files[0].content_len = strlen(kBadPack);
  files[1].name = "parameters.textproto";
  files[1].name_len = strlen(files[1].name);
  files[1].content = kBadParameters;
  files[1].content_len = strlen(kBadParameters);
  files[2].name = "rules.textproto";
  files[2].name_len = strlen(files[2].name);
  files[2].content = kBadRules;
  files[2].content_len = strlen(kBadRules);

  CHECK_STATUS(povmon_policy_load_from_files(&policy, files, 3, "mem", 3),
               POVMON_INVALID_ARGUMENT);
  CHECK(policy == NULL);
  /* The message lists both problems, one per line, file:line:col. */
  CHECK_CONTAINS(povmon_last_error(), "mem/rules.textproto:6:");
  CHECK_CONTAINS(povmon_last_error(), "category.marginal");
  CHECK_CONTAINS(
      povmon_last_error(),
      "mem/rules.textproto:9:1: rule \"risk.illness\" has no citation");
  /* ...and as records. */
  CHECK_STATUS(povmon_last_problems_json(&problems, &len), POVMON_OK);
  CHECK(len == strlen(problems));
  CHECK(problems[0] == '[' && problems[len - 1] == ']');
  CHECK_CONTAINS(problems,
                 "{\"file\":\"mem/rules.textproto\",\"line\":6,\"column\":");
  CHECK_CONTAINS(problems,
                 "{\"file\":\"mem/rules.textproto\",\"line\":9,\"column\":1,"
                 "\"message\":\"rule \\\"risk.illness\\\" has no citation\"}");
  povmon_free(problems);
  /* Reading the problems is not a failure: the last error is unchanged. */
  CHECK_CONTAINS(povmon_last_error(), "has no citation");
}

static void test_load_from_files_rejects_bad_arguments(void) {
  povmon_file files[2];
  povmon_policy* policy = NULL;
  memset(files, 0, sizeof files);
  files[0].name = "pack.textproto";
  files[0].name_len = strlen(files[0].name);
  files[0].content = kBadPack;
  files[0].content_len = strlen(kBadPack);
  files[1] = files[0];

  CHECK_STATUS(povmon_policy_load_from_files(NULL, files, 1, NULL, 0),
               POVMON_INVALID_ARGUMENT);
  CHECK_STATUS(povmon_policy_load_from_files(&policy, NULL, 2, NULL, 0),
               POVMON_INVALID_ARGUMENT);
  CHECK_STREQ(
      povmon_last_error(),
      "povmon_policy_load_from_files: files is NULL but file_count is 2");
  CHECK_STATUS(povmon_policy_load_from_files(&policy, files, 2, NULL, 0),
               POVMON_INVALID_ARGUMENT);
  CHECK_CONTAINS(povmon_last_error(),
                 "\"pack.textproto\" is given twice (files[1])");
  CHECK_STATUS(povmon_policy_load_from_files(&policy, files, 1, NULL, 4),
               POVMON_INVALID_ARGUMENT);
  CHECK_CONTAINS(povmon_last_error(), "label is NULL but its length is 4");
  files[1].name = "";
  files[1].name_len = 0;
  CHECK_STATUS(povmon_policy_load_from_files(&policy, files, 2, NULL, 0),
               POVMON_INVALID_ARGUMENT);
  CHECK_STREQ(povmon_last_error(),
              "povmon_policy_load_from_files: files[1].name is empty");
  files[1].name = "rules.textproto";
  files[1].name_len = strlen(files[1].name);
  files[1].content = "rule { id: \"\xe4\xb8\" }";
  files[1].content_len = strlen(files[1].content);
  CHECK_STATUS(povmon_policy_load_from_files(&policy, files, 2, NULL, 0),
               POVMON_INVALID_ARGUMENT);
  CHECK_STREQ(
      povmon_last_error(),
      "povmon_policy_load_from_files: files[1].content (rules.textproto) is "
      "not valid UTF-8");
  files[1].content = NULL;
  files[1].content_len = 1;
  CHECK_STATUS(povmon_policy_load_from_files(&policy, files, 2, NULL, 0),
               POVMON_INVALID_ARGUMENT);
  CHECK(policy == NULL);
  /* No files at all: the pack has no pack.textproto. */
  CHECK(povmon_policy_load_from_files(&policy, NULL, 0, NULL, 0) != POVMON_OK);
  CHECK_CONTAINS(povmon_last_error(), "pack.textproto");
  CHECK(policy == NULL);
}

/* The Hunan pack read into memory (every file of its folder) loads to the
 * same pack, with the same revision. */
static void test_load_from_files_matches_load_from_directory(void) {
  povmon_file files[64];
  char* names[64];
  char* contents[64];
  char path[1024];
  size_t count = 0, i, len;
  DIR* dir = opendir(HUNAN_PACK);
  struct dirent* entry;
  povmon_policy* from_dir = load_hunan();
  povmon_policy* from_memory = NULL;
  char* revision_dir = NULL;
  char* revision_memory = NULL;
  char* id = NULL;
  REQUIRE(dir != NULL);
  while ((entry = readdir(dir)) != NULL) {
    struct stat info;
    snprintf(path, sizeof path, "%s/%s", HUNAN_PACK, entry->d_name);
    if (stat(path, &info) != 0 || !S_ISREG(info.st_mode)) continue;
    REQUIRE(count < 64);
    names[count] = strdup(entry->d_name);
    contents[count] = read_file(path, &len);
    files[count].name = names[count];
    files[count].name_len = strlen(names[count]);
    files[count].content = contents[count];
    files[count].content_len = len;
    ++count;
  }
  closedir(dir);
  CHECK(count >= 3);
  CHECK_STATUS(
      povmon_policy_load_from_files(&from_memory, files, count, "hunan", 5),
      POVMON_OK);
  REQUIRE(from_memory != NULL);
  /* The library copied what it needs. */
  for (i = 0; i < count; ++i) {
    memset(contents[i], 'x', files[i].content_len);
    free(contents[i]);
    free(names[i]);
  }
  CHECK_STATUS(povmon_policy_id(&id, &len, from_memory), POVMON_OK);
  CHECK_STREQ(id, "hunan-2024");
  CHECK_STATUS(povmon_policy_revision(&revision_dir, &len, from_dir),
               POVMON_OK);
  CHECK_STATUS(povmon_policy_revision(&revision_memory, &len, from_memory),
               POVMON_OK);
  CHECK_STREQ(revision_memory, revision_dir);
  povmon_free(id);
  povmon_free(revision_dir);
  povmon_free(revision_memory);
  povmon_policy_destroy(from_dir);
  povmon_policy_destroy(from_memory);
}

/* ---------------------------------------------------------------- evaluator */

static void test_evaluator_create_rejects_null(void) {
  povmon_policy* policy = load_hunan();
  povmon_evaluator* evaluator = (povmon_evaluator*)SENTINEL;
  CHECK_STATUS(povmon_evaluator_create(&evaluator, NULL),
               POVMON_INVALID_ARGUMENT);
  CHECK(evaluator == NULL);
  CHECK_STREQ(povmon_last_error(),
              "povmon_evaluator_create: out and policy must not be NULL");
  CHECK_STATUS(povmon_evaluator_create(NULL, policy), POVMON_INVALID_ARGUMENT);
  povmon_policy_destroy(policy);
}

/* Plan 4 §2(二)①: the decision names the category, the figures and the
 * rules that fired with their citations. */
static void test_evaluate_json_decides_an_unstable_lifted_out_household(void) {
  povmon_policy* policy = load_hunan();
  povmon_options* options = make_options(TEST_AS_OF, POVMON_TRACE_RULES);
  povmon_evaluator* evaluator = NULL;
  char* decision;
  char* revision = NULL;
  char expected_revision[128];
  size_t len;
  REQUIRE(povmon_evaluator_create(&evaluator, policy) == POVMON_OK);
  decision = evaluate_json(evaluator, options, UNSTABLE_JSON);
  REQUIRE(decision != NULL);
  CHECK(strchr(decision, '\n') == NULL); /* one line */
  CHECK_CONTAINS(decision, "\"household_id\":\"hn-unstable\"");
  CHECK_CONTAINS(decision, "\"pack_id\":\"hunan-2024\"");
  CHECK_CONTAINS(decision, "\"as_of\":\"2024-07-01\"");
  CHECK_CONTAINS(decision, "\"category\":\"CATEGORY_UNSTABLE_LIFTED_OUT\"");
  CHECK_CONTAINS(decision,
                 "\"category_rule_id\":\"p4.category.unstable_lifted_out\"");
  CHECK_CONTAINS(decision, "\"risk_types\":[\"RISK_TYPE_ILLNESS\"]");
  CHECK_CONTAINS(decision, "\"net_income_fen\":\"1800000\"");
  CHECK_CONTAINS(decision, "\"counted_members\":3");
  CHECK_CONTAINS(decision, "\"per_capita_net_income_fen\":\"600000\"");
  CHECK_CONTAINS(decision, "\"rule_id\":\"p4.risk.illness\"");
  CHECK_CONTAINS(decision, "\"citation\":\"Plan 4 §2(二)①\"");
  CHECK_CONTAINS(decision, "\"trace_version\":\"1\"");
  REQUIRE(povmon_policy_revision(&revision, &len, policy) == POVMON_OK);
  snprintf(expected_revision, sizeof expected_revision,
           "\"pack_revision\":\"%s\"", revision);
  CHECK_CONTAINS(decision, expected_revision);
  povmon_free(revision);
  povmon_free(decision);

  /* Plan 4 §2(二)②, with the same evaluator. */
  decision = evaluate_json(evaluator, options, MARGINAL_JSON);
  CHECK_CONTAINS(decision, "\"category\":\"CATEGORY_MARGINAL_AT_RISK\"");
  CHECK_CONTAINS(decision, "\"per_capita_net_income_fen\":\"550000\"");
  CHECK_CONTAINS(decision, "\"rule_id\":\"p4.risk.unsafe_housing\"");
  CHECK_NOT_CONTAINS(decision, "p4.category.unstable_lifted_out");
  povmon_free(decision);
  povmon_evaluator_destroy(evaluator);
  povmon_options_destroy(options);
  povmon_policy_destroy(policy);
}

/* Protobuf bytes in and out give the same decision as JSON. */
static void test_evaluate_proto_matches_json(void) {
  povmon_policy* policy = load_hunan();
  povmon_options* options = make_options(TEST_AS_OF, POVMON_TRACE_FULL);
  povmon_evaluator* evaluator = NULL;
  wire_buffer household;
  char *json_to_json, *proto_to_json, *json_to_proto, *proto_to_proto;
  size_t json_len = 0, proto_len = 0, len = 0;
  int status = 0;
  REQUIRE(povmon_evaluator_create(&evaluator, policy) == POVMON_OK);
  marginal_household_proto(&household);

  json_to_json =
      evaluate(evaluator, options, POVMON_FORMAT_JSON, MARGINAL_JSON,
               strlen(MARGINAL_JSON), POVMON_FORMAT_JSON, &json_len, &status);
  CHECK_STATUS(status, POVMON_OK);
  proto_to_json =
      evaluate(evaluator, options, POVMON_FORMAT_PROTO, household.data,
               household.len, POVMON_FORMAT_JSON, &len, &status);
  CHECK_STATUS(status, POVMON_OK);
  CHECK_STREQ(proto_to_json, json_to_json);
  CHECK_CONTAINS(proto_to_json, "\"category\":\"CATEGORY_MARGINAL_AT_RISK\"");

  json_to_proto =
      evaluate(evaluator, options, POVMON_FORMAT_JSON, MARGINAL_JSON,
               strlen(MARGINAL_JSON), POVMON_FORMAT_PROTO, &proto_len, &status);
  CHECK_STATUS(status, POVMON_OK);
  proto_to_proto =
      evaluate(evaluator, options, POVMON_FORMAT_PROTO, household.data,
               household.len, POVMON_FORMAT_PROTO, &len, &status);
  CHECK_STATUS(status, POVMON_OK);
  REQUIRE(json_to_proto != NULL && proto_to_proto != NULL);
  CHECK(len == proto_len);
  CHECK(memcmp(json_to_proto, proto_to_proto, len) == 0);
  /* Decision field 1, household_id, comes first on the wire. */
  CHECK(proto_len > 13);
  CHECK(json_to_proto[0] == 0x0A && json_to_proto[1] == 11);
  CHECK(memcmp(json_to_proto + 2, "hn-marginal", 11) == 0);

  povmon_free(json_to_json);
  povmon_free(proto_to_json);
  povmon_free(json_to_proto);
  povmon_free(proto_to_proto);
  povmon_evaluator_destroy(evaluator);
  povmon_options_destroy(options);
  povmon_policy_destroy(policy);
}

/* Trace levels: off writes no trace, rules the fired rules, full every rule
 * with the values it compared. */
static void test_trace_levels(void) {
  povmon_policy* policy = load_hunan();
  povmon_options* off = make_options(TEST_AS_OF, POVMON_TRACE_OFF);
  povmon_options* rules = make_options(TEST_AS_OF, POVMON_TRACE_RULES);
  povmon_options* full = make_options(TEST_AS_OF, POVMON_TRACE_FULL);
  povmon_options* defaults = NULL;
  povmon_evaluator* evaluator = NULL;
  char *d_off, *d_rules, *d_full, *d_default;
  REQUIRE(povmon_evaluator_create(&evaluator, policy) == POVMON_OK);
  REQUIRE(povmon_options_create(&defaults) == POVMON_OK);
  REQUIRE(povmon_options_set_as_of(defaults, TEST_AS_OF, 10) == POVMON_OK);
  d_off = evaluate_json(evaluator, off, UNSTABLE_JSON);
  d_rules = evaluate_json(evaluator, rules, UNSTABLE_JSON);
  d_full = evaluate_json(evaluator, full, UNSTABLE_JSON);
  d_default = evaluate_json(evaluator, defaults, UNSTABLE_JSON);
  REQUIRE(d_off && d_rules && d_full && d_default);
  /* The decision itself does not depend on the trace level. */
  CHECK_CONTAINS(d_off, "\"category\":\"CATEGORY_UNSTABLE_LIFTED_OUT\"");
  CHECK_NOT_CONTAINS(d_off, "\"trace\":");
  CHECK_CONTAINS(d_rules, "\"trace\":[");
  CHECK_CONTAINS(d_rules, "\"rule_id\":\"p4.category.unstable_lifted_out\"");
  CHECK_NOT_CONTAINS(d_rules, "\"compared\"");
  CHECK_CONTAINS(d_full, "\"compared\":[");
  /* A rule that did not fire appears only in the full trace. */
  CHECK_CONTAINS(d_full, "\"rule_id\":\"p4.risk.unsafe_housing\"");
  CHECK_NOT_CONTAINS(d_rules, "\"rule_id\":\"p4.risk.unsafe_housing\"");
  CHECK(strlen(d_full) > strlen(d_rules));
  CHECK_STREQ(d_default, d_rules); /* POVMON_TRACE_RULES is the default */
  povmon_free(d_off);
  povmon_free(d_rules);
  povmon_free(d_full);
  povmon_free(d_default);
  povmon_evaluator_destroy(evaluator);
  povmon_options_destroy(off);
  povmon_options_destroy(rules);
  povmon_options_destroy(full);
  povmon_options_destroy(defaults);
  povmon_policy_destroy(policy);
}

static void test_evaluate_rejects_bad_calls(void) {
  povmon_policy* policy = load_hunan();
  povmon_options* options = make_options(TEST_AS_OF, POVMON_TRACE_RULES);
  povmon_options* no_date = NULL;
  povmon_evaluator* evaluator = NULL;
  void* out = SENTINEL;
  size_t len = 3;
  const char* json = MARGINAL_JSON;
  size_t json_len = strlen(json);
  REQUIRE(povmon_evaluator_create(&evaluator, policy) == POVMON_OK);
  REQUIRE(povmon_options_create(&no_date) == POVMON_OK);

  CHECK_STATUS(
      povmon_evaluate(NULL, &len, evaluator, options, POVMON_FORMAT_JSON, json,
                      json_len, POVMON_FORMAT_JSON),
      POVMON_INVALID_ARGUMENT);
  CHECK(len == 0);
  CHECK_STREQ(
      povmon_last_error(),
      "povmon_evaluate: out, out_len, evaluator and options must not be NULL");
  CHECK_STATUS(
      povmon_evaluate(&out, NULL, evaluator, options, POVMON_FORMAT_JSON, json,
                      json_len, POVMON_FORMAT_JSON),
      POVMON_INVALID_ARGUMENT);
  CHECK(out == NULL);
  CHECK_STATUS(povmon_evaluate(&out, &len, NULL, options, POVMON_FORMAT_JSON,
                               json, json_len, POVMON_FORMAT_JSON),
               POVMON_INVALID_ARGUMENT);
  CHECK_STATUS(povmon_evaluate(&out, &len, evaluator, NULL, POVMON_FORMAT_JSON,
                               json, json_len, POVMON_FORMAT_JSON),
               POVMON_INVALID_ARGUMENT);
  CHECK_STATUS(povmon_evaluate(&out, &len, evaluator, options, 0, json,
                               json_len, POVMON_FORMAT_JSON),
               POVMON_INVALID_ARGUMENT);
  CHECK_STREQ(
      povmon_last_error(),
      "povmon_evaluate: input_format is 0; expected POVMON_FORMAT_PROTO (1) "
      "or POVMON_FORMAT_JSON (2)");
  CHECK_STATUS(povmon_evaluate(&out, &len, evaluator, options,
                               POVMON_FORMAT_JSON, json, json_len, 7),
               POVMON_INVALID_ARGUMENT);
  CHECK_CONTAINS(povmon_last_error(), "output_format is 7");
  CHECK_STATUS(
      povmon_evaluate(&out, &len, evaluator, options, POVMON_FORMAT_JSON, NULL,
                      12, POVMON_FORMAT_JSON),
      POVMON_INVALID_ARGUMENT);
  CHECK_STREQ(povmon_last_error(),
              "povmon_evaluate: input is NULL but its length is 12");
  CHECK_STATUS(
      povmon_evaluate(&out, &len, evaluator, no_date, POVMON_FORMAT_JSON, json,
                      json_len, POVMON_FORMAT_JSON),
      POVMON_INVALID_ARGUMENT);
  CHECK_STREQ(povmon_last_error(),
              "povmon_evaluate: the options have no as-of date (set one with "
              "povmon_options_set_as_of)");
  CHECK(out == NULL && len == 0);

  povmon_evaluator_destroy(evaluator);
  povmon_options_destroy(options);
  povmon_options_destroy(no_date);
  povmon_policy_destroy(policy);
}

static void test_evaluate_rejects_bad_households(void) {
  povmon_policy* policy = load_hunan();
  povmon_options* options = make_options(TEST_AS_OF, POVMON_TRACE_RULES);
  povmon_options* late = make_options("2025-01-01", POVMON_TRACE_RULES);
  povmon_evaluator* evaluator = NULL;
  int status = 0;
  char* out;
  const char* truncated = "{\"id\":\"x\",\"members\":[";
  const char* not_utf8 = "{\"id\":\"\xc0\xaf\"}";
  const char* bad_date =
      "{\"id\":\"bad-date\",\"members\":[{\"id\":\"a\",\"registered\":true,"
      "\"birth_date\":\"2024-02-30\"}]}";
  const char* unknown_field = "{\"id\":\"x\",\"annual_income_yuan\":5}";
  const char* no_members = "{\"id\":\"empty\"}";
  const unsigned char garbage[] = {0x0A, 0x7F, 0x01};
  REQUIRE(povmon_evaluator_create(&evaluator, policy) == POVMON_OK);

  out = evaluate(evaluator, options, POVMON_FORMAT_JSON, truncated,
                 strlen(truncated), POVMON_FORMAT_JSON, NULL, &status);
  CHECK(out == NULL);
  CHECK_STATUS(status, POVMON_INVALID_ARGUMENT);
  out = evaluate(evaluator, options, POVMON_FORMAT_JSON, "", 0,
                 POVMON_FORMAT_JSON, NULL, &status);
  CHECK_STATUS(status, POVMON_INVALID_ARGUMENT);
  CHECK_STREQ(povmon_last_error(), "input is empty, not a household in JSON");
  out = evaluate(evaluator, options, POVMON_FORMAT_JSON, not_utf8,
                 strlen(not_utf8), POVMON_FORMAT_JSON, NULL, &status);
  CHECK_STATUS(status, POVMON_INVALID_ARGUMENT);
  CHECK_STREQ(povmon_last_error(), "input is not valid UTF-8");
  out = evaluate(evaluator, options, POVMON_FORMAT_JSON, bad_date,
                 strlen(bad_date), POVMON_FORMAT_JSON, NULL, &status);
  CHECK_STATUS(status, POVMON_INVALID_ARGUMENT);
  CHECK_STREQ(
      povmon_last_error(),
      "members[0].birth_date: \"2024-02-30\" is not a valid date (YYYY-MM-DD)");
  out = evaluate(evaluator, options, POVMON_FORMAT_JSON, unknown_field,
                 strlen(unknown_field), POVMON_FORMAT_JSON, NULL, &status);
  CHECK_STATUS(status, POVMON_INVALID_ARGUMENT);
  CHECK_CONTAINS(povmon_last_error(), "annual_income_yuan");
  out = evaluate(evaluator, options, POVMON_FORMAT_JSON, no_members,
                 strlen(no_members), POVMON_FORMAT_JSON, NULL, &status);
  CHECK_STATUS(status, POVMON_INVALID_ARGUMENT);
  CHECK_CONTAINS(povmon_last_error(), "no counted members");
  out = evaluate(evaluator, options, POVMON_FORMAT_PROTO, garbage,
                 sizeof garbage, POVMON_FORMAT_JSON, NULL, &status);
  CHECK_STATUS(status, POVMON_INVALID_ARGUMENT);
  CHECK_STREQ(povmon_last_error(),
              "input is not a serialized povmon.v1.Household");
  /* Outside the pack's dates (2024-01-01 to 2024-12-31). */
  out = evaluate(evaluator, late, POVMON_FORMAT_JSON, MARGINAL_JSON,
                 strlen(MARGINAL_JSON), POVMON_FORMAT_JSON, NULL, &status);
  CHECK_STATUS(status, POVMON_OUT_OF_RANGE);
  CHECK_STREQ(povmon_last_error(),
              "as-of date 2025-01-01 is outside the dates of pack hunan-2024 "
              "(2024-01-01 to 2024-12-31)");
  /* After all that, the evaluator still decides correctly. */
  out = evaluate_json(evaluator, options, MARGINAL_JSON);
  CHECK_CONTAINS(out, "\"category\":\"CATEGORY_MARGINAL_AT_RISK\"");
  povmon_free(out);

  povmon_evaluator_destroy(evaluator);
  povmon_options_destroy(options);
  povmon_options_destroy(late);
  povmon_policy_destroy(policy);
}

/* A proto household with a malformed date field is caught like JSON's. */
static void test_evaluate_proto_validates_dates(void) {
  povmon_policy* policy = load_hunan();
  povmon_options* options = make_options(TEST_AS_OF, POVMON_TRACE_RULES);
  povmon_evaluator* evaluator = NULL;
  wire_buffer household;
  wire_buffer income;
  int status = 0;
  REQUIRE(povmon_evaluator_create(&evaluator, policy) == POVMON_OK);
  marginal_household_proto(&household);
  income.len = 0;
  wire_string(&income, 1, "2024-13-01");
  wire_bytes(&household, 6, income.data, income.len);
  CHECK(evaluate(evaluator, options, POVMON_FORMAT_PROTO, household.data,
                 household.len, POVMON_FORMAT_PROTO, NULL, &status) == NULL);
  CHECK_STATUS(status, POVMON_INVALID_ARGUMENT);
  CHECK_STREQ(
      povmon_last_error(),
      "income[1].date: \"2024-13-01\" is not a valid date (YYYY-MM-DD)");
  povmon_evaluator_destroy(evaluator);
  povmon_options_destroy(options);
  povmon_policy_destroy(policy);
}

/* The view variant gives the same bytes, owned by the evaluator. */
static void test_evaluate_view_reuses_the_evaluator_buffer(void) {
  povmon_policy* policy = load_hunan();
  povmon_options* options = make_options(TEST_AS_OF, POVMON_TRACE_RULES);
  povmon_evaluator* evaluator = NULL;
  const void* view = SENTINEL;
  size_t view_len = 0;
  char* owned;
  REQUIRE(povmon_evaluator_create(&evaluator, policy) == POVMON_OK);
  owned = evaluate_json(evaluator, options, UNSTABLE_JSON);
  CHECK_STATUS(povmon_evaluate_view(&view, &view_len, evaluator, options,
                                    POVMON_FORMAT_JSON, UNSTABLE_JSON,
                                    strlen(UNSTABLE_JSON), POVMON_FORMAT_JSON),
               POVMON_OK);
  REQUIRE(view != NULL && owned != NULL);
  CHECK(view_len == strlen(owned));
  CHECK(memcmp(view, owned, view_len) == 0);
  CHECK(((const char*)view)[view_len] == '\0');
  CHECK_STATUS(povmon_evaluate_view(&view, &view_len, evaluator, NULL,
                                    POVMON_FORMAT_JSON, UNSTABLE_JSON,
                                    strlen(UNSTABLE_JSON), POVMON_FORMAT_JSON),
               POVMON_INVALID_ARGUMENT);
  CHECK(view == NULL && view_len == 0);
  CHECK_STREQ(
      povmon_last_error(),
      "povmon_evaluate_view: out, out_len, evaluator and options must not be "
      "NULL");
  povmon_free(owned);
  povmon_evaluator_destroy(evaluator);
  povmon_options_destroy(options);
  povmon_policy_destroy(policy);
}

/* ---------------------------------------------------------------- batch */

/* One result per record, in order; blank lines are not records; bad
 * records get an error object in their slot. */
static void test_batch_json_gives_one_result_per_record(void) {
  povmon_policy* policy = load_hunan();
  povmon_options* options = make_options(TEST_AS_OF, POVMON_TRACE_RULES);
  povmon_evaluator* evaluator = NULL;
  void* out = SENTINEL;
  size_t len = 0;
  char* line;
  const char* input = UNSTABLE_JSON
      "\n"                                 /* line 1 */
      "\n"                                 /* 2: blank */
      "{\"id\":\"broken\",\"members\":[\n" /* 3 */
      "{\"id\":\"bad-date\",\"members\":[{\"id\":\"a\",\"registered\":true,"
      "\"birth_date\":\"2024-02-30\"}]}\r\n" /* 4, CRLF */
      "  \t \n"                              /* 5: blank */
      "{\"id\":\"\xff\"}\n"                  /* 6 */
      MARGINAL_JSON;                         /* 7, no \n */
  REQUIRE(povmon_evaluator_create(&evaluator, policy) == POVMON_OK);
  CHECK_STATUS(
      povmon_evaluate_batch(&out, &len, evaluator, options, POVMON_FORMAT_JSON,
                            input, strlen(input), POVMON_FORMAT_JSON),
      POVMON_OK);
  REQUIRE(out != NULL);
  CHECK(len == strlen((char*)out));
  CHECK(count_lines((char*)out, len) == 5);
  CHECK(((char*)out)[len - 1] == '\n');

  line = line_of((char*)out, 0);
  CHECK_CONTAINS(line, "{\"household_id\":\"hn-unstable\"");
  CHECK_CONTAINS(line, "\"category\":\"CATEGORY_UNSTABLE_LIFTED_OUT\"");
  CHECK_NOT_CONTAINS(line, "\"error\"");
  free(line);
  line = line_of((char*)out, 1);
  /* Malformed JSON still names its household when the id can be read. */
  CHECK_CONTAINS(line,
                 "{\"index\":1,\"line\":3,\"household_id\":\"broken\","
                 "\"error\":{\"code\":3,\"status\":\"INVALID_ARGUMENT\","
                 "\"message\":\"malformed JSON: ");
  free(line);
  line = line_of((char*)out, 2);
  CHECK_STREQ(
      line,
      "{\"index\":2,\"line\":4,\"household_id\":\"bad-date\",\"error\":{"
      "\"code\":3,\"status\":\"INVALID_ARGUMENT\","
      "\"field\":\"members[0].birth_date\",\"message\":"
      "\"members[0].birth_date: \\\"2024-02-30\\\" is not a valid date "
      "(YYYY-MM-DD)\"}}");
  free(line);
  line = line_of((char*)out, 3);
  CHECK_STREQ(
      line,
      "{\"index\":3,\"line\":6,\"error\":{\"code\":3,\"status\":"
      "\"INVALID_ARGUMENT\",\"message\":\"input is not valid UTF-8\"}}");
  free(line);
  line = line_of((char*)out, 4);
  CHECK_CONTAINS(line, "{\"household_id\":\"hn-marginal\"");
  CHECK_CONTAINS(line, "\"category\":\"CATEGORY_MARGINAL_AT_RISK\"");
  free(line);
  povmon_free(out);

  /* Empty input, empty output. */
  CHECK_STATUS(
      povmon_evaluate_batch(&out, &len, evaluator, options, POVMON_FORMAT_JSON,
                            "", 0, POVMON_FORMAT_JSON),
      POVMON_OK);
  CHECK(len == 0 && out != NULL && ((char*)out)[0] == '\0');
  povmon_free(out);
  /* Call-level errors fail the whole call. */
  CHECK_STATUS(
      povmon_evaluate_batch(&out, &len, evaluator, options, POVMON_FORMAT_JSON,
                            NULL, 5, POVMON_FORMAT_JSON),
      POVMON_INVALID_ARGUMENT);
  CHECK(out == NULL && len == 0);
  CHECK_STATUS(povmon_evaluate_batch(&out, &len, evaluator, options, 3, "x", 1,
                                     POVMON_FORMAT_JSON),
               POVMON_INVALID_ARGUMENT);
  CHECK_STREQ(
      povmon_last_error(),
      "povmon_evaluate_batch: input_format is 3; expected POVMON_FORMAT_PROTO "
      "(1) or POVMON_FORMAT_JSON (2)");
  povmon_evaluator_destroy(evaluator);
  povmon_options_destroy(options);
  povmon_policy_destroy(policy);
}

/* Delimited protobuf in, framed results out; broken framing is DATA_LOSS. */
static void test_batch_proto_framing(void) {
  povmon_policy* policy = load_hunan();
  povmon_options* options = make_options(TEST_AS_OF, POVMON_TRACE_RULES);
  povmon_evaluator* evaluator = NULL;
  wire_buffer household;
  unsigned char input[4096];
  size_t input_len = 0;
  void* out = NULL;
  size_t len = 0, offset = 0;
  uint64_t code = 99, size = 0;
  unsigned char* single = NULL;
  size_t single_len = 0;
  int status = 0;
  const unsigned char garbage[] = {0x0A, 0x7F, 0x01};
  REQUIRE(povmon_evaluator_create(&evaluator, policy) == POVMON_OK);
  marginal_household_proto(&household);
  single = (unsigned char*)evaluate(evaluator, options, POVMON_FORMAT_PROTO,
                                    household.data, household.len,
                                    POVMON_FORMAT_PROTO, &single_len, &status);
  REQUIRE(single != NULL);

  /* record 0: the household; record 1: garbage; record 2: the household. */
  input[input_len++] = (unsigned char)household.len; /* < 128: one byte */
  memcpy(input + input_len, household.data, household.len);
  input_len += household.len;
  input[input_len++] = sizeof garbage;
  memcpy(input + input_len, garbage, sizeof garbage);
  input_len += sizeof garbage;
  input[input_len++] = (unsigned char)household.len;
  memcpy(input + input_len, household.data, household.len);
  input_len += household.len;
  REQUIRE(household.len < 128);

  CHECK_STATUS(
      povmon_evaluate_batch(&out, &len, evaluator, options, POVMON_FORMAT_PROTO,
                            input, input_len, POVMON_FORMAT_PROTO),
      POVMON_OK);
  REQUIRE(out != NULL);
  /* record 0 */
  CHECK(read_varint((unsigned char*)out, len, &offset, &code) && code == 0);
  CHECK(read_varint((unsigned char*)out, len, &offset, &size) &&
        size == single_len);
  CHECK(memcmp((unsigned char*)out + offset, single, single_len) == 0);
  offset += (size_t)size;
  /* record 1 */
  CHECK(read_varint((unsigned char*)out, len, &offset, &code) &&
        code == POVMON_INVALID_ARGUMENT);
  CHECK(read_varint((unsigned char*)out, len, &offset, &size));
  CHECK(size == strlen("input is not a serialized povmon.v1.Household"));
  CHECK(memcmp((unsigned char*)out + offset,
               "input is not a serialized povmon.v1.Household",
               (size_t)size) == 0);
  offset += (size_t)size;
  /* record 2 */
  CHECK(read_varint((unsigned char*)out, len, &offset, &code) && code == 0);
  CHECK(read_varint((unsigned char*)out, len, &offset, &size) &&
        size == single_len);
  CHECK(memcmp((unsigned char*)out + offset, single, single_len) == 0);
  offset += (size_t)size;
  CHECK(offset == len);
  povmon_free(out);

  /* Proto in, JSON Lines out. */
  CHECK_STATUS(
      povmon_evaluate_batch(&out, &len, evaluator, options, POVMON_FORMAT_PROTO,
                            input, input_len, POVMON_FORMAT_JSON),
      POVMON_OK);
  CHECK(count_lines((char*)out, len) == 3);
  CHECK_CONTAINS(
      (char*)out,
      "{\"index\":1,\"error\":{\"code\":3,\"status\":\"INVALID_ARGUMENT\","
      "\"message\":\"input is not a serialized povmon.v1.Household\"}}\n");
  povmon_free(out);

  /* A length prefix running past the end: the framing is lost. */
  input[input_len++] = 50;
  input[input_len++] = 0x0A;
  CHECK_STATUS(
      povmon_evaluate_batch(&out, &len, evaluator, options, POVMON_FORMAT_PROTO,
                            input, input_len, POVMON_FORMAT_PROTO),
      POVMON_DATA_LOSS);
  CHECK(out == NULL && len == 0);
  {
    char expected[256];
    snprintf(
        expected, sizeof expected,
        "povmon_evaluate_batch: the length prefix of record 3 at byte %lu runs "
        "past the end of the input (%lu bytes)",
        (unsigned long)(input_len - 2), (unsigned long)input_len);
    CHECK_STREQ(povmon_last_error(), expected);
  }
  povmon_free(single);
  povmon_evaluator_destroy(evaluator);
  povmon_options_destroy(options);
  povmon_policy_destroy(policy);
}

/* The shipped example households: one output line per input line. */
static void test_batch_of_the_example_households(void) {
  povmon_policy* policy = load_hunan();
  povmon_options* options = make_options("2024-11-30", POVMON_TRACE_RULES);
  povmon_evaluator* evaluator = NULL;
  size_t input_len = 0, len = 0;
  char* input = read_file(POVMON_SOURCE_DIR "/examples/households/hunan.jsonl",
                          &input_len);
  void* out = NULL;
  int records = 0;
  const char* p;
  REQUIRE(povmon_evaluator_create(&evaluator, policy) == POVMON_OK);
  for (p = input; *p != '\0';) {
    const char* end = strchr(p, '\n');
    if (end == NULL) end = p + strlen(p);
    if (end > p) ++records;
    p = *end == '\0' ? end : end + 1;
  }
  CHECK(records > 10);
  CHECK_STATUS(
      povmon_evaluate_batch(&out, &len, evaluator, options, POVMON_FORMAT_JSON,
                            input, input_len, POVMON_FORMAT_JSON),
      POVMON_OK);
  CHECK(count_lines((char*)out, len) == records);
  CHECK_CONTAINS((char*)out,
                 "\"household_id\":\"hn-001-unstable-serious-illness\"");
  povmon_free(out);
  free(input);
  povmon_evaluator_destroy(evaluator);
  povmon_options_destroy(options);
  povmon_policy_destroy(policy);
}

/* ---------------------------------------------------------------- explain */

static void test_explain_cites_the_rules(void) {
  povmon_policy* policy = load_hunan();
  povmon_options* options = make_options(TEST_AS_OF, POVMON_TRACE_RULES);
  povmon_evaluator* evaluator = NULL;
  char* decision_json;
  char* decision_proto;
  size_t proto_len = 0;
  char* text = (char*)SENTINEL;
  char* from_proto = NULL;
  size_t len = 0;
  int status = 0;
  char* tampered;
  char* at;
  REQUIRE(povmon_evaluator_create(&evaluator, policy) == POVMON_OK);
  decision_json = evaluate_json(evaluator, options, UNSTABLE_JSON);
  decision_proto =
      evaluate(evaluator, options, POVMON_FORMAT_JSON, UNSTABLE_JSON,
               strlen(UNSTABLE_JSON), POVMON_FORMAT_PROTO, &proto_len, &status);
  REQUIRE(decision_json != NULL && decision_proto != NULL);

  CHECK_STATUS(povmon_policy_explain(&text, &len, policy, POVMON_FORMAT_JSON,
                                     decision_json, strlen(decision_json)),
               POVMON_OK);
  CHECK(len == strlen(text));
  CHECK_CONTAINS(text, "Household hn-unstable");
  CHECK_CONTAINS(text, "pack hunan-2024");
  CHECK_CONTAINS(text, "人均纯收入 per-capita net income 6,000.00");
  CHECK_CONTAINS(text,
                 "结论 Decision: 脱贫不稳定户 — unstable lifted-out household");
  CHECK_CONTAINS(text, "rule p4.category.unstable_lifted_out (Plan 4 §2(二)①)");
  CHECK_CONTAINS(text, "RISK_TYPE_ILLNESS");
  CHECK_STATUS(
      povmon_policy_explain(&from_proto, &len, policy, POVMON_FORMAT_PROTO,
                            decision_proto, proto_len),
      POVMON_OK);
  CHECK_STREQ(from_proto, text);
  povmon_free(text);
  povmon_free(from_proto);

  /* A decision made under another revision of the pack. */
  tampered = strdup(decision_json);
  at = strstr(tampered, "\"pack_revision\":\"");
  REQUIRE(at != NULL);
  at += strlen("\"pack_revision\":\"");
  *at = *at == '0' ? '1' : '0';
  CHECK_STATUS(povmon_policy_explain(&text, &len, policy, POVMON_FORMAT_JSON,
                                     tampered, strlen(tampered)),
               POVMON_FAILED_PRECONDITION);
  CHECK(text == NULL && len == 0);
  CHECK_CONTAINS(povmon_last_error(), "not by this policy");
  free(tampered);

  CHECK_STATUS(
      povmon_policy_explain(&text, &len, policy, POVMON_FORMAT_JSON, "{", 1),
      POVMON_INVALID_ARGUMENT);
  CHECK_CONTAINS(
      povmon_last_error(),
      "povmon_policy_explain: decision is not a povmon.v1.Decision in JSON");
  CHECK_STATUS(povmon_policy_explain(&text, &len, policy, POVMON_FORMAT_PROTO,
                                     "\x0a\x7f", 2),
               POVMON_INVALID_ARGUMENT);
  CHECK_STREQ(
      povmon_last_error(),
      "povmon_policy_explain: decision is not a serialized povmon.v1.Decision");
  CHECK_STATUS(
      povmon_policy_explain(&text, &len, NULL, POVMON_FORMAT_JSON, "{}", 2),
      POVMON_INVALID_ARGUMENT);
  CHECK_STATUS(povmon_policy_explain(&text, &len, policy, 9, "{}", 2),
               POVMON_INVALID_ARGUMENT);
  CHECK_STATUS(
      povmon_policy_explain(&text, &len, policy, POVMON_FORMAT_JSON, NULL, 2),
      POVMON_INVALID_ARGUMENT);
  povmon_free(decision_json);
  povmon_free(decision_proto);
  povmon_evaluator_destroy(evaluator);
  povmon_options_destroy(options);
  povmon_policy_destroy(policy);
}

/* ---------------------------------------------------------------- what-if */

/* Plan 4 §2(二)② with 6,800.00 per person: above the Hunan pack's
 * monitoring line of 6,500 (Plan 4 §2(三)), below 7,000. */
#define HOUSEHOLD_6800_JSON                                              \
  "{\"id\":\"hn-6800\",\"members\":["                                    \
  "{\"id\":\"m1\",\"relation\":\"RELATION_HEAD\",\"registered\":true,"   \
  "\"co_resident\":true,\"labour_capacity\":\"LABOUR_CAPACITY_FULL\"},"  \
  "{\"id\":\"m2\",\"relation\":\"RELATION_SPOUSE\",\"registered\":true," \
  "\"co_resident\":true,\"labour_capacity\":\"LABOUR_CAPACITY_FULL\"}]," \
  "\"income\":[{\"date\":\"2024-01-15\",\"kind\":\"INCOME_KIND_WAGE\","  \
  "\"amount_fen\":\"1360000\"}],"                                        \
  "\"housing\":\"HOUSING_SAFETY_UNSAFE\",\"water\":\"WATER_SAFETY_SAFE\"}"

/* povmon_policy_with_changes on `text`, expected to succeed. */
static povmon_policy* with_changes(const povmon_policy* policy,
                                   const char* text) {
  povmon_policy* variant = (povmon_policy*)SENTINEL;
  int status =
      povmon_policy_with_changes(&variant, policy, text, strlen(text));
  if (status != POVMON_OK) {
    fprintf(stderr, "povmon_policy_with_changes(\"%s\"): %s: %s\n", text,
            povmon_status_name(status), povmon_last_error());
    exit(1);
  }
  REQUIRE(variant != NULL && variant != SENTINEL);
  return variant;
}

/* A policy's string, read with `getter` (povmon_policy_revision...). */
static char* policy_string(int (*getter)(char**, size_t*, const povmon_policy*),
                           const povmon_policy* policy) {
  char* text = NULL;
  size_t len = 99;
  CHECK_STATUS(getter(&text, &len, policy), POVMON_OK);
  REQUIRE(text != NULL);
  CHECK(strlen(text) == len);
  return text;
}

/* The calling thread's load problems as JSON. */
static char* last_problems(void) {
  char* text = NULL;
  size_t len = 99;
  CHECK_STATUS(povmon_last_problems_json(&text, &len), POVMON_OK);
  REQUIRE(text != NULL);
  CHECK(strlen(text) == len);
  return text;
}

/* The household decided by `policy` as of `as_of`, as JSON. */
static char* decide_6800(const povmon_policy* policy, const char* as_of) {
  povmon_options* options = make_options(as_of, POVMON_TRACE_RULES);
  povmon_evaluator* evaluator = NULL;
  char* decision;
  REQUIRE(povmon_evaluator_create(&evaluator, policy) == POVMON_OK);
  decision = evaluate_json(evaluator, options, HOUSEHOLD_6800_JSON);
  REQUIRE(decision != NULL);
  povmon_evaluator_destroy(evaluator);
  povmon_options_destroy(options);
  return decision;
}

/* Plan 4 §2(三): a household below the monitoring line (strictly) with a
 * risk is monitored. "What if the line rises to 7,000?" brings the 6,800
 * household in; the pack itself still leaves it out. */
static void test_what_if_raising_the_line_to_7000_monitors_a_6800_household(
    void) {
  povmon_policy* pack = load_hunan();
  povmon_policy* what_if = with_changes(pack, "monitoring_line=7000");
  char* pack_revision = policy_string(povmon_policy_revision, pack);
  char* what_if_revision = policy_string(povmon_policy_revision, what_if);
  char* text;
  char* before;
  char* after;
  char expected[256];

  /* A success leaves no load problems behind. */
  text = last_problems();
  CHECK_STREQ(text, "[]");
  povmon_free(text);

  /* Its own revision; the same pack id and dates. */
  CHECK(strlen(what_if_revision) == 64);
  CHECK(strcmp(pack_revision, what_if_revision) != 0);
  text = policy_string(povmon_policy_id, what_if);
  CHECK_STREQ(text, "hunan-2024");
  povmon_free(text);
  text = policy_string(povmon_policy_valid_from, what_if);
  CHECK_STREQ(text, "2024-01-01");
  povmon_free(text);
  text = policy_string(povmon_policy_valid_until, what_if);
  CHECK_STREQ(text, "2024-12-31");
  povmon_free(text);

  /* Its changes read back; a pack as loaded has none. */
  text = policy_string(povmon_policy_changes, what_if);
  CHECK_STREQ(text, "monitoring_line=7000");
  povmon_free(text);
  text = policy_string(povmon_policy_changes, pack);
  CHECK_STREQ(text, "");
  povmon_free(text);

  before = decide_6800(pack, "2024-11-30");
  after = decide_6800(what_if, "2024-11-30");
  CHECK_CONTAINS(before, "\"per_capita_net_income_fen\":\"680000\"");
  CHECK_CONTAINS(before, "\"category\":\"CATEGORY_NONE\"");
  CHECK_NOT_CONTAINS(before, "what_if");
  CHECK_CONTAINS(after, "\"per_capita_net_income_fen\":\"680000\"");
  CHECK_CONTAINS(after, "\"category\":\"CATEGORY_MARGINAL_AT_RISK\"");
  CHECK_CONTAINS(after, "\"what_if\":[\"monitoring_line=7000\"]");
  snprintf(expected, sizeof expected, "\"pack_revision\":\"%s\"",
           what_if_revision);
  CHECK_CONTAINS(after, expected);
  snprintf(expected, sizeof expected, "\"pack_revision\":\"%s\"",
           pack_revision);
  CHECK_CONTAINS(before, expected);

  /* The explanation says WHAT-IF; the pack refuses to explain the variant's
   * decision as its own. */
  {
    char* explanation = NULL;
    size_t len = 0;
    CHECK_STATUS(
        povmon_policy_explain(&explanation, &len, what_if, POVMON_FORMAT_JSON,
                              after, strlen(after)),
        POVMON_OK);
    CHECK_CONTAINS(explanation,
                   "WHAT-IF, not the plans' parameters: monitoring_line=7000");
    CHECK_CONTAINS(explanation, "p4.category.marginal_at_risk");
    povmon_free(explanation);
    CHECK_STATUS(povmon_policy_explain(&explanation, &len, pack,
                                       POVMON_FORMAT_JSON, after,
                                       strlen(after)),
                 POVMON_FAILED_PRECONDITION);
    CHECK_CONTAINS(povmon_last_error(), "not by this policy");
  }

  /* A batch with the variant: every decision carries the change. */
  {
    const char batch[] = HOUSEHOLD_6800_JSON "\n" MARGINAL_JSON "\n";
    povmon_options* options = make_options("2024-11-30", POVMON_TRACE_OFF);
    povmon_evaluator* evaluator = NULL;
    void* out = NULL;
    size_t len = 0;
    char* line;
    REQUIRE(povmon_evaluator_create(&evaluator, what_if) == POVMON_OK);
    CHECK_STATUS(povmon_evaluate_batch(&out, &len, evaluator, options,
                                       POVMON_FORMAT_JSON, batch,
                                       strlen(batch), POVMON_FORMAT_JSON),
                 POVMON_OK);
    CHECK(count_lines((char*)out, len) == 2);
    line = line_of((char*)out, 0);
    CHECK_CONTAINS(line, "\"household_id\":\"hn-6800\"");
    CHECK_CONTAINS(line, "\"category\":\"CATEGORY_MARGINAL_AT_RISK\"");
    CHECK_CONTAINS(line, "\"what_if\":[\"monitoring_line=7000\"]");
    free(line);
    line = line_of((char*)out, 1);
    CHECK_CONTAINS(line, "\"household_id\":\"hn-marginal\"");
    CHECK_CONTAINS(line, "\"what_if\":[\"monitoring_line=7000\"]");
    free(line);
    povmon_free(out);
    povmon_evaluator_destroy(evaluator);
    povmon_options_destroy(options);
  }

  /* The variant does not depend on the pack's handle. */
  povmon_policy_destroy(pack);
  povmon_free(after);
  after = decide_6800(what_if, "2024-11-30");
  CHECK_CONTAINS(after, "\"category\":\"CATEGORY_MARGINAL_AT_RISK\"");
  povmon_free(after);
  povmon_free(before);
  povmon_free(pack_revision);
  povmon_free(what_if_revision);
  povmon_policy_destroy(what_if);
}

/* Plan 4 §2(三)'s line changed from a date on, then again on a variant of
 * the variant: changes apply in order and make a schedule. */
static void test_what_if_changes_apply_from_their_date_and_stack(void) {
  povmon_policy* pack = load_hunan();
  povmon_policy* stepped;
  povmon_policy* again;
  char* decision;
  char* text;
  char* revision;
  char* same_revision;
  /* "\r\n", blank lines and blanks around a change are ignored; the length
   * counts, not a NUL. */
  const char changes[] =
      "\r\n  monitoring_line=7000\t\r\n\r\n"
      "monitoring_line=6700@2024-07-01 \n trailing bytes";
  povmon_policy* variant = (povmon_policy*)SENTINEL;
  CHECK_STATUS(
      povmon_policy_with_changes(&variant, pack, changes,
                                 strlen(changes) - strlen(" trailing bytes")),
      POVMON_OK);
  REQUIRE(variant != NULL && variant != SENTINEL);
  text = policy_string(povmon_policy_changes, variant);
  CHECK_STREQ(text, "monitoring_line=7000\nmonitoring_line=6700@2024-07-01");
  povmon_free(text);
  /* Before 1 July the line is 7,000; from then on 6,700. */
  decision = decide_6800(variant, "2024-06-30");
  CHECK_CONTAINS(decision, "\"category\":\"CATEGORY_MARGINAL_AT_RISK\"");
  CHECK_CONTAINS(decision,
                 "\"what_if\":[\"monitoring_line=7000\","
                 "\"monitoring_line=6700@2024-07-01\"]");
  povmon_free(decision);
  decision = decide_6800(variant, "2024-11-30");
  CHECK_CONTAINS(decision, "\"category\":\"CATEGORY_NONE\"");
  povmon_free(decision);

  /* The same two changes made one after the other: the same policy. */
  stepped = with_changes(pack, "monitoring_line=7000");
  again = with_changes(stepped, "monitoring_line=6700@2024-07-01\n");
  text = policy_string(povmon_policy_changes, again);
  CHECK_STREQ(text, "monitoring_line=7000\nmonitoring_line=6700@2024-07-01");
  povmon_free(text);
  revision = policy_string(povmon_policy_revision, variant);
  same_revision = policy_string(povmon_policy_revision, again);
  CHECK_STREQ(revision, same_revision);
  povmon_free(revision);
  povmon_free(same_revision);
  decision = decide_6800(again, "2024-11-30");
  CHECK_CONTAINS(decision, "\"category\":\"CATEGORY_NONE\"");
  povmon_free(decision);

  povmon_policy_destroy(again);
  povmon_policy_destroy(stepped);
  povmon_policy_destroy(variant);
  povmon_policy_destroy(pack);
}

/* A failed call: `expected` status, *out NULL, the message (unless NULL),
 * and the load problems as JSON (checked by the caller, then freed). */
static char* with_changes_fails(const povmon_policy* policy, const char* text,
                                size_t len, int expected,
                                const char* message) {
  povmon_policy* variant = (povmon_policy*)SENTINEL;
  char* problems = NULL;
  size_t problems_len = 0;
  CHECK_STATUS(povmon_policy_with_changes(&variant, policy, text, len),
               expected);
  CHECK(variant == NULL);
  if (message != NULL) CHECK_STREQ(povmon_last_error(), message);
  CHECK_STATUS(povmon_last_problems_json(&problems, &problems_len), POVMON_OK);
  REQUIRE(problems != NULL);
  return problems;
}

static void test_what_if_rejects_bad_arguments(void) {
  povmon_policy* pack = load_hunan();
  povmon_policy* variant = (povmon_policy*)SENTINEL;
  char* problems;
  char* text = (char*)SENTINEL;
  size_t len = 7;
  const char change[] = "monitoring_line=7000";

  CHECK_STATUS(povmon_policy_with_changes(NULL, pack, change, strlen(change)),
               POVMON_INVALID_ARGUMENT);
  CHECK_STREQ(povmon_last_error(), "povmon_policy_with_changes: out is NULL");
  CHECK_STATUS(
      povmon_policy_with_changes(&variant, NULL, change, strlen(change)),
      POVMON_INVALID_ARGUMENT);
  CHECK(variant == NULL);
  CHECK_STREQ(povmon_last_error(),
              "povmon_policy_with_changes: policy is NULL");

  problems = with_changes_fails(
      pack, NULL, 20, POVMON_INVALID_ARGUMENT,
      "povmon_policy_with_changes: changes is NULL but its length is 20");
  CHECK_STREQ(problems, "[]");
  povmon_free(problems);
  problems = with_changes_fails(pack, NULL, 0, POVMON_INVALID_ARGUMENT,
                                "povmon_policy_with_changes: changes is empty");
  CHECK_STREQ(problems, "[]");
  povmon_free(problems);
  problems = with_changes_fails(pack, "", 0, POVMON_INVALID_ARGUMENT,
                                "povmon_policy_with_changes: changes is empty");
  CHECK_STREQ(problems, "[]");
  povmon_free(problems);
  problems = with_changes_fails(
      pack, "\n \r\n\t\n", 6, POVMON_INVALID_ARGUMENT,
      "povmon_policy_with_changes: changes holds only blank lines; write "
      "NAME=VALUE or NAME=VALUE@YYYY-MM-DD, one per line");
  CHECK_STREQ(problems, "[]");
  povmon_free(problems);
  problems = with_changes_fails(
      pack, "monitoring_line=7\xff" "00", strlen("monitoring_line=7\xff" "00"),
      POVMON_INVALID_ARGUMENT,
      "povmon_policy_with_changes: changes is not valid UTF-8");
  CHECK_STREQ(problems, "[]");
  povmon_free(problems);
  problems = with_changes_fails(
      pack, change, strlen(change) + 1, POVMON_INVALID_ARGUMENT,
      "povmon_policy_with_changes: changes contains a NUL byte (is the length "
      "right?)");
  CHECK_STREQ(problems, "[]");
  povmon_free(problems);

  /* The getter. */
  CHECK_STATUS(povmon_policy_changes(&text, &len, NULL),
               POVMON_INVALID_ARGUMENT);
  CHECK(text == NULL && len == 0);
  CHECK_STREQ(povmon_last_error(),
              "povmon_policy_changes: out, out_len and policy must not be NULL");
  CHECK_STATUS(povmon_policy_changes(NULL, &len, pack),
               POVMON_INVALID_ARGUMENT);
  CHECK_STATUS(povmon_policy_changes(&text, NULL, pack),
               POVMON_INVALID_ARGUMENT);
  povmon_policy_destroy(pack);
}

/* Each kind of bad change alone, with its message and its problem record
 * (Plan 4 §2(三)'s monitoring_line is the money parameter). */
static void test_what_if_names_each_bad_change(void) {
  povmon_policy* pack = load_hunan();
  char* problems;
  const char* text;

  text = "monitoring_line";
  problems = with_changes_fails(
      pack, text, strlen(text), POVMON_INVALID_ARGUMENT,
      "changes:1:1: what-if \"monitoring_line\": write NAME=VALUE or "
      "NAME=VALUE@YYYY-MM-DD");
  CHECK_STREQ(problems,
              "[{\"file\":\"changes\",\"line\":1,\"column\":1,\"message\":"
              "\"what-if \\\"monitoring_line\\\": write NAME=VALUE or "
              "NAME=VALUE@YYYY-MM-DD\"}]");
  povmon_free(problems);

  text = "monitoring_line=7000@July";
  problems = with_changes_fails(
      pack, text, strlen(text), POVMON_INVALID_ARGUMENT,
      "changes:1:1: what-if \"monitoring_line=7000@July\": \"July\" after @ is "
      "not a date (YYYY-MM-DD)");
  povmon_free(problems);

  text = "monitoring_lin=7000";
  problems = with_changes_fails(pack, text, strlen(text),
                                POVMON_INVALID_ARGUMENT, NULL);
  /* The message lists the pack's parameters, in name order. */
  CHECK_CONTAINS(povmon_last_error(),
                 "what-if monitoring_lin=7000: the pack has no parameter "
                 "\"monitoring_lin\" (it has: assistance_review_months, "
                 "dibao_standard, duties_from, large_rigid_expenditure_bp, "
                 "min_monitoring_months, monitoring_line, ");
  CHECK(strncmp(povmon_last_error(), "what-if monitoring_lin=7000:", 28) == 0);
  CHECK(strchr(povmon_last_error(), '\n') == NULL);
  CHECK_CONTAINS(problems,
                 "[{\"file\":\"what-if monitoring_lin=7000\",\"line\":0,"
                 "\"column\":0,\"message\":\"the pack has no parameter "
                 "\\\"monitoring_lin\\\" (it has: ");
  povmon_free(problems);

  text = "monitoring_line=7,000";
  problems = with_changes_fails(
      pack, text, strlen(text), POVMON_INVALID_ARGUMENT,
      "what-if monitoring_line=7,000: parameter \"monitoring_line\": \"7,000\" "
      "is not an amount in yuan (at most two decimals)");
  povmon_free(problems);

  text = "large_rigid_expenditure_bp=half";
  problems = with_changes_fails(
      pack, text, strlen(text), POVMON_INVALID_ARGUMENT,
      "what-if large_rigid_expenditure_bp=half: parameter "
      "\"large_rigid_expenditure_bp\" is PARAMETER_TYPE_BASIS_POINTS: "
      "\"half\" is not a whole number");
  povmon_free(problems);

  text = "min_monitoring_months=6.5";
  problems = with_changes_fails(
      pack, text, strlen(text), POVMON_INVALID_ARGUMENT,
      "what-if min_monitoring_months=6.5: parameter \"min_monitoring_months\" "
      "is PARAMETER_TYPE_INT: \"6.5\" is not a whole number");
  povmon_free(problems);

  text = "monitoring_line=7000@2023-12-31";
  problems = with_changes_fails(
      pack, text, strlen(text), POVMON_INVALID_ARGUMENT,
      "what-if monitoring_line=7000@2023-12-31: from \"2023-12-31\" is not a "
      "date within the pack's dates (2024-01-01 to 2024-12-31)");
  CHECK_STREQ(problems,
              "[{\"file\":\"what-if monitoring_line=7000@2023-12-31\","
              "\"line\":0,\"column\":0,\"message\":\"from \\\"2023-12-31\\\" "
              "is not a date within the pack's dates (2024-01-01 to "
              "2024-12-31)\"}]");
  povmon_free(problems);

  text = "monitoring_line=7000@2025-01-01";
  problems = with_changes_fails(
      pack, text, strlen(text), POVMON_INVALID_ARGUMENT,
      "what-if monitoring_line=7000@2025-01-01: from \"2025-01-01\" is not a "
      "date within the pack's dates (2024-01-01 to 2024-12-31)");
  povmon_free(problems);
  povmon_policy_destroy(pack);
}

/* Several bad changes at once: every problem is reported, the lines that do
 * not parse first (with their line and column), then the pack's checks. A
 * later success clears the problems. */
static void test_what_if_reports_every_bad_change_at_once(void) {
  povmon_policy* pack = load_hunan();
  povmon_policy* variant;
  char* problems;
  const char text[] =
      "monitoring_line\n"
      "monitoring_line=7,000\r\n"
      "\n"
      "  =7000\n"
      "large_rigid_expenditure_bp=half\n"
      "monitoring_line=7000@2023-12-31\n";
  problems = with_changes_fails(
      pack, text, strlen(text), POVMON_INVALID_ARGUMENT,
      "changes:1:1: what-if \"monitoring_line\": write NAME=VALUE or "
      "NAME=VALUE@YYYY-MM-DD\n"
      "changes:4:3: what-if \"=7000\": write NAME=VALUE or "
      "NAME=VALUE@YYYY-MM-DD\n"
      "what-if monitoring_line=7,000: parameter \"monitoring_line\": \"7,000\" "
      "is not an amount in yuan (at most two decimals)\n"
      "what-if large_rigid_expenditure_bp=half: parameter "
      "\"large_rigid_expenditure_bp\" is PARAMETER_TYPE_BASIS_POINTS: "
      "\"half\" is not a whole number\n"
      "what-if monitoring_line=7000@2023-12-31: from \"2023-12-31\" is not a "
      "date within the pack's dates (2024-01-01 to 2024-12-31)");
  CHECK_CONTAINS(problems, "{\"file\":\"changes\",\"line\":4,\"column\":3,");
  CHECK_CONTAINS(problems,
                 "{\"file\":\"what-if large_rigid_expenditure_bp=half\","
                 "\"line\":0,\"column\":0,");
  povmon_free(problems);
  variant = with_changes(pack, "monitoring_line=7000");
  problems = last_problems();
  CHECK_STREQ(problems, "[]");
  povmon_free(problems);
  povmon_policy_destroy(variant);
  povmon_policy_destroy(pack);
}

/* ---------------------------------------------------------------- lifetime */

/* An evaluator keeps its compiled pack alive after the policy handle goes. */
static void test_evaluator_outlives_its_policy_handle(void) {
  povmon_policy* policy = load_hunan();
  povmon_options* options = make_options(TEST_AS_OF, POVMON_TRACE_RULES);
  povmon_evaluator* evaluator = NULL;
  char* decision;
  REQUIRE(povmon_evaluator_create(&evaluator, policy) == POVMON_OK);
  povmon_policy_destroy(policy);
  decision = evaluate_json(evaluator, options, UNSTABLE_JSON);
  CHECK_CONTAINS(decision, "\"category\":\"CATEGORY_UNSTABLE_LIFTED_OUT\"");
  povmon_free(decision);
  povmon_evaluator_destroy(evaluator);
  povmon_options_destroy(options);
}

int main(void) {
  test_last_error_is_empty_before_any_failure();
  test_version_matches_header();
  test_status_names_follow_absl();
  test_success_leaves_the_last_error_alone();
  test_null_is_a_no_op_for_free_and_destroy();
  test_problems_json_needs_outputs();
  test_options_accept_real_dates_and_trace_levels();
  test_options_reject_bad_dates_and_levels();
  test_policy_loads_the_hunan_pack();
  test_policy_accessors_reject_null();
  test_policy_load_rejects_bad_arguments();
  test_load_from_files_reports_every_problem_with_positions();
  test_load_from_files_rejects_bad_arguments();
  test_load_from_files_matches_load_from_directory();
  test_evaluator_create_rejects_null();
  test_evaluate_json_decides_an_unstable_lifted_out_household();
  test_evaluate_proto_matches_json();
  test_trace_levels();
  test_evaluate_rejects_bad_calls();
  test_evaluate_rejects_bad_households();
  test_evaluate_proto_validates_dates();
  test_evaluate_view_reuses_the_evaluator_buffer();
  test_batch_json_gives_one_result_per_record();
  test_batch_proto_framing();
  test_batch_of_the_example_households();
  test_explain_cites_the_rules();
  test_evaluator_outlives_its_policy_handle();
  test_what_if_raising_the_line_to_7000_monitors_a_6800_household();
  test_what_if_changes_apply_from_their_date_and_stack();
  test_what_if_rejects_bad_arguments();
  test_what_if_names_each_bad_change();
  test_what_if_reports_every_bad_change_at_once();
  if (test_failures != 0) {
    fprintf(stderr, "%d check(s) failed\n", test_failures);
    return 1;
  }
  printf("povmon C API: all checks passed\n");
  return 0;
}
