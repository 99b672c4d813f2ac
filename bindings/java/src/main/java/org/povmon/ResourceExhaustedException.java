package org.povmon;

/** Status 8 (RESOURCE_EXHAUSTED): a result too big, or memory exhausted. */
public final class ResourceExhaustedException extends PovmonException {
  private static final long serialVersionUID = 1L;

  ResourceExhaustedException(String message, long index, String householdId, String field) {
    super(8, message, index, householdId, field);
  }
}
