package org.povmon;

import java.time.LocalDate;
import java.util.Objects;

/** The date a household is decided as of, and the trace level. Immutable. */
public final class EvaluateOptions {
  private final LocalDate asOf;
  private final Trace trace;

  private EvaluateOptions(LocalDate asOf, Trace trace) {
    this.asOf = Objects.requireNonNull(asOf, "asOf");
    this.trace = Objects.requireNonNull(trace, "trace");
  }

  /** Decide as of this date, with the rules that fired in the trace. */
  public static EvaluateOptions asOf(LocalDate asOf) {
    return new EvaluateOptions(asOf, Trace.RULES);
  }

  /** Decide as of "YYYY-MM-DD". */
  public static EvaluateOptions asOf(String asOf) {
    return asOf(LocalDate.parse(asOf));
  }

  public EvaluateOptions withTrace(Trace trace) {
    return new EvaluateOptions(asOf, trace);
  }

  public LocalDate asOf() {
    return asOf;
  }

  public Trace trace() {
    return trace;
  }

  @Override
  public boolean equals(Object other) {
    if (!(other instanceof EvaluateOptions)) {
      return false;
    }
    EvaluateOptions o = (EvaluateOptions) other;
    return asOf.equals(o.asOf) && trace == o.trace;
  }

  @Override
  public int hashCode() {
    return Objects.hash(asOf, trace);
  }

  @Override
  public String toString() {
    return "as of " + asOf + ", trace " + trace;
  }
}
