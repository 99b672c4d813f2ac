/* Helpers shared by the C API tests (written in C, as the ABI's users are):
 * checks that report and count failures, file reading, loading the Hunan
 * pack. The households are in test_households.h. */
#ifndef POVMON_TESTS_CAPI_CAPI_TESTING_H_
#define POVMON_TESTS_CAPI_CAPI_TESTING_H_

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "povmon/povmon.h"
#include "test_households.h"

static int test_failures = 0;

#define CHECK(cond)                                                            \
  do {                                                                         \
    if (!(cond)) {                                                             \
      ++test_failures;                                                         \
      fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
    }                                                                          \
  } while (0)

/* A call returns the expected status; on a mismatch, print the last error. */
#define CHECK_STATUS(call, expected)                                        \
  do {                                                                      \
    int check_status_got = (call);                                          \
    if (check_status_got != (expected)) {                                   \
      ++test_failures;                                                      \
      fprintf(stderr, "%s:%d: %s returned %d (%s), expected %d (%s): %s\n", \
              __FILE__, __LINE__, #call, check_status_got,                  \
              povmon_status_name(check_status_got), (int)(expected),        \
              povmon_status_name(expected), povmon_last_error());           \
    }                                                                       \
  } while (0)

#define CHECK_CONTAINS(text, needle)                                           \
  do {                                                                         \
    const char* check_text = (text);                                           \
    if (check_text == NULL || strstr(check_text, (needle)) == NULL) {          \
      ++test_failures;                                                         \
      fprintf(stderr, "%s:%d: expected \"%s\" to contain \"%s\"\n", __FILE__,  \
              __LINE__, check_text == NULL ? "(null)" : check_text, (needle)); \
    }                                                                          \
  } while (0)

#define CHECK_NOT_CONTAINS(text, needle)                                      \
  do {                                                                        \
    const char* check_text = (text);                                          \
    if (check_text == NULL || strstr(check_text, (needle)) != NULL) {         \
      ++test_failures;                                                        \
      fprintf(stderr, "%s:%d: expected \"%s\" not to contain \"%s\"\n",       \
              __FILE__, __LINE__, check_text == NULL ? "(null)" : check_text, \
              (needle));                                                      \
    }                                                                         \
  } while (0)

#define CHECK_STREQ(a, b)                                                 \
  do {                                                                    \
    const char* check_a = (a);                                            \
    const char* check_b = (b);                                            \
    if (check_a == NULL || check_b == NULL || strcmp(check_a, check_b)) { \
      ++test_failures;                                                    \
      fprintf(stderr, "%s:%d: \"%s\" != \"%s\"\n", __FILE__, __LINE__,    \
              check_a == NULL ? "(null)" : check_a,                       \
              check_b == NULL ? "(null)" : check_b);                      \
    }                                                                     \
  } while (0)

/* Abort the test program: a precondition for the rest failed. */
#define REQUIRE(cond)                                                 \
  do {                                                                \
    if (!(cond)) {                                                    \
      fprintf(stderr, "%s:%d: REQUIRE failed: %s (last error: %s)\n", \
              __FILE__, __LINE__, #cond, povmon_last_error());        \
      exit(1);                                                        \
    }                                                                 \
  } while (0)

/* The whole file, NUL-terminated; *len excludes the NUL. Exits on error. */
static inline char* read_file(const char* path, size_t* len) {
  FILE* f = fopen(path, "rb");
  char* data;
  long size;
  if (f == NULL) {
    fprintf(stderr, "cannot open %s\n", path);
    exit(1);
  }
  fseek(f, 0, SEEK_END);
  size = ftell(f);
  fseek(f, 0, SEEK_SET);
  data = (char*)malloc((size_t)size + 1);
  REQUIRE(data != NULL);
  REQUIRE(fread(data, 1, (size_t)size, f) == (size_t)size);
  data[size] = '\0';
  fclose(f);
  *len = (size_t)size;
  return data;
}

/* Load the Hunan pack, or exit. */
static inline povmon_policy* load_hunan(void) {
  povmon_policy* policy = NULL;
  int status = povmon_policy_load(&policy, HUNAN_PACK, strlen(HUNAN_PACK));
  if (status != POVMON_OK) {
    fprintf(stderr, "cannot load %s: %s\n", HUNAN_PACK, povmon_last_error());
    exit(1);
  }
  return policy;
}

/* Options as of `as_of` with `trace_level`, or exit. */
static inline povmon_options* make_options(const char* as_of, int trace_level) {
  povmon_options* options = NULL;
  REQUIRE(povmon_options_create(&options) == POVMON_OK);
  REQUIRE(povmon_options_set_as_of(options, as_of, strlen(as_of)) == POVMON_OK);
  REQUIRE(povmon_options_set_trace_level(options, trace_level) == POVMON_OK);
  return options;
}

#endif /* POVMON_TESTS_CAPI_CAPI_TESTING_H_ */
