package org.povmon;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Java binding against the shipped Hunan pack (Plan 4). Run with -Dpovmon.library naming
 * the built libpovmon.so and -Dpovmon.source.dir the source tree (CTest povmon_java_junit).
 */
class PolicyTest {
  static final Path SOURCE = Path.of(System.getProperty("povmon.source.dir", "../.."));
  static final Path HUNAN = SOURCE.resolve("policies/hunan-2024");
  static final EvaluateOptions AS_OF = EvaluateOptions.asOf("2024-07-01");

  /** Plan 4 §2(二)①: lifted out, a seriously ill member, 6,000.00 per person. */
  static final String UNSTABLE =
      "{\"id\":\"hn-unstable\",\"lifted_out\":true,\"lifted_out_year\":2019,\"members\":["
          + "{\"id\":\"m1\",\"relation\":\"RELATION_HEAD\",\"registered\":true,"
          + "\"co_resident\":true,\"labour_capacity\":\"LABOUR_CAPACITY_FULL\"},"
          + "{\"id\":\"m2\",\"relation\":\"RELATION_SPOUSE\",\"registered\":true,"
          + "\"co_resident\":true,\"labour_capacity\":\"LABOUR_CAPACITY_PARTIAL\","
          + "\"health\":{\"serious_illness\":true}},"
          + "{\"id\":\"m3\",\"relation\":\"RELATION_CHILD\",\"registered\":true,"
          + "\"co_resident\":true,\"labour_capacity\":\"LABOUR_CAPACITY_NONE\","
          + "\"schooling\":{\"stage\":\"SCHOOL_STAGE_PRIMARY\"}}],"
          + "\"income\":[{\"date\":\"2024-03-31\",\"kind\":\"INCOME_KIND_WAGE\","
          + "\"amount_fen\":\"1500000\"},{\"date\":\"2023-12-31\","
          + "\"kind\":\"INCOME_KIND_BUSINESS\",\"amount_fen\":\"300000\"}],"
          + "\"housing\":\"HOUSING_SAFETY_SAFE\",\"water\":\"WATER_SAFETY_SAFE\"}";

  /** Plan 4 §2(二)②: an ordinary household in a dangerous house, 5,500.00 per person. */
  static final String MARGINAL =
      "{\"id\":\"hn-marginal\",\"members\":["
          + "{\"id\":\"m1\",\"relation\":\"RELATION_HEAD\",\"registered\":true,"
          + "\"co_resident\":true,\"labour_capacity\":\"LABOUR_CAPACITY_FULL\"},"
          + "{\"id\":\"m2\",\"relation\":\"RELATION_SPOUSE\",\"registered\":true,"
          + "\"co_resident\":true,\"labour_capacity\":\"LABOUR_CAPACITY_FULL\"}],"
          + "\"income\":[{\"date\":\"2024-01-15\",\"kind\":\"INCOME_KIND_WAGE\","
          + "\"amount_fen\":\"1100000\"}],"
          + "\"housing\":\"HOUSING_SAFETY_UNSAFE\",\"water\":\"WATER_SAFETY_SAFE\"}";

  /**
   * Plan 4 §2(二)② with 6,800.00 per person: above the Hunan pack's monitoring line of 6,500
   * (Plan 4 §2(三)), below 7,000.
   */
  static final String HOUSEHOLD_6800 =
      MARGINAL.replace("\"hn-marginal\"", "\"hn-6800\"").replace("\"1100000\"", "\"1360000\"");

  static Policy policy;

  @BeforeAll
  static void load() {
    policy = Policy.load(HUNAN);
  }

  @AfterAll
  static void close() {
    policy.close();
  }

  // ---------------------------------------------------------------- protobuf by hand

  static void varint(ByteArrayOutputStream out, long value) {
    while (value >= 0x80) {
      out.write((int) ((value & 0x7F) | 0x80));
      value >>>= 7;
    }
    out.write((int) value);
  }

  static void field(ByteArrayOutputStream out, int number, long value) {
    varint(out, (long) number << 3);
    varint(out, value);
  }

  static void field(ByteArrayOutputStream out, int number, byte[] value) {
    varint(out, ((long) number << 3) | 2);
    varint(out, value.length);
    out.write(value, 0, value.length);
  }

  static void field(ByteArrayOutputStream out, int number, String value) {
    field(out, number, value.getBytes(StandardCharsets.UTF_8));
  }

  /** MARGINAL as serialized povmon.v1.Household, by household.proto's field numbers. */
  static byte[] marginalProto() {
    ByteArrayOutputStream household = new ByteArrayOutputStream();
    field(household, 1, "hn-marginal");
    String[] ids = {"m1", "m2"};
    for (int i = 0; i < 2; ++i) {
      ByteArrayOutputStream member = new ByteArrayOutputStream();
      field(member, 1, ids[i]);
      field(member, 5, i + 1); // RELATION_HEAD, RELATION_SPOUSE
      field(member, 6, 1); // registered
      field(member, 7, 1); // co_resident
      field(member, 8, 1); // LABOUR_CAPACITY_FULL
      field(household, 5, member.toByteArray());
    }
    ByteArrayOutputStream income = new ByteArrayOutputStream();
    field(income, 1, "2024-01-15");
    field(income, 3, 1); // INCOME_KIND_WAGE
    field(income, 4, 1100000);
    field(household, 6, income.toByteArray());
    field(household, 11, 2); // HOUSING_SAFETY_UNSAFE
    field(household, 12, 1); // WATER_SAFETY_SAFE
    return household.toByteArray();
  }

  static List<String> lines(String name) throws IOException {
    List<String> out = new ArrayList<>();
    for (String line : Files.readAllLines(SOURCE.resolve("examples/households/" + name))) {
      if (!line.isBlank()) {
        out.add(line);
      }
    }
    return out;
  }

  static String idOf(String json) {
    Matcher m = Pattern.compile("^\\{\"id\":\"([^\"]+)\"").matcher(json);
    return m.find() ? m.group(1) : null;
  }

  // ---------------------------------------------------------------- loading

  @Test
  void libraryVersionMatchesVersionH() throws IOException {
    String header = Files.readString(SOURCE.resolve("include/povmon/version.h"));
    Matcher m = Pattern.compile("#define POVMON_VERSION_STRING \"([^\"]+)\"").matcher(header);
    assertTrue(m.find());
    assertEquals(m.group(1), Policy.libraryVersion());
  }

  @Test
  void loadReadsIdRevisionAndDates() {
    assertEquals("hunan-2024", policy.id());
    assertTrue(policy.revision().matches("[0-9a-f]{64}"), policy.revision());
    assertEquals(LocalDate.of(2024, 1, 1), policy.validFrom());
    assertEquals(LocalDate.of(2024, 12, 31), policy.validUntil());
  }

  @Test
  void missingPackIsNotFound() {
    PovmonException e =
        assertThrows(
            PovmonException.class, () -> Policy.load(SOURCE.resolve("policies/no-such-pack")));
    assertEquals(PovmonException.NOT_FOUND, e.code());
    assertEquals("NOT_FOUND", e.status());
    assertTrue(e.getMessage().contains("no-such-pack"), e.getMessage());
  }

  @Test
  void packWithProblemsListsEveryOneWithItsPosition() {
    Map<String, String> files = new LinkedHashMap<>();
    files.put(
        "pack.textproto",
        "id: \"bad\"\ntitle_en: \"A pack with two mistakes\"\n"
            + "description: \"A type error and a rule without a citation.\"\n"
            + "source: \"Plan 4\"\nvalid_from: \"2024-01-01\"\nvalid_until: \"2024-12-31\"\n"
            + "income {\n  window { kind: WINDOW_KIND_ROLLING_12_MONTHS }\n"
            + "  counted_kinds: [INCOME_KIND_WAGE]\n  members: MEMBER_COUNTING_REGISTERED\n"
            + "  citation: \"Plan 7 §3(一)\"\n}\n"
            + "parameter_files: \"parameters.textproto\"\nrule_files: \"rules.textproto\"\n");
    files.put(
        "parameters.textproto",
        "parameter {\n  name: \"monitoring_line\"\n  type: PARAMETER_TYPE_MONEY\n"
            + "  description: \"Monitoring line\"\n  citation: \"Plan 4 §2(三)\"\n"
            + "  value { from: \"2024-01-01\" yuan: \"6500.00\" }\n}\n");
    files.put(
        "rules.textproto",
        "rule {\n  id: \"category.marginal\"\n  citation: \"Plan 4 §2(二)\"\n"
            + "  description_zh: \"人均純收入低於監測線\"\n"
            + "  description_en: \"Per-capita net income below the line\"\n"
            + "  when: \"facts.per_capita_net_income_fen < 6500\"\n"
            + "  category: CATEGORY_MARGINAL_AT_RISK\n}\n"
            + "rule {\n  id: \"risk.illness\"\n  description_zh: \"家庭成員患大病\"\n"
            + "  description_en: \"A member has a serious illness\"\n"
            + "  when: \"any(household.members, m, m.health.serious_illness)\"\n"
            + "  risk: RISK_TYPE_ILLNESS\n}\n");
    PolicyLoadException e =
        assertThrows(PolicyLoadException.class, () -> Policy.fromFiles(files, "mem"));
    assertEquals(PovmonException.INVALID_ARGUMENT, e.code());
    assertEquals(2, e.problems().size(), e.getMessage());
    Problem typeError = e.problems().get(0);
    assertEquals("mem/rules.textproto", typeError.file());
    assertEquals(6, typeError.line());
    assertTrue(typeError.column() >= 10);
    assertTrue(typeError.message().contains("category.marginal"), typeError.message());
    assertEquals(
        new Problem("mem/rules.textproto", 9, 1, "rule \"risk.illness\" has no citation"),
        e.problems().get(1));
    assertTrue(e.getMessage().contains("mem/rules.textproto:9:1: rule \"risk.illness\""));
  }

  @Test
  void fromFilesLoadsTheSamePackAsTheDirectory() throws IOException {
    Map<String, String> files = new LinkedHashMap<>();
    try (var paths = Files.list(HUNAN)) {
      for (Path path : (Iterable<Path>) paths::iterator) {
        if (Files.isRegularFile(path)) {
          files.put(path.getFileName().toString(), Files.readString(path));
        }
      }
    }
    try (Policy fromMemory = Policy.fromFiles(files, "hunan")) {
      assertEquals(policy.revision(), fromMemory.revision());
      assertEquals(policy.evaluate(UNSTABLE, AS_OF), fromMemory.evaluate(UNSTABLE, AS_OF));
    }
  }

  @Test
  void closedPolicyRefusesWork() {
    Policy p = Policy.load(HUNAN, AS_OF);
    assertTrue(p.evaluate(MARGINAL).contains("\"household_id\":\"hn-marginal\""));
    p.close();
    p.close(); // twice is harmless
    assertThrows(IllegalStateException.class, () -> p.evaluate(MARGINAL));
  }

  // ---------------------------------------------------------------- evaluate

  @Test
  void decidesAnUnstableLiftedOutHousehold() {
    String decision = policy.evaluate(UNSTABLE, AS_OF);
    assertFalse(decision.contains("\n"));
    assertTrue(decision.startsWith("{\"household_id\":\"hn-unstable\""), decision);
    assertTrue(decision.contains("\"pack_revision\":\"" + policy.revision() + "\""));
    assertTrue(decision.contains("\"category\":\"CATEGORY_UNSTABLE_LIFTED_OUT\""));
    assertTrue(decision.contains("\"category_rule_id\":\"p4.category.unstable_lifted_out\""));
    assertTrue(decision.contains("\"per_capita_net_income_fen\":\"600000\""));
    assertTrue(decision.contains("\"citation\":\"Plan 4 §2(二)①\""));
  }

  @Test
  void protoAndJsonGiveTheSameDecision() {
    byte[] household = marginalProto();
    byte[] fromProto = policy.evaluate(household, AS_OF);
    // Decision.household_id (field 1) is written first.
    byte[] head = Arrays.copyOf(fromProto, 13);
    assertArrayEquals("\n\u000bhn-marginal".getBytes(StandardCharsets.US_ASCII), head);
    String json = policy.evaluate(MARGINAL, AS_OF);
    assertEquals(json, policy.evaluateToJson(household, AS_OF));
    assertTrue(json.contains("\"category\":\"CATEGORY_MARGINAL_AT_RISK\""));
    assertTrue(json.contains("\"per_capita_net_income_fen\":\"550000\""));
  }

  @Test
  void traceLevels() {
    String off = policy.evaluate(UNSTABLE, AS_OF.withTrace(Trace.OFF));
    String rules = policy.evaluate(UNSTABLE, AS_OF);
    String full = policy.evaluate(UNSTABLE, AS_OF.withTrace(Trace.FULL));
    assertFalse(off.contains("\"trace\":"));
    assertTrue(off.contains("\"category\":\"CATEGORY_UNSTABLE_LIFTED_OUT\""));
    assertTrue(rules.contains("\"trace\":["));
    assertFalse(rules.contains("\"compared\""));
    assertTrue(full.contains("\"compared\":["));
    assertTrue(full.contains("\"rule_id\":\"p4.risk.unsafe_housing\""));
  }

  @Test
  void defaultOptionsAreRequiredForTheShortForms() {
    PovmonException e = assertThrows(PovmonException.class, () -> policy.evaluate(MARGINAL));
    assertEquals(PovmonException.INVALID_ARGUMENT, e.code());
    assertTrue(e.getMessage().startsWith("no as-of date"), e.getMessage());
  }

  // ---------------------------------------------------------------- bad input

  @Test
  void badHouseholdsRaiseClearExceptions() {
    String[][] cases = {
      {"{\"id\":\"x\",\"members\":[", "malformed JSON"},
      {"", "input is empty"},
      {
        "{\"id\":\"bad-date\",\"members\":[{\"id\":\"a\",\"registered\":true,"
            + "\"birth_date\":\"2024-02-30\"}]}",
        "members[0].birth_date: \"2024-02-30\" is not a valid date"
      },
      {"{\"id\":\"x\",\"annual_income_yuan\":5}", "annual_income_yuan"},
      {"{\"id\":\"empty\"}", "no counted members"},
    };
    for (String[] c : cases) {
      PovmonException e = assertThrows(PovmonException.class, () -> policy.evaluate(c[0], AS_OF));
      assertEquals(PovmonException.INVALID_ARGUMENT, e.code(), c[0]);
      assertEquals("INVALID_ARGUMENT", e.status());
      assertTrue(e.getMessage().contains(c[1]), e.getMessage());
    }
    PovmonException garbage =
        assertThrows(
            PovmonException.class, () -> policy.evaluate(new byte[] {0x0a, 0x7f, 0x01}, AS_OF));
    assertEquals("input is not a serialized povmon.v1.Household", garbage.getMessage());
    assertThrows(NullPointerException.class, () -> policy.evaluate((String) null, AS_OF));
    assertThrows(NullPointerException.class, () -> policy.evaluate(MARGINAL, null));
  }

  @Test
  void datesOutsideThePackAreOutOfRange() {
    PovmonException e =
        assertThrows(
            PovmonException.class,
            () -> policy.evaluate(MARGINAL, EvaluateOptions.asOf(LocalDate.of(2025, 1, 1))));
    assertEquals(PovmonException.OUT_OF_RANGE, e.code());
    assertEquals(
        "as-of date 2025-01-01 is outside the dates of pack hunan-2024 (2024-01-01 to 2024-12-31)",
        e.getMessage());
  }

  @Test
  void randomBytesNeverCrash() {
    Random random = new Random(5);
    int rejected = 0;
    for (int i = 0; i < 300; ++i) {
      byte[] data = new byte[1 + random.nextInt(63)];
      random.nextBytes(data);
      try {
        policy.evaluate(data, AS_OF);
      } catch (PovmonException e) {
        ++rejected;
        assertNotEquals(0, e.code());
      }
    }
    assertTrue(rejected > 0);
  }

  // ---------------------------------------------------------------- batch

  @Test
  void batchGivesOneResultPerHouseholdInOrder() throws IOException {
    List<String> hunan = lines("hunan.jsonl");
    List<String> bad = lines("bad.jsonl");
    List<String> input = new ArrayList<>();
    input.add(UNSTABLE);
    input.addAll(bad);
    input.add("   ");
    input.add(MARGINAL.replace(",", ",\n"));
    input.addAll(hunan);
    List<BatchResult> results = policy.evaluateBatch(input, EvaluateOptions.asOf("2024-11-30"));
    assertEquals(input.size(), results.size());
    assertTrue(results.get(0).decisionJson().startsWith("{\"household_id\":\"hn-unstable\""));
    int failed = 0;
    for (int i = 0; i < bad.size(); ++i) {
      BatchResult r = results.get(1 + i);
      if (!r.ok()) {
        ++failed;
        assertEquals(1 + i, r.error().index());
        assertEquals(idOf(bad.get(i)), r.error().householdId());
      }
    }
    assertTrue(failed >= 4, "bad.jsonl is there to fail");
    BatchResult blank = results.get(1 + bad.size());
    assertEquals(PovmonException.INVALID_ARGUMENT, blank.error().code());
    assertEquals(1 + bad.size(), blank.error().index());
    assertTrue(
        results.get(2 + bad.size()).decisionJson().contains("\"household_id\":\"hn-marginal\""));
    for (int i = 0; i < hunan.size(); ++i) {
      BatchResult r = results.get(3 + bad.size() + i);
      if (r.ok()) {
        assertTrue(r.decisionJson().contains("\"household_id\":\"" + idOf(hunan.get(i)) + "\""));
      }
    }
    PovmonException thrown = assertThrows(PovmonException.class, blank::decisionJson);
    assertEquals(blank.error(), thrown);
  }

  @Test
  void batchTakesLinesWithTheirLineEndings() throws IOException {
    List<String> input = new ArrayList<>();
    input.add(MARGINAL + "\n");
    input.add(MARGINAL.replace(",", ",\n") + "\r\n"); // decided on its own
    input.add("{\"id\":\"empty\",\n\"members\":[]}\n");
    List<BatchResult> results = policy.evaluateBatch(input, AS_OF);
    assertTrue(results.get(0).decisionJson().contains("\"household_id\":\"hn-marginal\""));
    assertEquals(results.get(0).decisionJson(), results.get(1).decisionJson());
    PovmonException e = results.get(2).error();
    assertEquals(2, e.index());
    assertEquals("empty", e.householdId());
    assertTrue(e.getMessage().contains("no counted members"), e.getMessage());
  }

  @Test
  void batchErrorNamesTheField() {
    List<BatchResult> results =
        policy.evaluateBatch(
            List.of(
                MARGINAL,
                "{\"id\":\"bad-date\",\"members\":[{\"id\":\"a\",\"registered\":true,"
                    + "\"birth_date\":\"2024-02-30\"}]}"),
            AS_OF);
    PovmonException e = results.get(1).error();
    assertEquals(1, e.index());
    assertEquals("bad-date", e.householdId());
    assertEquals("members[0].birth_date", e.field());
    assertNull(results.get(0).error());
  }

  // ---------------------------------------------------------------- batch runs

  /** {@code copies} copies of the example households under fresh ids, as JSON Lines bytes. */
  static byte[] hunanBytes(int copies) throws IOException {
    List<String> examples = lines("hunan.jsonl");
    StringBuilder out = new StringBuilder();
    for (int k = 0; k < copies; ++k) {
      for (String line : examples) {
        out.append(line.replaceFirst("^\\{\"id\":\"", "{\"id\":\"c" + k + "-")).append('\n');
      }
    }
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void jsonLinesGiveOneResultPerLineWithLineNumbers() throws IOException {
    List<String> hunan = lines("hunan.jsonl");
    List<String> bad = lines("bad.jsonl");
    String text =
        String.join("\n", hunan.subList(0, 3)) + "\n\n  \t\n" + String.join("\n", bad) + "\r\n"
            + String.join("\n", hunan.subList(3, hunan.size())) + "\n";
    List<String> all = new ArrayList<>(hunan.subList(0, 3));
    all.addAll(bad);
    all.addAll(hunan.subList(3, hunan.size()));
    EvaluateOptions options = EvaluateOptions.asOf("2024-11-30");
    List<BatchResult> expected = policy.evaluateBatch(all, options);
    byte[] data = text.getBytes(StandardCharsets.UTF_8);
    List<BatchResult> results = policy.evaluateJsonLines(data, options);
    List<BatchResult> streamed = new ArrayList<>();
    policy.evaluateJsonLines(
        new java.io.ByteArrayInputStream(data), options, DecisionFormat.JSON, 2, streamed::add);
    assertEquals(all.size(), results.size());
    assertEquals(all.size(), streamed.size());
    for (int i = 0; i < all.size(); ++i) {
      BatchResult want = expected.get(i);
      for (BatchResult got : List.of(results.get(i), streamed.get(i))) {
        assertEquals(want.ok(), got.ok(), "record " + i);
        if (want.ok()) {
          assertEquals(want.decisionJson(), got.decisionJson());
        } else {
          assertEquals(want.error().getMessage(), got.error().getMessage());
          assertEquals(i, got.error().index());
          assertEquals(i + 1, got.error().line()); // the record's 1-based position
          assertEquals(idOf(all.get(i)), got.error().householdId());
        }
      }
    }
  }

  @Test
  void jsonLinesReturnProtobufWithoutJson() throws IOException {
    byte[] data = hunanBytes(2);
    EvaluateOptions options = EvaluateOptions.asOf("2024-11-30");
    List<BatchResult> json = policy.evaluateJsonLines(data, options);
    List<BatchResult> proto = policy.evaluateJsonLines(data, options, DecisionFormat.PROTO, 2);
    assertEquals(64, proto.size());
    for (int i = 0; i < 64; ++i) {
      assertEquals(DecisionFormat.PROTO, proto.get(i).format());
      if (!json.get(i).ok()) { // the two households of hunan.jsonl that are there to fail
        assertEquals(json.get(i).error().getMessage(), proto.get(i).error().getMessage());
        assertEquals(json.get(i).error().field(), proto.get(i).error().field());
        continue;
      }
      // The protobuf decision explains as the JSON one does.
      assertEquals(
          policy.explain(json.get(i).decisionJson()), policy.explain(proto.get(i).decisionBytes()));
      // A result's bytes, text and toString are its own slice of the chunk's shared buffer.
      String decision = json.get(i).decisionJson();
      assertEquals(decision, new String(json.get(i).decisionBytes(), StandardCharsets.UTF_8));
      assertEquals(decision, json.get(i).toString());
      assertTrue(decision.startsWith("{\"household_id\":\"c" + (i / 32) + "-"), decision);
      assertTrue(decision.endsWith("}"), decision);
      String id = org.povmon.v1.Decision.parseFrom(proto.get(i).decisionBytes()).getHouseholdId();
      assertTrue(decision.startsWith("{\"household_id\":\"" + id + "\","), decision);
    }
    assertThrows(IllegalStateException.class, () -> proto.get(0).decisionJson());
    assertThrows(
        IllegalArgumentException.class,
        () -> policy.evaluateJsonLines(data, options, DecisionFormat.JSON, 257));
  }

  /** Hands over one line per read: each line becomes its own call into the library. */
  static java.io.InputStream oneLinePerRead(byte[] data) {
    return new java.io.InputStream() {
      private int pos;

      @Override
      public int read() {
        return pos < data.length ? data[pos++] & 0xFF : -1;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (pos == data.length) {
          return -1;
        }
        int n = 0;
        while (n < len && pos < data.length) {
          b[off + n++] = data[pos];
          if (data[pos++] == '\n') {
            break;
          }
        }
        return n;
      }
    };
  }

  @Test
  void protobufErrorsCarryTheirIndexInTheWholeRun() throws IOException {
    // Two copies of hunan.jsonl, one library call per line: the four failing records keep their
    // index in the whole stream (it used to restart at 0 with every call of the batch run).
    byte[] data = hunanBytes(2);
    EvaluateOptions options = EvaluateOptions.asOf("2024-11-30");
    List<BatchResult> json = policy.evaluateJsonLines(data, options);
    List<BatchResult> proto = new ArrayList<>();
    policy.evaluateJsonLines(oneLinePerRead(data), options, DecisionFormat.PROTO, 1, proto::add);
    assertEquals(64, proto.size());
    int failed = 0;
    for (int i = 0; i < 64; ++i) {
      assertEquals(json.get(i).ok(), proto.get(i).ok(), "record " + i);
      if (!proto.get(i).ok()) {
        assertEquals(i, json.get(i).error().index());
        assertEquals(i, proto.get(i).error().index(), "record " + i);
        assertEquals(json.get(i).error().getMessage(), proto.get(i).error().getMessage());
        ++failed;
      }
    }
    assertEquals(4, failed);
  }

  @Test
  void jsonLinesLongerThanOneChunkAreDecidedWhole() throws IOException {
    // 40 copies of hunan.jsonl: about 5 MB, more than the 4 MB handed to the library at a time,
    // so the run reuses its native block for a second, shorter chunk.
    byte[] data = hunanBytes(40);
    assertTrue(data.length > 4 << 20, "input of " + data.length + " bytes");
    List<String> all =
        Arrays.asList(new String(data, StandardCharsets.UTF_8).split("\n"));
    EvaluateOptions options = EvaluateOptions.asOf("2024-11-30");
    List<BatchResult> expected = policy.evaluateBatch(all, options);
    for (DecisionFormat format : DecisionFormat.values()) {
      List<BatchResult> results = policy.evaluateJsonLines(data, options, format, 2);
      assertEquals(all.size(), results.size());
      for (int i = 0; i < all.size(); ++i) {
        BatchResult want = expected.get(i);
        BatchResult got = results.get(i);
        assertEquals(want.ok(), got.ok(), "record " + i);
        if (!want.ok()) {
          assertEquals(i, got.error().index(), "record " + i);
          assertEquals(want.error().getMessage(), got.error().getMessage());
        } else if (format == DecisionFormat.JSON) {
          assertEquals(want.decisionJson(), got.decisionJson(), "record " + i);
        } else {
          assertEquals(
              policy.explain(want.decisionJson()), policy.explain(got.decisionBytes()),
              "record " + i);
        }
      }
    }
  }

  @Test
  void aDecisionSinkSeesWhatTheListHolds() throws IOException {
    // 40 copies of hunan.jsonl (two chunks), from a byte[], a direct buffer (handed to the
    // library where it is) and a heap buffer with a position: the sink's views hold the bytes
    // of the listed results, its errors theirs, for both formats.
    byte[] data = hunanBytes(40);
    EvaluateOptions options = EvaluateOptions.asOf("2024-11-30");
    ByteBuffer direct = ByteBuffer.allocateDirect(data.length + 3);
    direct.put(new byte[] {'\n', ' ', '\n'}).put(data).flip().position(3);
    ByteBuffer heap = ByteBuffer.allocate(data.length + 1);
    heap.put((byte) '\n').put(data).flip().position(1);
    for (DecisionFormat format : DecisionFormat.values()) {
      List<BatchResult> want = policy.evaluateJsonLines(data, options, format, 2);
      for (Object input : List.of(data, direct, heap)) {
        List<Object[]> got = new ArrayList<>();
        DecisionSink sink =
            (index, decision, error) -> {
              assertTrue(decision == null || decision.isReadOnly());
              byte[] bytes = null;
              if (decision != null) {
                bytes = new byte[decision.remaining()];
                decision.get(bytes);
              }
              got.add(new Object[] {index, bytes, error});
            };
        if (input instanceof byte[]) {
          policy.evaluateJsonLines((byte[]) input, options, format, 1, sink);
        } else {
          policy.evaluateJsonLines((ByteBuffer) input, options, format, 2, sink);
          assertEquals(input == direct ? 3 : 1, ((ByteBuffer) input).position());
        }
        assertEquals(want.size(), got.size(), format + " " + input);
        for (int i = 0; i < want.size(); ++i) {
          assertEquals((long) i, got.get(i)[0]);
          if (want.get(i).ok()) {
            assertArrayEquals(want.get(i).decisionBytes(), (byte[]) got.get(i)[1], "record " + i);
            assertEquals(null, got.get(i)[2]);
          } else {
            PovmonException error = (PovmonException) got.get(i)[2];
            assertEquals(null, got.get(i)[1]);
            assertEquals(want.get(i).error().getMessage(), error.getMessage());
            assertEquals(want.get(i).error().index(), error.index());
            assertEquals(want.get(i).error().line(), error.line());
          }
        }
      }
    }
  }

  @Test
  void keptResultsSpanBlocksAndASinkThatThrowsStopsOnlyItsRun() throws IOException {
    // 40 copies of hunan.jsonl: two chunks whose 3 MB of JSON results fill the run's first
    // kept blocks (1, 2 and 4 MiB) across their ends; each list result still reads its own
    // decision after a collection. A sink that throws in the second chunk ends the call with
    // its exception, and the policy's next run gives the same results.
    byte[] data = hunanBytes(40);
    List<String> all = Arrays.asList(new String(data, StandardCharsets.UTF_8).split("\n"));
    EvaluateOptions options = EvaluateOptions.asOf("2024-11-30");
    List<BatchResult> expected = policy.evaluateBatch(all, options);
    List<BatchResult> kept = policy.evaluateJsonLines(data, options, DecisionFormat.JSON, 2);
    long bytes = 0;
    for (BatchResult r : kept) {
      bytes += r.ok() ? r.decisionBytes().length : 0;
    }
    assertTrue(bytes > 3 << 20, bytes + " bytes of results");
    System.gc();
    IllegalStateException stop = new IllegalStateException("stop");
    for (DecisionFormat format : DecisionFormat.values()) {
      long[] seen = {0};
      IllegalStateException thrown =
          assertThrows(
              IllegalStateException.class,
              () ->
                  policy.evaluateJsonLines(
                      data, options, format, 2,
                      (index, decision, error) -> {
                        if (++seen[0] == all.size() - 5) {
                          throw stop;
                        }
                      }));
      assertTrue(thrown == stop);
      assertEquals(all.size() - 5, seen[0]);
    }
    List<BatchResult> again = policy.evaluateJsonLines(data, options, DecisionFormat.JSON, 1);
    assertSameResults(expected, kept);
    assertSameResults(expected, again);
  }

  /** Each result of {@code got} is {@code want}'s: its outcome, JSON and bytes. */
  private static void assertSameResults(List<BatchResult> want, List<BatchResult> got) {
    assertEquals(want.size(), got.size());
    for (int i = 0; i < want.size(); ++i) {
      assertEquals(want.get(i).ok(), got.get(i).ok(), "record " + i);
      if (want.get(i).ok()) {
        assertEquals(want.get(i).decisionJson(), got.get(i).decisionJson(), "record " + i);
        assertArrayEquals(want.get(i).decisionBytes(), got.get(i).decisionBytes(), "record " + i);
      }
    }
  }

  /** Collects until ResultBlocks holds at most {@code bytes} native bytes (10 s at most). */
  private static long collectNativeBlocksTo(long bytes) throws InterruptedException {
    for (int k = 0; k < 200 && ResultBlocks.nativeBytes() > bytes; ++k) {
      System.gc();
      Thread.sleep(50);
    }
    return ResultBlocks.nativeBytes();
  }

  @Test
  void keptResultsFromFourMiBAreNativeBlocksFreedWhenUnreachable() throws Exception {
    // 60 copies of hunan.jsonl: about 5 MB of JSON results, past the 1 and 2 MiB heap blocks
    // into a native one, which holds them unchanged through collections and is freed once
    // none of them is reachable.
    long before = collectNativeBlocksTo(0);
    byte[] data = hunanBytes(60);
    List<String> all = Arrays.asList(new String(data, StandardCharsets.UTF_8).split("\n"));
    EvaluateOptions options = EvaluateOptions.asOf("2024-11-30");
    List<BatchResult> expected = policy.evaluateBatch(all, options);
    List<BatchResult> kept = policy.evaluateJsonLines(data, options, DecisionFormat.JSON, 1);
    assertTrue(ResultBlocks.nativeBytes() >= before + ResultBlocks.NATIVE_FROM,
        ResultBlocks.nativeBytes() + " native bytes");
    for (int k = 0; k < 3; ++k) {
      System.gc();
      policy.evaluateJsonLines(data, options, DecisionFormat.PROTO, 1);
    }
    assertEquals(all.size(), kept.size());
    assertSameResults(expected, kept);
    kept = null;
    expected = null; // evaluateBatch's results share blocks too
    assertTrue(collectNativeBlocksTo(before) <= before, ResultBlocks.nativeBytes() + " left");
  }

  @Test
  void nativeResultBlocksStopAtTheirLimit() throws Exception {
    // Held blocks count against ResultBlocks.NATIVE_LIMIT; past it the next block is a Java
    // array, and freed blocks make room again. (Blocks never written stay virtual memory.)
    collectNativeBlocksTo(0);
    List<ByteBuffer> held = new ArrayList<>();
    ByteBuffer block;
    do {
      block = ResultBlocks.next(ResultBlocks.LARGEST, ResultBlocks.LARGEST);
      held.add(block);
      assertTrue(ResultBlocks.nativeBytes() <= ResultBlocks.NATIVE_LIMIT);
    } while (block.isDirect() && held.size() <= ResultBlocks.NATIVE_LIMIT / ResultBlocks.LARGEST);
    assertFalse(block.isDirect(), held.size() + " native blocks");
    assertEquals(ResultBlocks.LARGEST, block.capacity());
    assertTrue(held.size() >= ResultBlocks.NATIVE_LIMIT / (ResultBlocks.LARGEST + (2 << 20)));
    held = null;
    block = null;
    assertEquals(0, collectNativeBlocksTo(0));
    assertTrue(ResultBlocks.next(ResultBlocks.LARGEST, 1).isDirect());
    assertFalse(ResultBlocks.next(0, 1).isDirect()); // a run's first block is 1 MiB, on the heap
  }

  @Test
  void resultsOutliveACollectionOfTheirRun() throws IOException {
    // A chunk's results share one direct buffer, freed when none is reachable: while the list
    // holds them, a collection must not free it under them.
    byte[] data = hunanBytes(2);
    EvaluateOptions options = EvaluateOptions.asOf("2024-11-30");
    List<String> want = new ArrayList<>();
    for (BatchResult r : policy.evaluateJsonLines(data, options)) {
      want.add(r.ok() ? r.decisionJson() : r.error().getMessage());
    }
    List<BatchResult> results = policy.evaluateJsonLines(data, options);
    for (int k = 0; k < 3; ++k) {
      System.gc();
      // Other blocks freed and allocated meanwhile would reuse freed memory.
      policy.evaluateJsonLines(data, options, DecisionFormat.PROTO, 1);
    }
    for (int i = 0; i < want.size(); ++i) {
      BatchResult r = results.get(i);
      assertEquals(want.get(i), r.ok() ? r.decisionJson() : r.error().getMessage());
    }
  }

  @Test
  void lineEndsAreFoundInEveryByteOfAWord() {
    // The scan reads eight bytes at a time: a '\n' at each place of a word, after other
    // newline-like bytes (0x0B, 0x8A, 0x0A + 0x80) that must not count, in both byte orders.
    for (java.nio.ByteOrder order :
        List.of(java.nio.ByteOrder.LITTLE_ENDIAN, java.nio.ByteOrder.BIG_ENDIAN)) {
      for (int at = 0; at < 24; ++at) {
        for (int from = 0; from <= at; ++from) {
          ByteBuffer bytes = ByteBuffer.allocate(32).order(order);
          for (int i = 0; i < 32; ++i) {
            bytes.put(i, (byte) (i % 3 == 0 ? 0x0B : i % 3 == 1 ? 0x8A : 0x09));
          }
          bytes.put(at, (byte) '\n');
          bytes.put(31, (byte) '\n');
          bytes.limit(at + 1 + (at % 5));
          assertEquals(at, Policy.lineEnd(bytes, from), order + " at " + at + " from " + from);
        }
      }
    }
  }

  @Test
  void duplicateHouseholdIdsGetAWarning() {
    List<BatchResult> results = policy.evaluateBatch(List.of(MARGINAL, UNSTABLE, MARGINAL), AS_OF);
    assertFalse(results.get(1).decisionJson().contains("warnings"));
    assertTrue(
        results
            .get(2)
            .decisionJson()
            .contains(
                ",\"warnings\":[{\"code\":\"WARNING_CODE_DUPLICATE_HOUSEHOLD_ID\","
                    + "\"message\":\"household id \\\"hn-marginal\\\" was already used by "
                    + "record 0 (line 1) of this batch\",\"first_index\":\"0\","
                    + "\"first_line\":\"1\",\"field\":\"id\"}]"),
        results.get(2).decisionJson());
  }

  /** The ids of this process's threads named povmon-batch (the batch workers), or null. */
  static java.util.Set<String> batchWorkers() {
    java.io.File[] tasks = new java.io.File("/proc/self/task").listFiles();
    if (tasks == null) {
      return null;
    }
    java.util.Set<String> workers = new java.util.HashSet<>();
    for (java.io.File task : tasks) {
      try {
        String name = new String(
            java.nio.file.Files.readAllBytes(new java.io.File(task, "comm").toPath()),
            StandardCharsets.UTF_8);
        if (name.trim().equals("povmon-batch")) {
          workers.add(task.getName());
        }
      } catch (java.io.IOException gone) {
        // The thread ended while we looked.
      }
    }
    return workers;
  }

  @Test
  void batchesRunOnEveryWorker() throws Exception {
    if (batchWorkers() == null) {
      return; // no /proc
    }
    byte[] data = hunanBytes(60);
    EvaluateOptions options = EvaluateOptions.asOf("2024-11-30");
    policy.evaluateJsonLines(data, options); // warm up
    for (int jobs : new int[] {1, 2, 4}) {
      // The workers live only while a native call runs (a call per 4 MB chunk); a
      // watcher counts the named workers alive at once. Counting only povmon's
      // named workers keeps the JVM's own threads (compiler and GC threads come and
      // go) out of it; a watcher starved by a loaded machine may miss a moment when
      // all are alive, so a few runs are allowed to show them all, and none may ever
      // show more.
      int expected = jobs > 1 ? jobs : 0; // one job: the caller decides
      int most = -1;
      for (int attempt = 0; attempt < 8 && most != expected; ++attempt) {
        java.util.concurrent.atomic.AtomicInteger alive =
            new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicBoolean done =
            new java.util.concurrent.atomic.AtomicBoolean();
        Thread watcher =
            new Thread(
                () -> {
                  while (!done.get()) {
                    alive.accumulateAndGet(batchWorkers().size(), Math::max);
                    Thread.onSpinWait();
                  }
                });
        watcher.start();
        try {
          List<BatchResult> results =
              policy.evaluateJsonLines(data, options, DecisionFormat.JSON, jobs);
          assertEquals(60 * 32, results.size());
          // Chunks of 4 MB: the households after the first chunk are read right too.
          assertEquals(60 * 30, results.stream().filter(BatchResult::ok).count());
          assertTrue(
              results.get(60 * 32 - 3).decisionJson().startsWith("{\"household_id\":\"c59-"));
        } finally {
          done.set(true);
          watcher.join();
        }
        most = alive.get();
        assertTrue(most <= expected, jobs + " jobs, workers alive at once: " + most);
      }
      assertEquals(expected, most, jobs + " jobs: most workers alive at once");
    }
  }

  // ---------------------------------------------------------------- explain

  @Test
  void explainCitesTheRules() {
    String decision = policy.evaluate(UNSTABLE, AS_OF);
    String text = policy.explain(decision);
    assertTrue(text.contains("Household hn-unstable"), text);
    assertTrue(text.contains("脱贫不稳定户"), text);
    assertTrue(text.contains("p4.category.unstable_lifted_out"), text);
    byte[] proto = policy.evaluate(marginalProto(), AS_OF);
    assertTrue(policy.explain(proto).contains("Household hn-marginal"));
    String tampered = decision.replace(policy.revision(), "0".repeat(64));
    PovmonException e = assertThrows(PovmonException.class, () -> policy.explain(tampered));
    assertEquals(PovmonException.FAILED_PRECONDITION, e.code());
  }

  // ---------------------------------------------------------------- what-if

  /**
   * Plan 4 §2(三): below the monitoring line (strictly), a household with a risk is monitored.
   * What if the line rises to 7,000?
   */
  @Test
  void whatIfTheLineRisesTo7000A6800HouseholdIsMonitored() {
    EvaluateOptions november = EvaluateOptions.asOf("2024-11-30");
    String before = policy.evaluate(HOUSEHOLD_6800, november);
    assertTrue(before.contains("\"per_capita_net_income_fen\":\"680000\""), before);
    assertTrue(before.contains("\"category\":\"CATEGORY_NONE\""), before);
    assertFalse(before.contains("what_if"), before);
    Policy whatIf;
    try (Policy variant = policy.withChanges("monitoring_line=7000")) {
      whatIf = variant;
      assertEquals("hunan-2024", variant.id());
      assertEquals(List.of("monitoring_line=7000"), variant.changes());
      assertEquals(List.of(), policy.changes());
      assertNotEquals(policy.revision(), variant.revision());
      assertTrue(variant.revision().matches("[0-9a-f]{64}"), variant.revision());
      assertEquals(policy.validUntil(), variant.validUntil());
      assertTrue(variant.toString().contains("what-if monitoring_line=7000"), variant.toString());
      String after = variant.evaluate(HOUSEHOLD_6800, november);
      assertTrue(after.contains("\"category\":\"CATEGORY_MARGINAL_AT_RISK\""), after);
      assertTrue(after.contains("\"what_if\":[\"monitoring_line=7000\"]"), after);
      assertTrue(after.contains("\"pack_revision\":\"" + variant.revision() + "\""), after);
      assertTrue(
          variant.explain(after).contains("WHAT-IF, not the plans' parameters: monitoring_line=7000"));
      // The pack does not take the variant's decision for its own.
      PovmonException e = assertThrows(PovmonException.class, () -> policy.explain(after));
      assertEquals(PovmonException.FAILED_PRECONDITION, e.code());
      List<BatchResult> batch = variant.evaluateBatch(List.of(HOUSEHOLD_6800, MARGINAL), november);
      assertEquals(2, batch.size());
      for (BatchResult result : batch) {
        assertTrue(result.decisionJson().contains("\"what_if\":[\"monitoring_line=7000\"]"));
        assertTrue(result.decisionJson().contains("\"category\":\"CATEGORY_MARGINAL_AT_RISK\""));
      }
    }
    assertThrows(IllegalStateException.class, () -> whatIf.evaluate(HOUSEHOLD_6800, november));
    assertEquals(before, policy.evaluate(HOUSEHOLD_6800, november));
  }

  /** Plan 4 §2(三)'s line changed from a date on, then again on the variant: a schedule. */
  @Test
  void whatIfFromAMapWithADateAndAVariantOfAVariant() {
    Map<String, String> line = new LinkedHashMap<>();
    line.put("monitoring_line", "6900.50");
    try (Policy fromMap = policy.withChanges(Map.of("monitoring_line", "7000"));
        Policy fromList = policy.withChanges(List.of("monitoring_line=7000"));
        Policy dated = policy.withChanges(line, LocalDate.of(2024, 7, 1))) {
      assertEquals(fromList.revision(), fromMap.revision());
      assertEquals(List.of("monitoring_line=6900.50@2024-07-01"), dated.changes());
      assertTrue(
          dated
              .evaluate(HOUSEHOLD_6800, EvaluateOptions.asOf("2024-06-30"))
              .contains("\"category\":\"CATEGORY_NONE\""));
      assertTrue(
          dated
              .evaluate(HOUSEHOLD_6800, EvaluateOptions.asOf("2024-11-30"))
              .contains("\"category\":\"CATEGORY_MARGINAL_AT_RISK\""));
      try (Policy again = dated.withChanges("monitoring_line=6700@2024-10-01")) {
        assertEquals(
            List.of("monitoring_line=6900.50@2024-07-01", "monitoring_line=6700@2024-10-01"),
            again.changes());
        String decision = again.evaluate(HOUSEHOLD_6800, EvaluateOptions.asOf("2024-11-30"));
        assertTrue(decision.contains("\"category\":\"CATEGORY_NONE\""), decision);
      }
    }
  }

  @Test
  void whatIfBadChangesAreProblemsEachNamed() {
    PolicyLoadException e =
        assertThrows(
            PolicyLoadException.class,
            () ->
                policy.withChanges(
                    "monitoring_line",
                    "monitoring_lin=7000",
                    "large_rigid_expenditure_bp=half",
                    "monitoring_line=7000@2025-01-01"));
    assertEquals(PovmonException.INVALID_ARGUMENT, e.code());
    List<Problem> problems = e.problems();
    assertEquals(4, problems.size(), problems.toString());
    assertEquals("changes", problems.get(0).file());
    assertEquals(1, problems.get(0).line());
    assertEquals(
        "what-if \"monitoring_line\": write NAME=VALUE or NAME=VALUE@YYYY-MM-DD",
        problems.get(0).message());
    assertEquals("what-if monitoring_lin=7000", problems.get(1).file());
    assertTrue(
        problems
            .get(1)
            .message()
            .startsWith("the pack has no parameter \"monitoring_lin\" (it has: "),
        problems.get(1).message());
    assertEquals(
        "parameter \"large_rigid_expenditure_bp\" is PARAMETER_TYPE_BASIS_POINTS: \"half\" is"
            + " not a whole number",
        problems.get(2).message());
    assertEquals(
        "what-if monitoring_line=7000@2025-01-01: from \"2025-01-01\" is not a date within the"
            + " pack's dates (2024-01-01 to 2024-12-31)",
        e.getMessage().split("\n")[3]);
  }

  @Test
  void whatIfNeedsAChange() {
    PovmonException e = assertThrows(PovmonException.class, () -> policy.withChanges());
    assertFalse(e instanceof PolicyLoadException);
    assertEquals(PovmonException.INVALID_ARGUMENT, e.code());
    assertEquals("povmon_policy_with_changes: changes is empty", e.getMessage());
    e = assertThrows(PovmonException.class, () -> policy.withChanges(Map.of()));
    assertEquals("povmon_policy_with_changes: changes is empty", e.getMessage());
    assertThrows(NullPointerException.class, () -> policy.withChanges((String) null));
    assertThrows(NullPointerException.class, () -> policy.withChanges((List<String>) null));
  }

  // ---------------------------------------------------------------- threads

  @Test
  void closingWhileOtherThreadsEvaluateIsSafe() throws Exception {
    Policy shared = Policy.load(HUNAN);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    java.util.concurrent.CountDownLatch running = new java.util.concurrent.CountDownLatch(4);
    try {
      List<Future<String>> futures = new ArrayList<>();
      for (int t = 0; t < 4; ++t) {
        futures.add(
            pool.submit(
                () -> {
                  running.countDown();
                  try {
                    while (true) {
                      shared.evaluate(UNSTABLE, AS_OF);
                    }
                  } catch (IllegalStateException e) {
                    return e.getMessage();
                  }
                }));
      }
      running.await();
      shared.close(); // waits for the calls in progress
      for (Future<String> f : futures) {
        assertEquals("policy hunan-2024 is closed", f.get());
      }
    } finally {
      pool.shutdown();
    }
  }

  @Test
  void eightThreadsAgreeWithOneThread() throws Exception {
    List<String> households = lines("hunan.jsonl");
    EvaluateOptions options = EvaluateOptions.asOf("2024-11-30").withTrace(Trace.FULL);
    List<String> expected = new ArrayList<>();
    for (String household : households) {
      try {
        expected.add(policy.evaluate(household, options));
      } catch (PovmonException e) {
        expected.add(e.getMessage());
      }
    }
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Integer>> futures = new ArrayList<>();
      for (int t = 0; t < 8; ++t) {
        final int seed = t;
        futures.add(
            pool.submit(
                () -> {
                  int mismatches = 0;
                  Random random = new Random(seed);
                  for (int n = 0; n < households.size() * 3; ++n) {
                    int i = random.nextInt(households.size());
                    String got;
                    try {
                      got = policy.evaluate(households.get(i), options);
                    } catch (PovmonException e) {
                      got = e.getMessage();
                    }
                    if (!got.equals(expected.get(i))) {
                      ++mismatches;
                    }
                  }
                  return mismatches;
                }));
      }
      for (Future<Integer> f : futures) {
        assertEquals(0, f.get());
      }
    } finally {
      pool.shutdown();
    }
  }
}
