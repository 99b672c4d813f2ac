package org.povmon;

/** Status 5 (NOT_FOUND): a pack folder or file that does not exist. */
public final class NotFoundException extends PovmonException {
  private static final long serialVersionUID = 1L;

  NotFoundException(String message, long index, String householdId, String field) {
    super(5, message, index, householdId, field);
  }
}
