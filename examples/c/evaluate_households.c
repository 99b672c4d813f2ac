/* Decide households with povmon's C ABI and print each decision, explained.
 *
 *   evaluate_households <pack-dir> <as-of YYYY-MM-DD> <households.jsonl>...
 *
 * For every non-blank line of every file it prints "== <file>:<line>" and
 * then the decision explained (Chinese and English, every statement with its
 * rule and citation), or "error <STATUS>: <message>". Exit status: 0 when
 * every household was decided, 2 when some were not, 1 on usage or pack
 * errors. The C++, Python and Java examples print exactly the same. */
#include <povmon/povmon.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char* read_file(const char* path, size_t* len) {
  FILE* f = fopen(path, "rb");
  char* data;
  long size;
  if (f == NULL) return NULL;
  if (fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 0 ||
      fseek(f, 0, SEEK_SET) != 0) {
    fclose(f);
    return NULL;
  }
  data = malloc((size_t)size + 1);
  if (data != NULL && fread(data, 1, (size_t)size, f) != (size_t)size) {
    free(data);
    data = NULL;
  }
  fclose(f);
  if (data != NULL) {
    data[size] = '\0';
    *len = (size_t)size;
  }
  return data;
}

static const char* base_name(const char* path) {
  const char* slash = strrchr(path, '/');
  return slash == NULL ? path : slash + 1;
}

/* Decide one household and print it; returns 1 if it was decided. */
static int print_decision(povmon_evaluator* evaluator,
                          const povmon_options* options,
                          const povmon_policy* policy, const char* json,
                          size_t len) {
  void* decision = NULL;
  size_t decision_len = 0;
  char* text = NULL;
  size_t text_len = 0;
  int status =
      povmon_evaluate(&decision, &decision_len, evaluator, options,
                      POVMON_FORMAT_JSON, json, len, POVMON_FORMAT_PROTO);
  if (status == POVMON_OK) {
    status = povmon_policy_explain(&text, &text_len, policy,
                                   POVMON_FORMAT_PROTO, decision, decision_len);
  }
  if (status != POVMON_OK) {
    printf("error %s: %s\n", povmon_status_name(status), povmon_last_error());
  } else {
    fwrite(text, 1, text_len, stdout);
  }
  povmon_free(text);
  povmon_free(decision);
  return status == POVMON_OK;
}

int main(int argc, char** argv) {
  povmon_policy* policy = NULL;
  povmon_evaluator* evaluator = NULL;
  povmon_options* options = NULL;
  int file, undecided = 0;
  if (argc < 4) {
    fprintf(stderr,
            "usage: %s <pack-dir> <as-of YYYY-MM-DD> <households.jsonl>...\n",
            argv[0]);
    return 1;
  }
  /* The header this program was compiled with must match the library's ABI. */
  if (povmon_version_number() / 10000 != POVMON_VERSION_MAJOR ||
      povmon_version_number() < POVMON_VERSION_NUMBER) {
    fprintf(stderr,
            "libpovmon %s is older than or incompatible with header %s\n",
            povmon_version_string(), POVMON_VERSION_STRING);
    return 1;
  }
  if (povmon_policy_load(&policy, argv[1], strlen(argv[1])) != POVMON_OK) {
    fprintf(stderr, "%s\n", povmon_last_error());
    return 1;
  }
  if (povmon_options_create(&options) != POVMON_OK ||
      povmon_options_set_as_of(options, argv[2], strlen(argv[2])) !=
          POVMON_OK ||
      povmon_evaluator_create(&evaluator, policy) != POVMON_OK) {
    fprintf(stderr, "%s\n", povmon_last_error());
    povmon_options_destroy(options);
    povmon_policy_destroy(policy);
    return 1;
  }
  for (file = 3; file < argc; ++file) {
    size_t len = 0;
    char* data = read_file(argv[file], &len);
    char* line;
    long number = 0;
    if (data == NULL) {
      fprintf(stderr, "cannot read %s\n", argv[file]);
      undecided = 1;
      continue;
    }
    for (line = data; line < data + len;) {
      char* end = memchr(line, '\n', (size_t)(data + len - line));
      size_t line_len =
          end == NULL ? (size_t)(data + len - line) : (size_t)(end - line);
      ++number;
      if (line_len > 0 && line[line_len - 1] == '\r') --line_len;
      if (strspn(line, " \t") < line_len) {
        printf("== %s:%ld\n", base_name(argv[file]), number);
        if (!print_decision(evaluator, options, policy, line, line_len))
          undecided = 1;
      }
      line = end == NULL ? data + len : end + 1;
    }
    free(data);
  }
  povmon_evaluator_destroy(evaluator);
  povmon_options_destroy(options);
  povmon_policy_destroy(policy);
  return undecided ? 2 : 0;
}
