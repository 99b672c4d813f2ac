package org.povmon;

/** Status 13 (INTERNAL): a bug in povmon: please report it with the input. */
public final class InternalException extends PovmonException {
  private static final long serialVersionUID = 1L;

  InternalException(String message, long index, String householdId, String field) {
    super(13, message, index, householdId, field);
  }
}
