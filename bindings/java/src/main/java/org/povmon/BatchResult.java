package org.povmon;

import org.povmon.v1.Decision;

/**
 * The result of one household of a batch: its decision (as JSON from {@link
 * Policy#evaluateBatch}, typed from {@link Policy#decideEach}), or its error.
 */
public final class BatchResult {
  private final String decisionJson;
  private final Decision decision;
  private final PovmonException error;

  BatchResult(String decisionJson, PovmonException error) {
    this.decisionJson = decisionJson;
    this.decision = null;
    this.error = error;
  }

  BatchResult(Decision decision) {
    this.decisionJson = null;
    this.decision = decision;
    this.error = null;
  }

  public boolean ok() {
    return error == null;
  }

  /**
   * The decision as one line of JSON; throws the record's error if it failed, and
   * IllegalStateException for a typed result (use {@link #decision()}).
   */
  public String decisionJson() {
    if (error != null) {
      throw error;
    }
    if (decisionJson == null) {
      throw new IllegalStateException("a typed result: use decision()");
    }
    return decisionJson;
  }

  /**
   * The typed decision; throws the record's error if it failed, and IllegalStateException for a
   * JSON result (use {@link #decisionJson()}).
   */
  public Decision decision() {
    if (error != null) {
      throw error;
    }
    if (decision == null) {
      throw new IllegalStateException("a JSON result: use decisionJson()");
    }
    return decision;
  }

  /** The record's error, or null. */
  public PovmonException error() {
    return error;
  }

  @Override
  public String toString() {
    if (!ok()) {
      return error.toString();
    }
    return decisionJson != null ? decisionJson : decision.toString();
  }
}
