// The C ABI: the first byte picks the call (povmon_evaluate,
// povmon_evaluate_view or povmon_evaluate_batch), the input format (JSON
// or protobuf) and the output format; the rest is the input. Every call
// returns a status; a batch gives one result per record; outputs are freed.
#include <cstdint>
#include <cstring>
#include <string>

#include "povmon/povmon.h"
#include "tests/fuzz/fuzz_support.h"

namespace {

struct Loaded {
  povmon_policy* policy = nullptr;
  povmon_evaluator* evaluator = nullptr;
  povmon_options* options = nullptr;
};

Loaded& State() {
  static Loaded* loaded = [] {
    auto* l = new Loaded();
    std::string dir = povmon::fuzz::SourceDir() + "/policies/hunan-2024";
    POVMON_FUZZ_CHECK(povmon_policy_load(&l->policy, dir.data(), dir.size()) == POVMON_OK);
    POVMON_FUZZ_CHECK(povmon_evaluator_create(&l->evaluator, l->policy) == POVMON_OK);
    POVMON_FUZZ_CHECK(povmon_options_create(&l->options) == POVMON_OK);
    POVMON_FUZZ_CHECK(povmon_options_set_as_of(l->options, "2024-11-30", 10) == POVMON_OK);
    return l;
  }();
  return *loaded;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  Loaded& s = State();
  int mode = data[0] % 3;
  int input_format = (data[0] >> 2) & 1 ? POVMON_FORMAT_PROTO : POVMON_FORMAT_JSON;
  int output_format = (data[0] >> 3) & 1 ? POVMON_FORMAT_PROTO : POVMON_FORMAT_JSON;
  const std::uint8_t* input = data + 1;
  std::size_t input_len = size - 1;
  if (mode == 0) {
    void* out = nullptr;
    std::size_t out_len = 0;
    int status = povmon_evaluate(&out, &out_len, s.evaluator, s.options, input_format, input,
                                 input_len, output_format);
    POVMON_FUZZ_CHECK(status != POVMON_OK || out != nullptr);
    if (status != POVMON_OK) POVMON_FUZZ_CHECK(povmon_last_error() != nullptr);
    povmon_free(out);
  } else if (mode == 1) {
    const void* out = nullptr;
    std::size_t out_len = 0;
    int status = povmon_evaluate_view(&out, &out_len, s.evaluator, s.options, input_format,
                                      input, input_len, output_format);
    if (status == POVMON_OK && out_len > 0) {
      // The view is readable up to its length.
      unsigned char sum = 0;
      for (std::size_t i = 0; i < out_len; ++i) sum += static_cast<const unsigned char*>(out)[i];
      // Reading every byte is the check (ASan faults past the end); keep the loop.
      asm volatile("" : : "r"(sum));
    }
  } else {
    void* out = nullptr;
    std::size_t out_len = 0;
    int status = povmon_evaluate_batch(&out, &out_len, s.evaluator, s.options, input_format,
                                       input, input_len, output_format);
    if (status == POVMON_OK && output_format == POVMON_FORMAT_JSON && input_format ==
        POVMON_FORMAT_JSON) {
      // One output line per record: per non-blank input line.
      std::size_t records = 0;
      const char* text = reinterpret_cast<const char*>(input);
      std::size_t start = 0;
      for (std::size_t i = 0; i <= input_len; ++i) {
        if (i == input_len || text[i] == '\n') {
          bool blank = true;
          for (std::size_t k = start; k < i; ++k) {
            if (text[k] != ' ' && text[k] != '\t' && text[k] != '\r') blank = false;
          }
          if (!blank) ++records;
          start = i + 1;
        }
      }
      std::size_t lines = 0;
      for (std::size_t i = 0; i < out_len; ++i) lines += static_cast<char*>(out)[i] == '\n';
      POVMON_FUZZ_CHECK(lines == records);
    }
    povmon_free(out);
  }
  return 0;
}
