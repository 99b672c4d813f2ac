package org.povmon;

/** How much of its reasoning a decision records (povmon.v1.TraceLevel). */
public enum Trace {
  /** No trace at all (zero cost). */
  OFF(1),
  /** The rules that fired, with their citations (the default). */
  RULES(2),
  /** Every rule evaluated, fired or not, with the values it compared. */
  FULL(3);

  final int level;

  Trace(int level) {
    this.level = level;
  }
}
