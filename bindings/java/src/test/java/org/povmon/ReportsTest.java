package org.povmon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The reports of the povmon program through the Java binding (0.3): the pack summary (povmon
 * check), the pack's own tests (povmon test), the notice list (povmon notice) and the what-if
 * comparison (povmon whatif).
 */
class ReportsTest {
  static final Path SOURCE = PolicyTest.SOURCE;
  static final Path HUNAN = PolicyTest.HUNAN;
  static final Path YINGKOU = SOURCE.resolve("policies/yingkou-2024");

  static List<String> households(String file) throws IOException {
    return Files.readAllLines(SOURCE.resolve(file), StandardCharsets.UTF_8).stream()
        .filter(line -> !line.isBlank())
        .collect(Collectors.toList());
  }

  @Test
  void summaryCountsWhatThePackHolds() {
    try (Policy policy = Policy.load(HUNAN)) {
      String text = policy.summary(ReportFormat.TEXT);
      assertTrue(
          text.startsWith(HUNAN + ": ok — pack hunan-2024, "), text);
      assertTrue(
          text.contains(
              " rules, 5 definitions, 2024-01-01 to 2024-12-31, revision " + policy.revision()),
          text);
      assertTrue(text.contains("\n  assistance: "), text);
      String json = policy.summary(ReportFormat.JSON);
      assertTrue(json.contains("\"id\":\"hunan-2024\""), json);
      assertTrue(json.contains("\"changes\":[]"), json);
      // hunan's named definitions (policies/hunan-2024/definitions.textproto).
      assertTrue(json.contains("\"definitions\":5,"), json);
      try (Policy whatIf = policy.withChanges("monitoring_line=7000")) {
        assertTrue(
            whatIf.summary(ReportFormat.JSON).contains("\"changes\":[\"monitoring_line=7000\"]"));
      }
      assertThrows(IllegalArgumentException.class, () -> policy.summary(ReportFormat.JSONL));
    }
  }

  @Test
  void packTestsPassAndAFailingCaseIsAResult() throws IOException {
    try (Policy policy = Policy.load(HUNAN)) {
      PackTestReport shipped = policy.runTests(null, ReportFormat.TEXT);
      assertTrue(shipped.passed(), shipped.report());
      assertTrue(shipped.report().endsWith(" passed, 0 failed\n"), shipped.report());
      assertTrue(
          shipped
              .report()
              .contains("PASS unstable lifted-out: ill member, 6,000.00 per person  [Plan 4 §2(二)①]"));

      Path folder = Files.createTempDirectory("povmon-java-tests");
      Path tests = Files.createDirectory(folder.resolve("tests"));
      String household =
          "household { id: \"x\" members { id: \"m1\" relation: RELATION_HEAD registered: true"
              + " co_resident: true } income { date: \"2024-03-31\" kind: INCOME_KIND_WAGE"
              + " amount_fen: 600000 } }";
      Path file = tests.resolve("a.textproto");
      Files.writeString(
          file,
          "case { name: \"right\" as_of: \"2024-07-01\" " + household
              + " expect { per_capita_net_income_fen: 600000 } }\n"
              + "case { name: \"wrong\" as_of: \"2024-07-01\" " + household
              + " expect { per_capita_net_income_fen: 1 } }\n");
      PackTestReport report = policy.runTests(folder, ReportFormat.JSON);
      assertEquals(1, report.failed());
      assertFalse(report.passed());
      assertTrue(report.report().contains("\"passed\":1,\"failed\":1,"), report.report());
      assertTrue(
          report
              .report()
              .contains("\"failures\":[\"per-capita net income: expected 0.01 (1 fen), got"
                  + " 6,000.00 (600000 fen)\"]"),
          report.report());
      Files.writeString(file, "case {\n  nmae: 1\n}\n");
      PovmonException broken =
          assertThrows(PovmonException.class, () -> policy.runTests(folder, ReportFormat.TEXT));
      assertEquals(PovmonException.INVALID_ARGUMENT, broken.code());
      assertTrue(broken.getMessage().contains("a.textproto:2:"), broken.getMessage());
      Files.delete(file);
      PovmonException none =
          assertThrows(PovmonException.class, () -> policy.runTests(folder, ReportFormat.TEXT));
      assertEquals(PovmonException.NOT_FOUND, none.code());
      Files.delete(tests);
      Files.delete(folder);
    }
  }

  /** Plan 10 §3.2: the three notices in force, with no phone or ID number. */
  @Test
  void noticesInForceWithoutPersonalData() throws IOException {
    try (Policy policy = Policy.load(YINGKOU)) {
      List<String> households = households("examples/cases/yingkou.jsonl");
      NoticeList notices =
          policy.notices(households, EvaluateOptions.asOf("2024-10-03"), false);
      assertEquals(3, notices.notices());
      assertEquals(0, notices.notDecided());
      assertTrue(notices.document().contains("\"吳春生\""), notices.document());
      assertTrue(notices.document().contains("\"2024-09-27\",\"2024-10-09\""));
      assertFalse(notices.document().contains("13998701234"));
      assertFalse(notices.document().contains("210881197203154411"));
      NoticeList html = policy.notices(households, EvaluateOptions.asOf("2024-10-03"), true);
      assertTrue(html.document().contains("<table"), html.document());

      NoticeList bad =
          policy.notices(List.of("{not json}"), EvaluateOptions.asOf("2024-10-03"), false);
      assertEquals(1, bad.notDecided());
      assertTrue(bad.reportJson().contains("\"not_decided\":[{\"line\":1,"), bad.reportJson());
      assertThrows(
          IllegalArgumentException.class,
          () -> policy.notices(List.of(" "), EvaluateOptions.asOf("2024-10-03"), false));
      // A pretty-printed household is one record; a raw line break inside a string is not JSON
      // and is refused, not joined into a valid record.
      NoticeList pretty =
          policy.notices(List.of("{\n  \"id\": \"p\"\r\n}"), EvaluateOptions.asOf("2024-10-03"),
              false);
      assertTrue(pretty.reportJson().contains("\"households\":1,"), pretty.reportJson());
      IllegalArgumentException lineBreak =
          assertThrows(
              IllegalArgumentException.class,
              () ->
                  policy.notices(
                      List.of("{\"id\":\"a\nb\"}"), EvaluateOptions.asOf("2024-10-03"), false));
      assertTrue(
          lineBreak.getMessage().contains("household 1: a raw line break inside a JSON string"),
          lineBreak.getMessage());
      // A date the pack does not answer for refuses the whole run.
      OutOfRangeException outside =
          assertThrows(
              OutOfRangeException.class,
              () -> policy.notices(households, EvaluateOptions.asOf("2030-01-01"), false));
      assertTrue(
          outside.getMessage().contains("is outside the dates of pack yingkou-2024"),
          outside.getMessage());
    }
  }

  /**
   * Plan 4 §2(三)'s line raised from 6,500 to 7,000: five households come in, and the
   * sudden-hardship household whose previous income was 7,000.00 leaves (超過 is strict, Plan 4
   * §2(二)③).
   */
  @Test
  void whatIfComparisonOfTheLineAt7000() throws IOException {
    List<String> households = households("examples/households/hunan.jsonl");
    EvaluateOptions asOf = EvaluateOptions.asOf("2024-11-30");
    try (Policy policy = Policy.load(HUNAN);
        Policy whatIf = policy.withChanges("monitoring_line=7000")) {
      String text = policy.compareWhatIf(whatIf, households, asOf, ReportFormat.TEXT);
      assertTrue(text.contains("  monitoring_line: 6,500.00 → 7,000.00 on 2024-11-30"), text);
      assertTrue(text.contains("6 of 30 decided differently\nmonitored: 20 → 24\n"), text);
      String json = policy.compareWhatIf(whatIf, households, asOf, ReportFormat.JSON);
      assertTrue(
          json.contains("\"households\":32,\"compared\":30,\"changed\":6,\"not_decided\":2,"),
          json);
      assertTrue(
          json.contains(
              "\"category_changes\":[{\"from\":\"CATEGORY_NONE\",\"to\":"
                  + "\"CATEGORY_MARGINAL_AT_RISK\",\"households\":5},{\"from\":"
                  + "\"CATEGORY_SUDDEN_SEVERE_HARDSHIP\",\"to\":\"CATEGORY_NONE\",\"households\":1}]"),
          json);
      String[] lines =
          policy.compareWhatIf(whatIf, households, asOf, ReportFormat.JSONL).split("\n");
      assertEquals(32, lines.length);
      assertTrue(
          lines[6].startsWith(
              "{\"index\":6,\"line\":7,\"household_id\":\"hn-007-exact-line\",\"changed\":true"),
          lines[6]);
      assertTrue(lines[30].contains("\"error\":{\"code\":3,"), lines[30]);
    }
  }
}
