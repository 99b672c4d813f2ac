/*
 * povmon.h: the stable C ABI of povmon.
 *
 * This header is the contract. Anything not declared here is not a
 * published API. It is plain C (C99 and later, and C++), uses no C++ type,
 * and every function is marked POVMON_API.
 *
 * Rules that hold for every function:
 *
 *  - Status. A function that can fail returns an int status: POVMON_OK (0) on
 *    success, otherwise a code whose value follows absl::StatusCode
 *    (POVMON_INVALID_ARGUMENT is 3, as absl::StatusCode::kInvalidArgument).
 *    New codes may be added in later releases; treat any unknown non-zero
 *    value as a failure.
 *  - Message. On failure the function stores a message in the calling thread's
 *    last error, read with povmon_last_error(). A successful call leaves the
 *    last error as it was, so read it right after the call that failed.
 *  - Outputs. Output parameters come first and are named out (libgit2's
 *    convention). On failure every output pointer is set to NULL and every
 *    output length to 0, so freeing them is always safe.
 *  - Inputs are a pointer plus a length in bytes; strings need not be
 *    NUL-terminated. A NULL pointer with a non-zero length, a NULL handle, a
 *    NULL output parameter, text that is not valid UTF-8 and bytes that do not
 *    parse are errors (POVMON_INVALID_ARGUMENT), never a crash.
 *  - Memory. Every buffer the library returns is allocated by the library and
 *    released only with povmon_free(); do not mix allocators. Returned
 *    buffers carry a terminating NUL byte that the returned length does not
 *    count, so text can be used as a C string.
 *  - Handles are opaque. Every _destroy function accepts NULL as a no-op.
 *  - No C++ exception ever crosses this boundary.
 *
 * Thread safety, per handle type:
 *  - povmon_policy: immutable once loaded; share one across any number of
 *    threads without synchronisation.
 *  - povmon_evaluator: belongs to one thread at a time; give each thread its
 *    own (it holds the working memory that keeps evaluation allocation-free).
 *    Using one from two threads at once is detected and fails with
 *    POVMON_FAILED_PRECONDITION.
 *  - povmon_options: plain settings; share read-only across threads once set,
 *    but do not change them while another thread evaluates with them.
 */
#ifndef POVMON_POVMON_H_
#define POVMON_POVMON_H_

#include <stddef.h>
#include <stdint.h>

#include "povmon/version.h"

#if defined(_WIN32)
#if defined(POVMON_BUILDING_LIBRARY)
#define POVMON_API __declspec(dllexport)
#else
#define POVMON_API __declspec(dllimport)
#endif
#elif defined(__GNUC__) || defined(__clang__)
#define POVMON_API __attribute__((visibility("default")))
#else
#define POVMON_API
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------ status
 * Values follow absl::StatusCode, the whole list 0-16 so that every code
 * has a name in C, Java and Python. No povmon function returns
 * POVMON_UNIMPLEMENTED (or CANCELLED, DEADLINE_EXCEEDED, ABORTED,
 * UNAUTHENTICATED) today: they are absl's codes, not features left to do.
 * More may be added. */
#define POVMON_OK 0
#define POVMON_CANCELLED 1
#define POVMON_UNKNOWN 2
#define POVMON_INVALID_ARGUMENT 3
#define POVMON_DEADLINE_EXCEEDED 4
#define POVMON_NOT_FOUND 5
#define POVMON_ALREADY_EXISTS 6
#define POVMON_PERMISSION_DENIED 7
#define POVMON_RESOURCE_EXHAUSTED 8
#define POVMON_FAILED_PRECONDITION 9
#define POVMON_ABORTED 10
#define POVMON_OUT_OF_RANGE 11
#define POVMON_UNIMPLEMENTED 12
#define POVMON_INTERNAL 13
#define POVMON_UNAVAILABLE 14
#define POVMON_DATA_LOSS 15
#define POVMON_UNAUTHENTICATED 16

/* ------------------------------------------------------------------ formats
 * How a household goes in and a decision comes out. */
/* Serialized protobuf: povmon.v1.Household in, povmon.v1.Decision out. */
#define POVMON_FORMAT_PROTO 1
/* UTF-8 JSON in the proto3 JSON mapping, field names as in the .proto files
 * (snake_case); a decision is written on one line. A household is read in
 * one strict dialect: RFC 8259 JSON, each field given once (under its proto
 * or its JSON name), a bool as true or false, no NUL in strings; at most
 * 4 MiB of JSON per household, objects and arrays nested at most 64 deep.
 * Anything else is POVMON_INVALID_ARGUMENT, the message naming the field
 * path or, for what is not JSON, the line and column. */
#define POVMON_FORMAT_JSON 2

/* ------------------------------------------------------------------ trace
 * Values of povmon.v1.TraceLevel. */
/* No trace at all (zero cost). */
#define POVMON_TRACE_OFF 1
/* The rules that fired, with their citations (the default). */
#define POVMON_TRACE_RULES 2
/* Every rule evaluated, fired or not, with the values it compared. */
#define POVMON_TRACE_FULL 3

/* ------------------------------------------------------------------ version */

/* POVMON_VERSION_NUMBER of the library actually loaded (major * 10000 +
 * minor * 100 + patch). Compare it with the POVMON_VERSION_NUMBER of the
 * header you compiled against: the ABI is compatible when the majors
 * (value / 10000) are equal and the library's number is not smaller.
 * Never fails; thread-safe. */
POVMON_API int povmon_version_number(void);

/* "MAJOR.MINOR.PATCH" of the library actually loaded: a static string, never
 * NULL, never freed. Thread-safe. */
POVMON_API const char* povmon_version_string(void);

/* ------------------------------------------------------------------ errors */

/* The message of the last call that failed on the calling thread, or "" if
 * none has. Never NULL. The string belongs to the library and stays valid
 * until the next failing povmon call on the same thread; copy it to keep it.
 * For a rejected policy pack it lists every problem, one per line, as
 * "file:line:col: message". */
POVMON_API const char* povmon_last_error(void);

/* The name of a status code ("OK", "INVALID_ARGUMENT", ...), or "UNKNOWN"
 * for a value this version does not know. A static string, never NULL.
 * Thread-safe. */
POVMON_API const char* povmon_status_name(int status);

/* The problems of the most recent povmon_policy_load* or
 * povmon_policy_with_changes call on the calling thread, as a JSON array of
 * objects
 * {"file":"...","line":N,"column":N,"message":"..."} (line and column are
 * 1-based, 0 when a problem concerns a whole file or a whole what-if
 * change); "[]" when that load
 * succeeded or none has run. *out is freed with povmon_free.
 * Errors: POVMON_INVALID_ARGUMENT for a NULL out or out_len. */
POVMON_API int povmon_last_problems_json(char** out, size_t* out_len);

/* ------------------------------------------------------------------ memory */

/* Release a buffer returned by the library. NULL is a no-op. Thread-safe. */
POVMON_API void povmon_free(void* buffer);

/* ------------------------------------------------------------------ options */

/* Evaluation settings: the as-of date (required) and the trace level
 * (POVMON_TRACE_RULES unless set). */
typedef struct povmon_options povmon_options;

/* Create options with no as-of date and trace level POVMON_TRACE_RULES.
 * *out is released with povmon_options_destroy.
 * Errors: POVMON_INVALID_ARGUMENT for a NULL out. */
POVMON_API int povmon_options_create(povmon_options** out);

/* Release options. NULL is a no-op. */
POVMON_API void povmon_options_destroy(povmon_options* options);

/* Set the date the household is decided as of, "YYYY-MM-DD" (exactly ten
 * bytes, a real calendar day). Evaluation outside the dates the pack answers
 * for fails with POVMON_OUT_OF_RANGE or POVMON_INVALID_ARGUMENT.
 * Errors: POVMON_INVALID_ARGUMENT for a NULL argument or a malformed date;
 * the options are unchanged then. */
POVMON_API int povmon_options_set_as_of(povmon_options* options,
                                        const char* date, size_t date_len);

/* Set the trace level: POVMON_TRACE_OFF, POVMON_TRACE_RULES or
 * POVMON_TRACE_FULL.
 * Errors: POVMON_INVALID_ARGUMENT for NULL options or another value. */
POVMON_API int povmon_options_set_trace_level(povmon_options* options,
                                              int trace_level);

/* ------------------------------------------------------------------ policy */

/* A compiled policy pack: immutable, shareable across threads. */
typedef struct povmon_policy povmon_policy;

/* One file of a pack held in memory. name is relative to the pack
 * ("pack.textproto", "rules/identification.textproto"); content is the
 * file's text. Both are UTF-8, pointer plus length. */
typedef struct povmon_file {
  const char* name;
  size_t name_len;
  const char* content;
  size_t content_len;
} povmon_file;

/* Load and compile the pack in a directory (the one holding
 * pack.textproto). Every file is parsed, every rule type-checked and
 * planned. *out is released with povmon_policy_destroy.
 * Errors: POVMON_NOT_FOUND for a missing directory or file;
 * POVMON_INVALID_ARGUMENT for a pack with problems (the last error lists
 * every one, "file:line:col: message" per line, and
 * povmon_last_problems_json gives them as records) or bad arguments. */
POVMON_API int povmon_policy_load(povmon_policy** out, const char* directory,
                                  size_t directory_len);

/* Load and compile a pack from files held in memory. file_count files
 * (names unique, one of them "pack.textproto"); label (may be NULL when
 * label_len is 0) prefixes file names in problems. The library copies what
 * it needs: the caller may release files as soon as the call returns.
 * Errors: as povmon_policy_load; POVMON_INVALID_ARGUMENT also for a NULL
 * files array with a non-zero count, a duplicate or empty name, or a name
 * or content that is not UTF-8. */
POVMON_API int povmon_policy_load_from_files(povmon_policy** out,
                                             const povmon_file* files,
                                             size_t file_count,
                                             const char* label,
                                             size_t label_len);

/* Release a policy. NULL is a no-op. Evaluators created from it keep what
 * they need alive, so a policy may be destroyed before its evaluators. */
POVMON_API void povmon_policy_destroy(povmon_policy* policy);

/* The pack id, e.g. "hunan-2024". *out is freed with povmon_free.
 * Errors: POVMON_INVALID_ARGUMENT for a NULL argument. */
POVMON_API int povmon_policy_id(char** out, size_t* out_len,
                                const povmon_policy* policy);

/* The pack revision: hex sha256 over the pack's files (names and contents,
 * in name order) and, for a what-if policy, its changes; the same string
 * every decision carries as pack_revision.
 * *out is freed with povmon_free.
 * Errors: POVMON_INVALID_ARGUMENT for a NULL argument. */
POVMON_API int povmon_policy_revision(char** out, size_t* out_len,
                                      const povmon_policy* policy);

/* The first and last dates the pack answers for, "YYYY-MM-DD", both
 * inclusive. *out is freed with povmon_free.
 * Errors: POVMON_INVALID_ARGUMENT for a NULL argument. */
POVMON_API int povmon_policy_valid_from(char** out, size_t* out_len,
                                        const povmon_policy* policy);
POVMON_API int povmon_policy_valid_until(char** out, size_t* out_len,
                                         const povmon_policy* policy);

/* A what-if policy: the same pack with some parameters given other values,
 * as an analyst asks "what if the line rises to 7,000?". changes is UTF-8
 * text of one or more changes, one per line ("\n"; "\r\n" is accepted),
 * each "NAME=VALUE" or "NAME=VALUE@YYYY-MM-DD":
 *   monitoring_line=7000
 *   monitoring_line=6900@2024-07-01
 * NAME is a parameter of the pack's parameter files; VALUE is written as
 * they write a value of its type (yuan for money, "7000" or "7000.00"; a
 * whole number for int and basis points; true or false; YYYY-MM-DD for a
 * date); the date, within the pack's dates, is the first day of the new
 * value (the pack's first day when absent), and the parameter's later
 * dated values are replaced too. Changes apply in order, so two changes of
 * one parameter make a schedule. Blank lines, and spaces and tabs around a
 * change, are ignored.
 *
 * The variant is loaded and checked like the pack itself, from the same
 * files, so this takes as long as a load: make it once, then evaluate with
 * it as with any policy (evaluators, batches, explanations, the getters).
 * Its revision hashes the changes in with the files, so it differs from the
 * pack's, and every decision made with it lists the changes in its what_if
 * field (its explanation says WHAT-IF): its decisions never pass for the
 * pack's own. A variant of a variant keeps the first changes and applies the
 * new ones after them. The variant is independent of policy: destroy them in
 * any order. *out is released with povmon_policy_destroy. Thread-safe (the
 * policy is only read).
 * Errors: POVMON_INVALID_ARGUMENT for a NULL out or policy, changes that are
 * NULL, empty, only blank lines, not UTF-8 or hold a NUL byte, and for
 * changes that do not hold: a line that is not NAME=VALUE[@YYYY-MM-DD]
 * ("changes:LINE:COL: what-if ..."), an unknown parameter, a value not of
 * the parameter's type, a date outside the pack's dates ("what-if
 * NAME=VALUE: ..."). The last error lists every such problem, one per line,
 * and povmon_last_problems_json gives them as records, as for a pack.
 * Since 0.2. */
POVMON_API int povmon_policy_with_changes(povmon_policy** out,
                                          const povmon_policy* policy,
                                          const char* changes,
                                          size_t changes_len);

/* The what-if changes a policy was made with, one per line as
 * povmon_policy_with_changes takes them ("NAME=VALUE" or
 * "NAME=VALUE@YYYY-MM-DD", joined with "\n", no final newline), the same
 * strings its decisions carry in what_if; "" (length 0) for a pack as
 * loaded. *out is freed with povmon_free.
 * Errors: POVMON_INVALID_ARGUMENT for a NULL argument. Since 0.2. */
POVMON_API int povmon_policy_changes(char** out, size_t* out_len,
                                     const povmon_policy* policy);

/* A human-readable, multi-line explanation of a decision this policy made:
 * the figures, the category and why, risk types, watch groups and
 * negative-list hits, each with its rule, citation and compared values.
 * decision is a povmon.v1.Decision in decision_format. *out is UTF-8 text
 * freed with povmon_free. Thread-safe (the policy is only read).
 * Errors: POVMON_INVALID_ARGUMENT for bad arguments or a decision that does
 * not parse; POVMON_FAILED_PRECONDITION for a decision made by another pack
 * revision. */
POVMON_API int povmon_policy_explain(char** out, size_t* out_len,
                                     const povmon_policy* policy,
                                     int decision_format, const void* decision,
                                     size_t decision_len);

/* ---------------------------------------------------------------- evaluator */

/* Working memory for evaluating households against one policy. One thread
 * at a time. */
typedef struct povmon_evaluator povmon_evaluator;

/* Create an evaluator for a policy. The evaluator shares ownership of the
 * compiled policy. *out is released with povmon_evaluator_destroy.
 * Errors: POVMON_INVALID_ARGUMENT for a NULL argument. */
POVMON_API int povmon_evaluator_create(povmon_evaluator** out,
                                       const povmon_policy* policy);

/* Release an evaluator. NULL is a no-op. */
POVMON_API void povmon_evaluator_destroy(povmon_evaluator* evaluator);

/* ----------------------------------------------------------------- evaluate */

/* Decide one household. input is a povmon.v1.Household in input_format
 * (POVMON_FORMAT_PROTO bytes or POVMON_FORMAT_JSON text); *out receives the
 * povmon.v1.Decision in output_format, freed with povmon_free.
 * Errors: POVMON_INVALID_ARGUMENT for bad arguments, input that does not
 * parse (the message names the field path), options without an as-of date,
 * or a household the policy cannot decide (e.g. no counted members);
 * POVMON_OUT_OF_RANGE for an as-of date outside the pack's dates or money
 * overflow; POVMON_FAILED_PRECONDITION when another thread is using the
 * evaluator. */
POVMON_API int povmon_evaluate(void** out, size_t* out_len,
                               povmon_evaluator* evaluator,
                               const povmon_options* options, int input_format,
                               const void* input, size_t input_len,
                               int output_format);

/* As povmon_evaluate, but *out points into the evaluator's own buffer
 * instead of a new allocation: do NOT free it; it stays valid until the next
 * call with this evaluator or its destruction. A warm evaluator reuses its
 * household, decision and output buffers, so this call allocates nothing
 * per household, with POVMON_FORMAT_PROTO or POVMON_FORMAT_JSON either way
 * (tests/capi/allocations_test.c prints the counts). */
POVMON_API int povmon_evaluate_view(const void** out, size_t* out_len,
                                    povmon_evaluator* evaluator,
                                    const povmon_options* options,
                                    int input_format, const void* input,
                                    size_t input_len, int output_format);

/* Decide many households, exactly one result per input record, in input
 * order. A bad record (unparsable, invalid UTF-8, undecidable) yields an
 * error result in its slot and never stops the others. *out is freed with
 * povmon_free.
 *
 * Input, by input_format:
 *  - POVMON_FORMAT_JSON: JSON Lines. Records are separated by "\n" ("\r\n"
 *    is accepted); lines holding only spaces or tabs are skipped and are
 *    not records; the final newline is optional.
 *  - POVMON_FORMAT_PROTO: records one after another, each a base-128 varint
 *    byte length followed by a serialized Household (protobuf's "delimited"
 *    framing: Java writeDelimitedTo, C++ SerializeDelimitedToZeroCopyStream).
 * Output, by output_format:
 *  - POVMON_FORMAT_JSON: one line per record, each ending in "\n": the
 *    Decision JSON, or an error object
 *      {"index":I,"line":L,"household_id":"...",
 *       "error":{"code":C,"status":"INVALID_ARGUMENT","field":"...",
 *                "message":"..."}}
 *    where index is the 0-based record number, line the 1-based input line
 *    (JSON input only), household_id is present when the record's id could
 *    be read, and field when the message starts with a field path
 *    ("members[0].birth_date"). A decision line never has a top-level
 *    "error" key.
 *  - POVMON_FORMAT_PROTO: per record, a varint status code, a varint byte
 *    length, then that many bytes: the serialized Decision when the code is
 *    0, otherwise the UTF-8 error message.
 * Errors (the whole call fails, no output): bad arguments or options
 * without an as-of date (POVMON_INVALID_ARGUMENT); PROTO input whose framing
 * is broken, i.e. a length running past the end (POVMON_DATA_LOSS, the
 * message gives the byte offset); POVMON_FAILED_PRECONDITION when another
 * thread is using the evaluator. An empty input gives an empty output. */
POVMON_API int povmon_evaluate_batch(void** out, size_t* out_len,
                                     povmon_evaluator* evaluator,
                                     const povmon_options* options,
                                     int input_format, const void* input,
                                     size_t input_len, int output_format);

/* -------------------------------------------------------------------- batch
 * A batch run on every core: povmon_batch decides the records of each call
 * on a pool of worker threads, each with its own evaluator, and returns
 * their results in input order, exactly one per record, as
 * povmon_evaluate_batch does (same input framing, same output formats). It
 * is the batch runner of the CLI's `povmon eval --jobs N`. Since 0.3. */
typedef struct povmon_batch povmon_batch;

/* Create a batch run deciding with policy as of options' date (the options
 * are copied: change or destroy them afterwards as you like). jobs is the
 * number of worker threads: 0 for one per core, 1 for none (the calling
 * thread decides), at most 256. A run counts on across its calls: record
 * indexes (the "index" of error records) and, for JSON input, line numbers
 * continue from the previous call (each call's input is taken to end with
 * a whole line), and a household id already seen in an earlier record of
 * the run gets a WARNING_CODE_DUPLICATE_HOUSEHOLD_ID warning in its
 * decision's "warnings" (and in a "warnings" array of a JSON error record).
 * The run shares ownership of the compiled policy. *out is released with
 * povmon_batch_destroy.
 * Errors: POVMON_INVALID_ARGUMENT for a NULL argument, options without an
 * as-of date, or jobs outside 0..256. Since 0.3. */
POVMON_API int povmon_batch_create(povmon_batch** out,
                                   const povmon_policy* policy,
                                   const povmon_options* options, int jobs);

/* Release a batch run. NULL is a no-op. Since 0.3. */
POVMON_API void povmon_batch_destroy(povmon_batch* batch);

/* Decide every record of input (framed as for povmon_evaluate_batch) on the
 * run's threads; *out receives one result per record in input order, in
 * output_format as povmon_evaluate_batch writes them, freed with
 * povmon_free. The output is built in the buffer handed to the caller: the
 * library keeps no copy of it after the call, and holds at most a few
 * hundred records' working memory per worker besides. A record longer than
 * 16 MiB is an error result (POVMON_RESOURCE_EXHAUSTED) in its slot. One
 * call at a time per batch run; the calling thread waits for the workers.
 * Errors (the whole call fails, no output): bad arguments
 * (POVMON_INVALID_ARGUMENT); PROTO input whose framing is broken
 * (POVMON_DATA_LOSS, the message gives the record and byte offset);
 * POVMON_FAILED_PRECONDITION when another thread is using the batch run;
 * POVMON_RESOURCE_EXHAUSTED when the output cannot be allocated. An empty
 * input gives an empty output. Since 0.3. */
POVMON_API int povmon_batch_evaluate(void** out, size_t* out_len,
                                     povmon_batch* batch, int input_format,
                                     const void* input, size_t input_len,
                                     int output_format);

/* Decide as povmon_batch_evaluate does (same input, same results, same
 * errors), writing the results into a block that the batch run owns and
 * reuses for every povmon_batch_evaluate_view call: *out points into it
 * (never NULL on success, even for an empty output) and is NOT freed by the
 * caller. The bytes stay valid and unchanged until the next
 * povmon_batch_evaluate_view call on the same run or povmon_batch_destroy,
 * whichever comes first; povmon_batch_evaluate and povmon_batch_summarize
 * leave them alone. The block keeps the capacity of the largest output of
 * the run, so a run fed chunk by chunk writes every chunk's results into
 * the same memory instead of fresh pages; it is freed with the run. On
 * error *out is NULL, *out_len 0, and the block holds nothing. Since 0.4. */
POVMON_API int povmon_batch_evaluate_view(const void** out, size_t* out_len,
                                          povmon_batch* batch, int input_format,
                                          const void* input, size_t input_len,
                                          int output_format);

/* The number of worker threads the run uses (jobs of povmon_batch_create,
 * 0 resolved to the number of cores); 0 for a NULL batch. Since 0.3. */
POVMON_API int povmon_batch_jobs(const povmon_batch* batch);

/* ------------------------------------------------------------------ reports
 * What the povmon program reports, for any front end: the summary of a pack
 * (`povmon check`), the pack's own test cases (`povmon test`), the
 * public-notice list (`povmon notice`) and the what-if comparison (`povmon
 * whatif`). The text forms are byte for byte what the program prints; the
 * JSON forms carry the same figures as records. Since 0.3. */

/* Report formats. */
/* Text, as the povmon program prints it (UTF-8, lines ending in "\n"). */
#define POVMON_REPORT_TEXT 1
/* One JSON object. */
#define POVMON_REPORT_JSON 2
/* JSON Lines, one line per household (povmon_what_if_compare only). */
#define POVMON_REPORT_JSONL 3

/* Notice formats. */
/* RFC 4180 CSV in UTF-8 with a byte-order mark. */
#define POVMON_NOTICE_CSV 1
/* A printable HTML page, one table per village. */
#define POVMON_NOTICE_HTML 2

/* What a loaded pack holds, counted, so that a pack which silently lost a
 * file shows it. POVMON_REPORT_TEXT gives the two lines `povmon check`
 * prints for a pack that loads (the pack named by the folder it was loaded
 * from, or the label of povmon_policy_load_from_files):
 *   policies/hunan-2024: ok — pack hunan-2024, 24 rules, 4 definitions,
 *   2024-01-01 to 2025-12-31, revision 3f…
 *     assistance: 12 measures, 3 principles; lifecycle: 5 elimination rules,
 *     4 procedures, 2 visit cadences, 2 periodic duties; population: 2 rules,
 *     0 named places; working-day calendar 2024–2025
 * (each on one line; the population part only for a pack with population or
 * region files); POVMON_REPORT_JSON one object:
 *   {"label":"...","id":"...","revision":"...","valid_from":"YYYY-MM-DD",
 *    "valid_until":"YYYY-MM-DD","rules":N,"definitions":N,"measures":N,
 *    "principles":N,
 *    "lifecycle":{"elimination_rules":N,"procedures":N,"visit_cadences":N,
 *    "duties":N},"population":{"rules":N,"places":N},
 *    "calendar_years":"2024–2025","changes":["NAME=VALUE@FROM",...]}
 * where lifecycle, population and calendar_years are null when the pack
 * names no lifecycle, population or region, or calendar files, and changes
 * lists a what-if policy's changes (duties, population and definitions
 * since 0.3).
 * *out is freed with povmon_free. Thread-safe (the policy is only read).
 * Errors: POVMON_INVALID_ARGUMENT for a NULL argument or another format.
 * Since 0.3. */
POVMON_API int povmon_policy_summary(char** out, size_t* out_len,
                                     const povmon_policy* policy,
                                     int report_format);

/* Run the pack's own test cases (the .textproto files of DIRECTORY/tests, in name
 * order): households and workshops with the decisions the plans' text
 * requires, each decided with this policy. directory is the pack folder;
 * NULL with directory_len 0 means the folder the policy was loaded from.
 * *failed receives the number of cases that failed (0: all passed).
 * POVMON_REPORT_TEXT gives what `povmon test` prints: "PASS name  [citation]"
 * or "FAIL name  [citation]" per case, a failure followed by "     at
 * file:line" and one indented line per unmet expectation, and last
 * "PACK: N passed, M failed"; POVMON_REPORT_JSON one object:
 *   {"pack":"ID","passed":N,"failed":M,"cases":[{"name":"...",
 *    "citation":"...","file":"...","line":L,"passed":true,"failures":[...]}]}
 * A failing case is a result, not an error: the call still returns
 * POVMON_OK. *out is freed with povmon_free.
 * Errors: POVMON_INVALID_ARGUMENT for a NULL out, out_len, failed or policy,
 * a directory that is not UTF-8, another format, or a test file that does
 * not parse (the message gives file:line:col); POVMON_NOT_FOUND when the
 * folder has no tests/ with .textproto files. Since 0.3. */
POVMON_API int povmon_policy_test(char** out, size_t* out_len, size_t* failed,
                                  const povmon_policy* policy,
                                  const char* directory, size_t directory_len,
                                  int report_format);

/* The public-notice list (公示名單, Plan 10 §3.2) of some households: each
 * is decided as of the options' as-of date (required), and the village and
 * township notices of its procedures in force on that date are listed with
 * the head's name, what is proposed and why, and the notice's dates. No
 * notice carries ID numbers, addresses, phone numbers, birth dates or bank
 * card numbers, whatever the records hold. households is JSON Lines, read
 * as povmon_evaluate_batch reads it. *out receives the list in
 * notice_format (POVMON_NOTICE_CSV or POVMON_NOTICE_HTML), byte for byte
 * what `povmon notice` writes; *report receives a JSON object for the
 * operator, never for the notice board:
 *   {"pack":"ID","as_of":"YYYY-MM-DD","households":N,"notices":N,
 *    "not_decided":[{"line":L,"message":"..."}],"warnings":["..."]}
 * where not_decided lists the households that could not be read or decided
 * (by input line; the shapes of personal data are redacted from the
 * messages) and warnings the households on a notice the pack does not
 * support, names withheld and the like. Households not decided do not fail
 * the call. Both buffers are freed with povmon_free. Thread-safe (the
 * policy is only read).
 * Errors: POVMON_INVALID_ARGUMENT for a NULL output, policy or options,
 * options without an as-of date, households NULL with a non-zero length, or
 * another format; POVMON_OUT_OF_RANGE for an as-of date outside the pack's
 * dates. Since 0.3. */
POVMON_API int povmon_notice_list(char** out, size_t* out_len, char** report,
                                  size_t* report_len,
                                  const povmon_policy* policy,
                                  const povmon_options* options,
                                  const char* households,
                                  size_t households_len, int notice_format);

/* The what-if comparison: the same households decided under policy and
 * under what_if (normally made from it with povmon_policy_with_changes), as
 * of the options' as-of date (required), and what changes: categories, who
 * is monitored, the assistance amounts by department and basis, the
 * elimination assessments. households is JSON Lines, read as
 * povmon_evaluate_batch reads it. report_format:
 *  - POVMON_REPORT_TEXT: what `povmon whatif` prints: each change with the
 *    parameter's value under both, the revisions, the counts, the category
 *    and elimination moves, the amounts that change, the households decided
 *    differently and those not decided;
 *  - POVMON_REPORT_JSON: the same as one object:
 *      {"pack":"ID","as_of":"...","revision":"...","pack_revision":"...",
 *       "changes":[{"set":"NAME=VALUE","parameter":"NAME",
 *         "pack_value":"6,000.00","what_if_value":"7,000.00"}],
 *       "households":N,"compared":N,"changed":N,"not_decided":N,
 *       "monitored":{"pack":N,"what_if":N},
 *       "category_changes":[{"from":"...","to":"...","households":N}],
 *       "elimination_changes":[{"from":"...","to":"...","households":N}],
 *       "amounts":[{"department":"...","basis":"...","pack_fen":"N",
 *         "what_if_fen":"N"}],
 *       "changed_households":[{"line":L,"household_id":"...",
 *         "per_capita_net_income_fen":"N","differences":["..."]}],
 *       "errors":[{"line":L,"household_id":"...","message":"..."}]}
 *  - POVMON_REPORT_JSONL: one line per household, as `povmon whatif --format
 *    jsonl` writes it: {"index":I,"line":L,"household_id":"...",
 *    "changed":B,"pack":{...},"what_if":{...}}, or the error object of
 *    povmon_evaluate_batch for a household not decided.
 * Households not decided do not fail the call. *out is freed with
 * povmon_free. Thread-safe (the policies are only read).
 * Errors: POVMON_INVALID_ARGUMENT for a NULL out, out_len, policy, what_if
 * or options, options without an as-of date, households NULL with a
 * non-zero length, or another format; POVMON_OUT_OF_RANGE for an as-of date
 * outside either policy's dates. Since 0.3. */
POVMON_API int povmon_what_if_compare(char** out, size_t* out_len,
                                      const povmon_policy* policy,
                                      const povmon_policy* what_if,
                                      const povmon_options* options,
                                      const char* households,
                                      size_t households_len,
                                      int report_format);

/* --------------------------------------------------------------- population
 * A population run in pieces (threads, processes, machines, Dask
 * partitions), ending in the report `povmon eval --summary FILE` writes:
 * each piece decides its households with povmon_batch_summarize and gets a
 * partial summary, a povmon.v1.PopulationSummary (population.proto: exact
 * integer counts and sums by village, township, county and province, and
 * each county's spot-check candidates); povmon_population_merge adds
 * partials up, in any order and grouping, into exactly the summary of the
 * whole; povmon_population_report runs the pack's population rules over
 * it. Pieces summarized with the same seed and pack give, merged, the
 * summary a single `povmon eval --summary FILE --seed SEED` run over all
 * their households gives. Summaries travel as serialized protobuf
 * (POVMON_FORMAT_PROTO) or as JSON (POVMON_FORMAT_JSON, the proto3 JSON
 * mapping, snake_case names, int64 as strings). Since 0.3. */

/* No decision output (povmon_batch_summarize's output_format only). */
#define POVMON_FORMAT_NONE 0

/* Decide every record of input on the batch run's threads, exactly as
 * povmon_batch_evaluate does (same framing, same results in *out, in input
 * order; with output_format POVMON_FORMAT_NONE nothing is written and *out
 * is NULL, *out_len 0), and count them into a partial summary, *summary in
 * summary_format: each decided household in its village, township, county
 * and province, each record that was not decided as failed
 * (households_failed), as `povmon eval --summary` counts them.
 * sample_seed seeds the spot-check draw: give every piece of one run the
 * same seed. The summary covers this call's records only (the run's record
 * indexes and line numbers count on across calls as for
 * povmon_batch_evaluate). Both buffers are freed with povmon_free.
 * Errors (the whole call fails, no output): as povmon_batch_evaluate, and
 * POVMON_INVALID_ARGUMENT for a NULL summary or summary_len or another
 * summary_format; POVMON_OUT_OF_RANGE when a count or sum would overflow
 * (the summary would not be exact). Since 0.3. */
POVMON_API int povmon_batch_summarize(void** out, size_t* out_len,
                                      void** summary, size_t* summary_len,
                                      povmon_batch* batch, uint64_t sample_seed,
                                      int input_format, const void* input,
                                      size_t input_len, int output_format,
                                      int summary_format);

/* The sum of count partial summaries (summaries[i], summary_lens[i] bytes
 * each, all in summary_format), in the same format: every place's counts
 * added, the spot-check candidates combined. The order and grouping of the
 * merges do not change the result, so a tree of merges gives the same bytes
 * as one. *out is freed with povmon_free. Thread-safe.
 * Errors: POVMON_INVALID_ARGUMENT for a NULL out or out_len, count 0, NULL
 * arrays, another format, a summary that does not parse (the message names
 * summaries[i]), summaries made with different seeds or by packs that keep
 * different spot-check candidate shares (they do not combine);
 * POVMON_OUT_OF_RANGE when a sum would overflow. Since 0.3. */
POVMON_API int povmon_population_merge(void** out, size_t* out_len,
                                       const void* const* summaries,
                                       const size_t* summary_lens,
                                       size_t count, int summary_format);

/* The population report of a summary: the pack's population rules run over
 * it as of the options' as-of date (required; trace level POVMON_TRACE_FULL
 * lists every finding, fired or not, any other level the fired ones),
 * with regions (may be NULL with regions_len 0) the places of a county's
 * own region file in the RegionFile text format, added to the pack's, as
 * `povmon eval --regions FILE` reads it. report_format POVMON_FORMAT_JSON
 * gives the file `povmon eval --summary FILE` writes, byte for byte (one
 * JSON object and a newline); POVMON_FORMAT_PROTO a serialized
 * povmon.v1.PopulationReport. *out is freed with povmon_free. Thread-safe
 * (the policy is only read).
 * Errors: POVMON_INVALID_ARGUMENT for a NULL out, out_len, policy or
 * options, options without an as-of date, another format, a summary that
 * does not parse, regions that are not UTF-8 or do not parse
 * ("regions:LINE:COL: ..."), or a summary the rules cannot use (a spot
 * check whose candidates do not reach its sample: the summary was made by
 * another pack); POVMON_OUT_OF_RANGE for an as-of date outside the pack's
 * dates or an overflow. Since 0.3. */
POVMON_API int povmon_population_report(void** out, size_t* out_len,
                                        const povmon_policy* policy,
                                        const povmon_options* options,
                                        int summary_format, const void* summary,
                                        size_t summary_len, const char* regions,
                                        size_t regions_len, int report_format);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* POVMON_POVMON_H_ */
