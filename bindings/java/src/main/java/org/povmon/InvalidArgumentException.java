package org.povmon;

/** Status 3 (INVALID_ARGUMENT): bad input: a household or decision that does not parse or cannot be decided (the message and {@link #field()} name the field), a bad change or argument. */
public class InvalidArgumentException extends PovmonException {
  private static final long serialVersionUID = 1L;

  InvalidArgumentException(String message, long index, String householdId, String field) {
    super(3, message, index, householdId, field);
  }
}
