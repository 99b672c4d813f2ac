package org.povmon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.povmon.v1.Category;
import org.povmon.v1.Decision;
import org.povmon.v1.Household;
import org.povmon.v1.IncomeKind;
import org.povmon.v1.IncomeRecord;
import org.povmon.v1.LabourCapacity;
import org.povmon.v1.Member;
import org.povmon.v1.Relation;
import org.povmon.v1.HousingSafety;
import org.povmon.v1.RiskType;

/** Typed messages (org.povmon.v1, generated from the .proto files), exceptions by kind, and the streaming batch. */
class TypedTest {
  static final Path SOURCE = Path.of(System.getProperty("povmon.source.dir", "../.."));
  static final EvaluateOptions AS_OF = EvaluateOptions.asOf("2024-07-01");
  static Policy policy;

  @BeforeAll
  static void load() {
    policy = Policy.load(SOURCE.resolve("policies/hunan-2024"), AS_OF);
  }

  @AfterAll
  static void close() {
    policy.close();
  }

  /** Plan 4 §2(二)②: an ordinary household in an unsafe house, 5,500.00 per person. */
  static Household marginal(String id, long wageFen) {
    return Household.newBuilder()
        .setId(id)
        .addMembers(
            Member.newBuilder()
                .setId("m1")
                .setRelation(Relation.RELATION_HEAD)
                .setRegistered(true)
                .setCoResident(true)
                .setLabourCapacity(LabourCapacity.LABOUR_CAPACITY_FULL))
        .addMembers(
            Member.newBuilder()
                .setId("m2")
                .setRelation(Relation.RELATION_SPOUSE)
                .setRegistered(true)
                .setCoResident(true)
                .setLabourCapacity(LabourCapacity.LABOUR_CAPACITY_FULL))
        .addIncome(
            IncomeRecord.newBuilder()
                .setDate("2024-01-15")
                .setKind(IncomeKind.INCOME_KIND_WAGE)
                .setAmountFen(wageFen))
        .setHousing(HousingSafety.HOUSING_SAFETY_UNSAFE)
        .build();
  }

  @Test
  void aTypedHouseholdGetsATypedDecision() {
    Decision decision = policy.evaluate(marginal("hn-marginal", 1_100_000L), AS_OF);
    assertEquals("hn-marginal", decision.getHouseholdId());
    assertEquals(Category.CATEGORY_MARGINAL_AT_RISK, decision.getIdentification().getCategory());
    assertEquals(550_000L, decision.getFacts().getPerCapitaNetIncomeFen());
    assertTrue(decision.getIdentification().getRiskTypesList().contains(RiskType.RISK_TYPE_UNSAFE_HOUSING));
    // The same decision from JSON, and explained from the typed message.
    Decision fromJson = policy.decide(
        "{\"id\":\"hn-marginal\",\"members\":[{\"id\":\"m1\",\"relation\":\"RELATION_HEAD\","
            + "\"registered\":true,\"co_resident\":true,\"labour_capacity\":\"LABOUR_CAPACITY_FULL\"},"
            + "{\"id\":\"m2\",\"relation\":\"RELATION_SPOUSE\",\"registered\":true,\"co_resident\":true,"
            + "\"labour_capacity\":\"LABOUR_CAPACITY_FULL\"}],\"income\":[{\"date\":\"2024-01-15\","
            + "\"kind\":\"INCOME_KIND_WAGE\",\"amount_fen\":\"1100000\"}],"
            + "\"housing\":\"HOUSING_SAFETY_UNSAFE\"}",
        AS_OF);
    assertEquals(decision, fromJson);
    String text = policy.explain(decision);
    assertTrue(text.contains("边缘易致贫户 — marginal household at risk"), text);
  }

  @Test
  void failuresAreThrownByKindWithTheirField() {
    Household bad = marginal("hn-bad", 100).toBuilder()
        .setIncome(0, IncomeRecord.newBuilder().setDate("2024-02-30").setAmountFen(100))
        .build();
    InvalidArgumentException e =
        assertThrows(InvalidArgumentException.class, () -> policy.evaluate(bad, AS_OF));
    assertEquals("income[0].date", e.field());
    assertEquals("INVALID_ARGUMENT", e.status());
    OutOfRangeException late =
        assertThrows(
            OutOfRangeException.class,
            () -> policy.evaluate(marginal("x", 1), EvaluateOptions.asOf("2031-01-01")));
    assertEquals(PovmonException.OUT_OF_RANGE, late.code());
    assertThrows(NotFoundException.class, () -> Policy.load(SOURCE.resolve("policies/no-such-pack")));
    // A pack with problems is an InvalidArgumentException too.
    assertTrue(InvalidArgumentException.class.isAssignableFrom(PolicyLoadException.class));
  }

  @Test
  void theStreamingBatchDecidesLazilyInOrderWithErrorsInTheirSlots() {
    // Every 7th household has an impossible date.
    Iterator<Household> households =
        IntStream.range(0, 1000)
            .mapToObj(
                i -> {
                  Household h = marginal("hh-" + i, 1_000_000L + i * 100L);
                  return i % 7 == 3
                      ? h.toBuilder().setIncome(0, h.getIncome(0).toBuilder().setDate("2024-13-01")).build()
                      : h;
                })
            .iterator();
    Iterator<BatchResult> results = policy.decideEach(households, AS_OF, 64);
    int n = 0;
    while (results.hasNext()) {
      BatchResult r = results.next();
      if (n % 7 == 3) {
        assertFalse(r.ok());
        assertInstanceOf(InvalidArgumentException.class, r.error());
        assertEquals(n, r.error().index());
        assertEquals(n + 1, r.error().line());
        assertEquals("hh-" + n, r.error().householdId());
        assertEquals("income[0].date", r.error().field());
      } else {
        assertEquals("hh-" + n, r.decision().getHouseholdId());
        assertEquals(
            (1_000_000L + n * 100L) / 2, r.decision().getFacts().getPerCapitaNetIncomeFen());
      }
      ++n;
    }
    assertEquals(1000, n);
    List<String> ids =
        policy
            .decideStream(
                IntStream.range(0, 5).mapToObj(i -> marginal("s" + i, 1_100_000L)), AS_OF)
            .map(r -> r.decision().getHouseholdId())
            .collect(Collectors.toList());
    assertEquals(List.of("s0", "s1", "s2", "s3", "s4"), ids);
  }

  /**
   * Every quick-start household (examples/households/hunan.jsonl) decided three ways gives one
   * decision: typed from its JSON line, as protobuf bytes and as JSON from the batch call (the
   * typed decision equals the bytes parsed; the JSON equals the single call's; both explain to
   * the same text), and the two bad lines fail in their slots with the same error.
   */
  @Test
  void theExampleHouseholdsDecideTheSameTypedAndAsJson() throws IOException {
    Path file = SOURCE.resolve("examples/households/hunan.jsonl");
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    byte[] data = Files.readAllBytes(file);
    EvaluateOptions november = EvaluateOptions.asOf("2024-11-30");
    List<BatchResult> json = policy.evaluateJsonLines(data, november, DecisionFormat.JSON, 1);
    List<BatchResult> proto = policy.evaluateJsonLines(data, november, DecisionFormat.PROTO, 2);
    assertEquals(32, lines.size());
    assertEquals(32, json.size());
    assertEquals(32, proto.size());
    int decided = 0;
    for (int i = 0; i < lines.size(); ++i) {
      BatchResult j = json.get(i);
      BatchResult p = proto.get(i);
      assertEquals(j.ok(), p.ok(), "line " + (i + 1));
      if (!j.ok()) {
        assertEquals(i + 1, j.error().line());
        assertEquals(i + 1, p.error().line());
        assertEquals(j.error().getMessage(), p.error().getMessage());
        continue;
      }
      ++decided;
      Decision typed = policy.decide(lines.get(i), november);
      assertEquals(typed, Decision.parseFrom(p.decisionBytes()), "line " + (i + 1));
      assertEquals(policy.evaluate(lines.get(i), november), j.decisionJson(), "line " + (i + 1));
      assertEquals(policy.explain(j.decisionJson()), policy.explain(typed), "line " + (i + 1));
      if (typed.getHouseholdId().equals("hn-007-exact-line")) {
        // Plan 4 §2(三): exactly 6,500.00 per person is not below the line (低於 is strict).
        assertEquals(650_000L, typed.getFacts().getPerCapitaNetIncomeFen());
        assertEquals(Category.CATEGORY_NONE, typed.getIdentification().getCategory());
        assertTrue(j.decisionJson().contains("\"household_id\":\"hn-007-exact-line\""));
      }
    }
    assertEquals(30, decided);
    assertFalse(json.get(30).ok());
    assertFalse(json.get(31).ok());
    assertEquals(32, json.get(31).error().line());
  }

}
