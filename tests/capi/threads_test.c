/* Eight threads share one policy, each with its own evaluator, and decide
 * the same households as one thread does, byte for byte. The last error is
 * per thread. Run plainly and under ThreadSanitizer
 * (povmon_capi_threads_tsan). */
#define _POSIX_C_SOURCE 200809L

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capi_testing.h"
#include "povmon/povmon.h"

#define THREADS 8
#define MAX_HOUSEHOLDS 256
#define AS_OF "2024-11-30"

typedef struct household_set {
  const char* json[MAX_HOUSEHOLDS];
  size_t len[MAX_HOUSEHOLDS];
  int count;
} household_set;

typedef struct shared_state {
  const povmon_policy* policy;
  const povmon_options* options;
  const household_set* households;
  char* expected[MAX_HOUSEHOLDS]; /* single-threaded decisions, or NULL for an
                                     error */
  int expected_status[MAX_HOUSEHOLDS];
  int rounds;
  pthread_barrier_t barrier;
} shared_state;

typedef struct worker {
  shared_state* shared;
  int index;
  pthread_t thread;
  int mismatches;
  int decisions;
  int own_error_kept;
} worker;

/* Split `text` in place into its non-blank lines. */
static void add_lines(household_set* set, char* text) {
  char* line = text;
  while (*line != '\0' && set->count < MAX_HOUSEHOLDS) {
    char* end = strchr(line, '\n');
    if (end != NULL) *end = '\0';
    if (strspn(line, " \t\r") != strlen(line)) {
      set->json[set->count] = line;
      set->len[set->count] = strlen(line);
      ++set->count;
    }
    if (end == NULL) break;
    line = end + 1;
  }
}

/* Decide households[i] with `evaluator`: the decision (owned), or NULL with
 * the status in *status. */
static char* decide(povmon_evaluator* evaluator, const povmon_options* options,
                    const household_set* households, int i, int* status) {
  void* out = NULL;
  size_t len = 0;
  *status = povmon_evaluate(&out, &len, evaluator, options, POVMON_FORMAT_JSON,
                            households->json[i], households->len[i],
                            POVMON_FORMAT_JSON);
  return (char*)out;
}

static void* run_worker(void* arg) {
  worker* self = (worker*)arg;
  shared_state* shared = self->shared;
  povmon_evaluator* evaluator = NULL;
  char own_error[64];
  int round, i;
  if (povmon_evaluator_create(&evaluator, shared->policy) != POVMON_OK) {
    ++self->mismatches;
    return NULL;
  }
  /* Each thread fails in its own way; once all have, each still reads its
   * own message (a process-wide error would hold the last writer's). */
  {
    povmon_options* scratch = NULL;
    povmon_options_create(&scratch);
    povmon_options_set_trace_level(scratch, 100 + self->index);
    povmon_options_destroy(scratch);
  }
  snprintf(own_error, sizeof own_error, ": %d is not a trace level",
           100 + self->index);
  pthread_barrier_wait(&shared->barrier);
  self->own_error_kept = strstr(povmon_last_error(), own_error) != NULL;
  for (round = 0; round < shared->rounds; ++round) {
    /* Threads start at different households so they overlap differently. */
    for (i = 0; i < shared->households->count; ++i) {
      int h = (i + self->index * 7) % shared->households->count;
      int status = 0;
      char* got;
      got = decide(evaluator, shared->options, shared->households, h, &status);
      if (status != shared->expected_status[h] ||
          (got == NULL) != (shared->expected[h] == NULL) ||
          (got != NULL && strcmp(got, shared->expected[h]) != 0)) {
        ++self->mismatches;
        fprintf(stderr,
                "thread %d, household %d: decision differs from one thread's\n",
                self->index, h);
      }
      self->decisions += got != NULL;
      povmon_free(got);
    }
  }
  povmon_evaluator_destroy(evaluator);
  return NULL;
}

/* ---------------------------------------------------------------- misuse */

typedef struct shared_evaluator {
  povmon_evaluator* evaluator;
  const povmon_options* options;
  const char* batch;
  size_t batch_len;
  volatile int started; /* written once by the batch thread, polled by main */
  int batch_status;
} shared_evaluator;

static void* run_long_batch(void* arg) {
  shared_evaluator* s = (shared_evaluator*)arg;
  void* out = NULL;
  size_t len = 0;
  __atomic_store_n(&s->started, 1, __ATOMIC_SEQ_CST);
  /* Retry if the main thread held the evaluator at that moment. */
  do {
    s->batch_status = povmon_evaluate_batch(
        &out, &len, s->evaluator, s->options, POVMON_FORMAT_JSON, s->batch,
        s->batch_len, POVMON_FORMAT_JSON);
  } while (s->batch_status == POVMON_FAILED_PRECONDITION);
  povmon_free(out);
  __atomic_store_n(&s->started, 2, __ATOMIC_SEQ_CST);
  return NULL;
}

/* Using one evaluator from two threads at once is refused with
 * FAILED_PRECONDITION instead of corrupting it: while one thread runs a long
 * batch, another's call on the same evaluator fails. */
static void test_an_evaluator_in_use_is_refused(const povmon_policy* policy,
                                                const povmon_options* options) {
  shared_evaluator s;
  pthread_t thread;
  char* batch;
  size_t i, one = strlen(MARGINAL_JSON);
  int refused = 0;
  memset(&s, 0, sizeof s);
  /* 1,000 households: long enough for the other thread to try. */
  batch = (char*)malloc(1000 * (one + 1) + 1);
  REQUIRE(batch != NULL);
  for (i = 0; i < 1000; ++i) {
    memcpy(batch + i * (one + 1), MARGINAL_JSON, one);
    batch[i * (one + 1) + one] = '\n';
  }
  s.batch = batch;
  s.batch_len = 1000 * (one + 1);
  s.options = options;
  REQUIRE(povmon_evaluator_create(&s.evaluator, policy) == POVMON_OK);
  REQUIRE(pthread_create(&thread, NULL, run_long_batch, &s) == 0);
  while (__atomic_load_n(&s.started, __ATOMIC_SEQ_CST) == 0) {
  }
  while (!refused && __atomic_load_n(&s.started, __ATOMIC_SEQ_CST) == 1) {
    void* out = NULL;
    size_t len = 0;
    int status =
        povmon_evaluate(&out, &len, s.evaluator, options, POVMON_FORMAT_JSON,
                        MARGINAL_JSON, one, POVMON_FORMAT_JSON);
    if (status == POVMON_FAILED_PRECONDITION) {
      refused = 1;
      CHECK(out == NULL && len == 0);
      CHECK_STREQ(povmon_last_error(),
                  "povmon_evaluate: the evaluator is in use by another thread "
                  "(give each "
                  "thread its own)");
    } else {
      CHECK_STATUS(status, POVMON_OK);
    }
    povmon_free(out);
  }
  REQUIRE(pthread_join(thread, NULL) == 0);
  CHECK(refused);
  CHECK_STATUS(s.batch_status, POVMON_OK);
  povmon_evaluator_destroy(s.evaluator);
  free(batch);
}

int main(int argc, char** argv) {
  shared_state shared;
  worker workers[THREADS];
  household_set households;
  povmon_evaluator* evaluator = NULL;
  char* hunan;
  char* bad;
  size_t len;
  char* main_error;
  int i, errors = 0, total_decisions = 0;
  memset(&shared, 0, sizeof shared);
  memset(&households, 0, sizeof households);
  /* Every round is 8 × (all households); TSan runs fewer. */
  shared.rounds = argc > 1 ? atoi(argv[1]) : 10;

  hunan = read_file(POVMON_SOURCE_DIR "/examples/households/hunan.jsonl", &len);
  bad = read_file(POVMON_SOURCE_DIR "/examples/households/bad.jsonl", &len);
  add_lines(&households, hunan);
  add_lines(&households, bad);
  households.json[households.count] = UNSTABLE_JSON;
  households.len[households.count++] = strlen(UNSTABLE_JSON);
  households.json[households.count] = MARGINAL_JSON;
  households.len[households.count++] = strlen(MARGINAL_JSON);
  REQUIRE(households.count > 20);

  shared.policy = load_hunan();
  shared.options = make_options(AS_OF, POVMON_TRACE_FULL);
  shared.households = &households;

  /* The reference: one thread, one evaluator. */
  REQUIRE(povmon_evaluator_create(&evaluator, shared.policy) == POVMON_OK);
  for (i = 0; i < households.count; ++i) {
    shared.expected[i] = decide(evaluator, shared.options, &households, i,
                                &shared.expected_status[i]);
    errors += shared.expected[i] == NULL;
  }
  povmon_evaluator_destroy(evaluator);
  main_error = strdup(povmon_last_error());
  /* bad.jsonl's records fail, the rest decide. */
  CHECK(errors >= 3);
  CHECK(errors < households.count / 2);

  REQUIRE(pthread_barrier_init(&shared.barrier, NULL, THREADS) == 0);
  for (i = 0; i < THREADS; ++i) {
    memset(&workers[i], 0, sizeof workers[i]);
    workers[i].shared = &shared;
    workers[i].index = i;
    REQUIRE(pthread_create(&workers[i].thread, NULL, run_worker, &workers[i]) ==
            0);
  }
  for (i = 0; i < THREADS; ++i) {
    REQUIRE(pthread_join(workers[i].thread, NULL) == 0);
    CHECK(workers[i].mismatches == 0);
    CHECK(workers[i].own_error_kept);
    CHECK(workers[i].decisions == shared.rounds * (households.count - errors));
    total_decisions += workers[i].decisions;
  }
  pthread_barrier_destroy(&shared.barrier);
  /* The workers' failures did not touch the main thread's last error. */
  CHECK(main_error[0] != '\0'); /* bad.jsonl's last record failed last */
  CHECK_STREQ(povmon_last_error(), main_error);
  free(main_error);
  test_an_evaluator_in_use_is_refused(shared.policy, shared.options);

  for (i = 0; i < households.count; ++i) povmon_free(shared.expected[i]);
  povmon_options_destroy((povmon_options*)shared.options);
  povmon_policy_destroy((povmon_policy*)shared.policy);
  free(hunan);
  free(bad);
  if (test_failures != 0) {
    fprintf(stderr, "%d check(s) failed\n", test_failures);
    return 1;
  }
  printf(
      "%d threads, %d households x %d rounds: %d decisions identical to one "
      "thread's\n",
      THREADS, households.count, shared.rounds, total_decisions);
  return 0;
}
