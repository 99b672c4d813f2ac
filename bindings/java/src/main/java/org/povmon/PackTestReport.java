package org.povmon;

/**
 * The results of a pack's own test cases ({@link Policy#runTests}): the report in the format
 * asked for and the number of cases that failed.
 */
public final class PackTestReport {
  private final String report;
  private final long failed;

  PackTestReport(String report, long failed) {
    this.report = report;
    this.failed = failed;
  }

  /**
   * The report: as {@code povmon test} prints it (TEXT), or {@code {"pack":"ID","passed":N,
   * "failed":M,"cases":[{"name","citation","file","line","passed","failures"}]}} (JSON).
   */
  public String report() {
    return report;
  }

  /** How many cases failed. */
  public long failed() {
    return failed;
  }

  /** Whether every case passed. */
  public boolean passed() {
    return failed == 0;
  }

  @Override
  public String toString() {
    return report;
  }
}
