package org.povmon;

/** Status 11 (OUT_OF_RANGE): an as-of date outside the pack's dates. */
public final class OutOfRangeException extends PovmonException {
  private static final long serialVersionUID = 1L;

  OutOfRangeException(String message, long index, String householdId, String field) {
    super(11, message, index, householdId, field);
  }
}
