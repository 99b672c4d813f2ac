package org.povmon;

/** How a batch hands back each decision. */
public enum DecisionFormat {
  /** The decision's JSON (one line, UTF-8), as {@link BatchResult#decisionJson()}. */
  JSON,
  /** The serialized povmon.v1.Decision, as {@link BatchResult#decisionBytes()}. */
  PROTO
}
