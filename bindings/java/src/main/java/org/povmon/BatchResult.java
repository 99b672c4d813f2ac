package org.povmon;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.povmon.v1.Decision;

/**
 * The result of one household of a batch: its decision (as the bytes the library wrote, JSON or
 * serialized protobuf, from {@link Policy#evaluateBatch} and {@link Policy#evaluateJsonLines};
 * typed from {@link Policy#decideEach}), or its error.
 */
public final class BatchResult {
  /**
   * The decision is bytes[offset, offset + length). A batch's results share blocks of up to 16
   * MiB (ResultBlocks: Java arrays, or native memory from 4 MiB on), each freed when the last
   * result in it becomes unreachable.
   */
  private final ByteBuffer bytes;
  private final int offset;
  private final int length;
  private final DecisionFormat format;
  private final Decision decision;
  private final PovmonException error;

  BatchResult(String decisionJson, PovmonException error) {
    this(decisionJson == null ? null : decisionJson.getBytes(StandardCharsets.UTF_8),
        DecisionFormat.JSON, error);
  }

  BatchResult(byte[] bytes, DecisionFormat format, PovmonException error) {
    this(bytes, 0, bytes == null ? 0 : bytes.length, format, error);
  }

  BatchResult(byte[] bytes, int offset, int length, DecisionFormat format, PovmonException error) {
    this(bytes == null ? null : ByteBuffer.wrap(bytes), offset, length, format, error);
  }

  BatchResult(
      ByteBuffer bytes, int offset, int length, DecisionFormat format, PovmonException error) {
    this.bytes = bytes;
    this.offset = offset;
    this.length = length;
    this.format = format;
    this.decision = null;
    this.error = error;
  }

  BatchResult(Decision decision) {
    this.bytes = null;
    this.offset = 0;
    this.length = 0;
    this.format = null;
    this.decision = decision;
    this.error = null;
  }

  public boolean ok() {
    return error == null;
  }

  /**
   * The decision as one line of JSON; throws the record's error if it failed, and
   * IllegalStateException for a typed or protobuf result.
   */
  public String decisionJson() {
    if (error != null) {
      throw error;
    }
    if (bytes == null || format != DecisionFormat.JSON) {
      throw new IllegalStateException(
          bytes == null ? "a typed result: use decision()" : "a protobuf result: use decisionBytes()");
    }
    return utf8();
  }

  /** A copy of bytes[offset, offset + length). */
  private byte[] copy() {
    byte[] out = new byte[length];
    ByteBuffer view = bytes.duplicate();
    view.position(offset);
    view.get(out);
    return out;
  }

  private String utf8() {
    if (bytes.hasArray()) {
      return new String(bytes.array(), bytes.arrayOffset() + offset, length, StandardCharsets.UTF_8);
    }
    return new String(copy(), StandardCharsets.UTF_8);
  }

  /**
   * The decision as the library wrote it: UTF-8 JSON, or a serialized povmon.v1.Decision for
   * {@link DecisionFormat#PROTO}; throws the record's error if it failed.
   */
  public byte[] decisionBytes() {
    if (error != null) {
      throw error;
    }
    if (bytes == null) {
      throw new IllegalStateException("a typed result: use decision()");
    }
    return copy();
  }

  /** How {@link #decisionBytes()} is written; null for a typed result. */
  public DecisionFormat format() {
    return format;
  }

  /**
   * The typed decision; throws the record's error if it failed, and IllegalStateException for a
   * JSON or protobuf-bytes result (use {@link #decisionJson()} or {@link #decisionBytes()}).
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
    if (decision != null) {
      return decision.toString();
    }
    return format == DecisionFormat.JSON
        ? utf8()
        : "Decision (" + length + " bytes of protobuf)";
  }
}
