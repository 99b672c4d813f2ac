package org.povmon;

/** How a report of the povmon program comes back (since 0.3). */
public enum ReportFormat {
  /** Text, byte for byte what the povmon program prints. */
  TEXT(1),
  /** One JSON object with the same figures as records. */
  JSON(2),
  /** JSON Lines, one line per household ({@link Policy#compareWhatIf} only). */
  JSONL(3);

  final int code;

  ReportFormat(int code) {
    this.code = code;
  }
}
