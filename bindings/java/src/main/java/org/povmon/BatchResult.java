package org.povmon;

/** The result of one household of a batch: its decision, or its error. */
public final class BatchResult {
  private final String decisionJson;
  private final PovmonException error;

  BatchResult(String decisionJson, PovmonException error) {
    this.decisionJson = decisionJson;
    this.error = error;
  }

  public boolean ok() {
    return error == null;
  }

  /** The decision as one line of JSON; throws the record's error if it failed. */
  public String decisionJson() {
    if (error != null) {
      throw error;
    }
    return decisionJson;
  }

  /** The record's error, or null. */
  public PovmonException error() {
    return error;
  }

  @Override
  public String toString() {
    return ok() ? decisionJson : error.toString();
  }
}
