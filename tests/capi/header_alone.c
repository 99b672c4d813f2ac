/* <povmon/povmon.h> compiles on its own, first and alone, as C99 and as C++
 * (CTest povmon_capi_header_*), and everything it promises is declared. */
#include <povmon/povmon.h>

#if POVMON_VERSION_NUMBER != POVMON_VERSION_MAJOR * 10000 +   \
                                 POVMON_VERSION_MINOR * 100 + \
                                 POVMON_VERSION_PATCH
#error "POVMON_VERSION_NUMBER does not match its parts"
#endif

/* Take the address of every function: a missing or misspelled declaration
 * fails to compile. */
typedef void (*any_function)(void);
extern const any_function header_alone_functions[];
const any_function header_alone_functions[] = {
    (any_function)povmon_version_number,
    (any_function)povmon_version_string,
    (any_function)povmon_last_error,
    (any_function)povmon_status_name,
    (any_function)povmon_last_problems_json,
    (any_function)povmon_free,
    (any_function)povmon_options_create,
    (any_function)povmon_options_destroy,
    (any_function)povmon_options_set_as_of,
    (any_function)povmon_options_set_trace_level,
    (any_function)povmon_policy_load,
    (any_function)povmon_policy_load_from_files,
    (any_function)povmon_policy_destroy,
    (any_function)povmon_policy_id,
    (any_function)povmon_policy_revision,
    (any_function)povmon_policy_valid_from,
    (any_function)povmon_policy_valid_until,
    (any_function)povmon_policy_with_changes,
    (any_function)povmon_policy_changes,
    (any_function)povmon_policy_explain,
    (any_function)povmon_evaluator_create,
    (any_function)povmon_evaluator_destroy,
    (any_function)povmon_evaluate,
    (any_function)povmon_evaluate_view,
    (any_function)povmon_evaluate_batch,
};

int header_alone_function_count(void);
int header_alone_function_count(void) {
  povmon_file file = {"pack.textproto", 14, "", 0};
  povmon_policy* policy = NULL;
  povmon_evaluator* evaluator = NULL;
  povmon_options* options = NULL;
  (void)file;
  (void)policy;
  (void)evaluator;
  (void)options;
  return (int)(sizeof header_alone_functions /
               sizeof header_alone_functions[0]) +
         POVMON_OK + POVMON_FORMAT_PROTO + POVMON_FORMAT_JSON +
         POVMON_TRACE_OFF + POVMON_TRACE_RULES + POVMON_TRACE_FULL +
         POVMON_UNAUTHENTICATED;
}
