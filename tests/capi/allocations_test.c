/* Allocations per household through the C ABI, once an evaluator is warm.
 *
 * Issue 5 asks for "an evaluator handle that one thread uses at a time, so
 * the hot path allocates nothing". The shim's share of that is checked
 * here and by compare_allocations.cmake: with protobuf bytes in and out,
 * povmon_evaluate_view allocates exactly what the engine's own
 * Evaluator::Evaluate allocates for the same household (measured by
 * engine_allocations.cc), which is zero, and povmon_evaluate one more: the
 * buffer it returns. The numbers are printed for the record. */
#include <stdio.h>
#include <string.h>

#include "capi_testing.h"
#include "malloc_counter.h"
#include "povmon/povmon.h"

#define WARM_UP 20
#define MEASURED 1000

/* Allocations per call, after warming the evaluator up. */
static double measure(povmon_evaluator* evaluator,
                      const povmon_options* options, int input_format,
                      const void* input, size_t input_len, int output_format,
                      int owned) {
  int i;
  long before;
  const void* view = NULL;
  void* out = NULL;
  size_t len = 0;
  for (i = 0; i < WARM_UP; ++i) {
    REQUIRE(povmon_evaluate(&out, &len, evaluator, options, input_format, input,
                            input_len, output_format) == POVMON_OK);
    povmon_free(out);
  }
  before = malloc_counter_calls;
  malloc_counter_on = 1;
  for (i = 0; i < MEASURED; ++i) {
    int status;
    if (owned) {
      status = povmon_evaluate(&out, &len, evaluator, options, input_format,
                               input, input_len, output_format);
      povmon_free(out);
    } else {
      status =
          povmon_evaluate_view(&view, &len, evaluator, options, input_format,
                               input, input_len, output_format);
    }
    if (status != POVMON_OK) {
      malloc_counter_on = 0;
      REQUIRE(status == POVMON_OK);
    }
  }
  malloc_counter_on = 0;
  return (double)(malloc_counter_calls - before) / MEASURED;
}

int main(void) {
  povmon_policy* policy = load_hunan();
  povmon_options* rules = make_options(TEST_AS_OF, POVMON_TRACE_RULES);
  povmon_options* off = make_options(TEST_AS_OF, POVMON_TRACE_OFF);
  povmon_evaluator* evaluator = NULL;
  wire_buffer household;
  double view_rules, view_off, owned_rules, json_view;
  REQUIRE(povmon_evaluator_create(&evaluator, policy) == POVMON_OK);
  marginal_household_proto(&household);

  view_rules = measure(evaluator, rules, POVMON_FORMAT_PROTO, household.data,
                       household.len, POVMON_FORMAT_PROTO, 0);
  view_off = measure(evaluator, off, POVMON_FORMAT_PROTO, household.data,
                     household.len, POVMON_FORMAT_PROTO, 0);
  owned_rules = measure(evaluator, rules, POVMON_FORMAT_PROTO, household.data,
                        household.len, POVMON_FORMAT_PROTO, 1);
  json_view = measure(evaluator, rules, POVMON_FORMAT_JSON, MARGINAL_JSON,
                      strlen(MARGINAL_JSON), POVMON_FORMAT_JSON, 0);
  /* compare_allocations.cmake reads this line. */
  printf("abi allocations per household (proto, trace rules): %.2f\n",
         view_rules);
  printf("  povmon_evaluate_view proto->proto, trace off: %.2f\n", view_off);
  printf("  povmon_evaluate      proto->proto, trace rules: %.2f\n",
         owned_rules);
  printf(
      "  povmon_evaluate_view json->json,   trace rules: %.2f\n",
      json_view);
  /* Protobuf bytes in and out: parsing, deciding and serializing allocate
   * nothing once warm (architecture non-negotiable 3). */
  CHECK(view_rules == 0.0);
  CHECK(view_off == 0.0);
  /* povmon_evaluate allocates one thing more: the buffer it hands back. */
  CHECK(owned_rules == view_rules + 1.0);

  povmon_evaluator_destroy(evaluator);
  povmon_options_destroy(rules);
  povmon_options_destroy(off);
  povmon_policy_destroy(policy);
  if (test_failures != 0) {
    fprintf(stderr, "%d check(s) failed\n", test_failures);
    return 1;
  }
  return 0;
}
