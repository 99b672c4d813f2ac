package org.povmon;

import java.nio.ByteBuffer;

/**
 * Receives the results of {@link Policy#evaluateJsonLines(byte[], EvaluateOptions,
 * DecisionFormat, int, DecisionSink)} one at a time, in input order.
 */
@FunctionalInterface
public interface DecisionSink {
  /**
   * One record's result.
   *
   * @param index the record's 0-based index in the run (non-blank lines counted from 0)
   * @param decision the decision as the library wrote it (UTF-8 JSON without its line end, or a
   *     serialized povmon.v1.Decision for {@link DecisionFormat#PROTO}) as a read-only view from
   *     its position to its limit, valid only until this call returns: the block behind it is
   *     reused for the next chunk, so copy what you keep; null when the record failed
   * @param error the record's error (with its index, and for JSON its line, household id and
   *     field), or null
   */
  void accept(long index, ByteBuffer decision, PovmonException error);
}
