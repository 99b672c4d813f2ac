package org.povmon;

import java.util.List;
import java.util.Map;

/**
 * The public-notice list (公示名單, Plan 10 §3.2) of some households ({@link Policy#notices}):
 * the document for the notice board and a report for the operator.
 */
public final class NoticeList {
  private final String document;
  private final String reportJson;
  private final Map<String, Object> report;

  NoticeList(String document, String reportJson) {
    this.document = document;
    this.reportJson = reportJson;
    this.report = Json.object(Json.parse(reportJson));
  }

  /** The CSV or HTML, byte for byte what {@code povmon notice} writes. */
  public String document() {
    return document;
  }

  /**
   * For the operator, never for the notice board: {@code {"pack","as_of","households",
   * "notices","not_decided":[{"line","message"}],"warnings":[...]}}, the households not decided
   * named by their 1-based position ("line"), personal-data shapes redacted from the messages.
   */
  public String reportJson() {
    return reportJson;
  }

  /** How many notices the list holds. */
  public long notices() {
    return ((Number) report.get("notices")).longValue();
  }

  /** How many households could not be read or decided. */
  public int notDecided() {
    return ((List<?>) report.get("not_decided")).size();
  }

  /** The operator's warnings (households on a notice the pack does not support, and the like). */
  public List<String> warnings() {
    List<?> warnings = (List<?>) report.get("warnings");
    return warnings.stream().map(String::valueOf).collect(java.util.stream.Collectors.toList());
  }
}
