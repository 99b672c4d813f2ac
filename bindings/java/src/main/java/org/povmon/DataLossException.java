package org.povmon;

/** Status 15 (DATA_LOSS): truncated or corrupt protobuf framing in a batch. */
public final class DataLossException extends PovmonException {
  private static final long serialVersionUID = 1L;

  DataLossException(String message, long index, String householdId, String field) {
    super(15, message, index, householdId, field);
  }
}
