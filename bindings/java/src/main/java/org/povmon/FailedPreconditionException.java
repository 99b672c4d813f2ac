package org.povmon;

/** Status 9 (FAILED_PRECONDITION): a call out of order: a closed policy, a decision made by another pack revision. */
public final class FailedPreconditionException extends PovmonException {
  private static final long serialVersionUID = 1L;

  FailedPreconditionException(String message, long index, String householdId, String field) {
    super(9, message, index, householdId, field);
  }
}
