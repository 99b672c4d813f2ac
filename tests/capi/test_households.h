/* The test households, as JSON and as protobuf bytes written by a small
 * wire-format writer, with what the Hunan pack (Plan 4) decides about them.
 * Plain C with no povmon dependency, so the C++ engine probe shares it. */
#ifndef POVMON_TESTS_CAPI_TEST_HOUSEHOLDS_H_
#define POVMON_TESTS_CAPI_TEST_HOUSEHOLDS_H_

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef POVMON_SOURCE_DIR
#error "POVMON_SOURCE_DIR must name the source tree"
#endif

#define HUNAN_PACK POVMON_SOURCE_DIR "/policies/hunan-2024"
/* The Hunan pack's own tests decide these households as of this date. */
#define TEST_AS_OF "2024-07-01"

#define WIRE_REQUIRE(cond)                                                     \
  do {                                                                         \
    if (!(cond)) {                                                             \
      fprintf(stderr, "%s:%d: %s does not hold\n", __FILE__, __LINE__, #cond); \
      exit(1);                                                                 \
    }                                                                          \
  } while (0)

/* ------------------------------------------------------------ wire format */

typedef struct wire_buffer {
  unsigned char data[1024];
  size_t len;
} wire_buffer;

static inline void wire_varint(wire_buffer* b, uint64_t value) {
  while (value >= 0x80) {
    WIRE_REQUIRE(b->len < sizeof b->data);
    b->data[b->len++] = (unsigned char)((value & 0x7F) | 0x80);
    value >>= 7;
  }
  WIRE_REQUIRE(b->len < sizeof b->data);
  b->data[b->len++] = (unsigned char)value;
}

/* Field `number` as a varint (bool, enum, int). */
static inline void wire_int(wire_buffer* b, int number, uint64_t value) {
  wire_varint(b, (uint64_t)number << 3);
  wire_varint(b, value);
}

/* Field `number` as length-delimited bytes (string, message). */
static inline void wire_bytes(wire_buffer* b, int number, const void* data,
                              size_t len) {
  wire_varint(b, ((uint64_t)number << 3) | 2);
  wire_varint(b, len);
  WIRE_REQUIRE(b->len + len <= sizeof b->data);
  memcpy(b->data + b->len, data, len);
  b->len += len;
}

static inline void wire_string(wire_buffer* b, int number, const char* text) {
  wire_bytes(b, number, text, strlen(text));
}

/* ------------------------------------------------------------ households */

/* Plan 4 §2(二)①: a lifted-out household with a seriously ill member and
 * 6,000.00 yuan per person (18,000.00 over three registered members), below
 * the 6,500.00 line: an unstable lifted-out household. */
#define UNSTABLE_JSON                                                     \
  "{\"id\":\"hn-unstable\",\"lifted_out\":true,\"lifted_out_year\":2019," \
  "\"members\":["                                                         \
  "{\"id\":\"m1\",\"relation\":\"RELATION_HEAD\",\"registered\":true,"    \
  "\"co_resident\":true,\"labour_capacity\":\"LABOUR_CAPACITY_FULL\"},"   \
  "{\"id\":\"m2\",\"relation\":\"RELATION_SPOUSE\",\"registered\":true,"  \
  "\"co_resident\":true,\"labour_capacity\":\"LABOUR_CAPACITY_PARTIAL\"," \
  "\"health\":{\"serious_illness\":true}},"                               \
  "{\"id\":\"m3\",\"relation\":\"RELATION_CHILD\",\"registered\":true,"   \
  "\"co_resident\":true,\"labour_capacity\":\"LABOUR_CAPACITY_NONE\","    \
  "\"schooling\":{\"stage\":\"SCHOOL_STAGE_PRIMARY\"}}],"                 \
  "\"income\":["                                                          \
  "{\"date\":\"2024-03-31\",\"kind\":\"INCOME_KIND_WAGE\","               \
  "\"amount_fen\":\"1500000\"},"                                          \
  "{\"date\":\"2023-12-31\",\"kind\":\"INCOME_KIND_BUSINESS\","           \
  "\"amount_fen\":\"300000\"}],"                                          \
  "\"housing\":\"HOUSING_SAFETY_SAFE\",\"water\":\"WATER_SAFETY_SAFE\"}"

/* Plan 4 §2(二)②: an ordinary household in a dangerous house with 5,500.00
 * yuan per person (11,000.00 over two): marginal at risk. */
#define MARGINAL_JSON                                                    \
  "{\"id\":\"hn-marginal\",\"members\":["                                \
  "{\"id\":\"m1\",\"relation\":\"RELATION_HEAD\",\"registered\":true,"   \
  "\"co_resident\":true,\"labour_capacity\":\"LABOUR_CAPACITY_FULL\"},"  \
  "{\"id\":\"m2\",\"relation\":\"RELATION_SPOUSE\",\"registered\":true," \
  "\"co_resident\":true,\"labour_capacity\":\"LABOUR_CAPACITY_FULL\"}]," \
  "\"income\":[{\"date\":\"2024-01-15\",\"kind\":\"INCOME_KIND_WAGE\","  \
  "\"amount_fen\":\"1100000\"}],"                                        \
  "\"housing\":\"HOUSING_SAFETY_UNSAFE\",\"water\":\"WATER_SAFETY_SAFE\"}"

/* MARGINAL_JSON as serialized povmon.v1.Household bytes, written by hand
 * from household.proto's field numbers. */
static inline void marginal_household_proto(wire_buffer* out) {
  wire_buffer member;
  wire_buffer income;
  const char* ids[2] = {"m1", "m2"};
  int relations[2] = {1 /* RELATION_HEAD */, 2 /* RELATION_SPOUSE */};
  int i;
  out->len = 0;
  wire_string(out, 1, "hn-marginal"); /* Household.id */
  for (i = 0; i < 2; ++i) {
    member.len = 0;
    wire_string(&member, 1, ids[i]);              /* Member.id */
    wire_int(&member, 5, (uint64_t)relations[i]); /* relation */
    wire_int(&member, 6, 1);                      /* registered */
    wire_int(&member, 7, 1);                      /* co_resident */
    wire_int(&member, 8, 1);                      /* LABOUR_CAPACITY_FULL */
    wire_bytes(out, 5, member.data, member.len);  /* Household.members */
  }
  income.len = 0;
  wire_string(&income, 1, "2024-01-15");       /* IncomeRecord.date */
  wire_int(&income, 3, 1);                     /* INCOME_KIND_WAGE */
  wire_int(&income, 4, 1100000);               /* amount_fen */
  wire_bytes(out, 6, income.data, income.len); /* Household.income */
  wire_int(out, 11, 2);                        /* HOUSING_SAFETY_UNSAFE */
  wire_int(out, 12, 1);                        /* WATER_SAFETY_SAFE */
}

#endif /* POVMON_TESTS_CAPI_TEST_HOUSEHOLDS_H_ */
