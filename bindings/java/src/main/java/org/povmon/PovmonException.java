package org.povmon;

/**
 * A povmon failure. {@link #code()} follows {@code absl::StatusCode} (as the C
 * ABI's status does) and {@link #status()} is its name; the message says what
 * was wrong and, for bad household data, names the field
 * ("members[0].birth_date: ..."). Errors of one record in a batch also carry
 * its {@link #index()} and {@link #line()}, and the household id; {@link #field()} names the
 * field whenever the message starts with one. Each kind of failure has its own subclass
 * ({@link InvalidArgumentException}, {@link NotFoundException}, {@link OutOfRangeException}...),
 * so callers catch what they can handle; a code this version does not know is a plain
 * PovmonException.
 */
public class PovmonException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public static final int INVALID_ARGUMENT = 3;
  public static final int NOT_FOUND = 5;
  public static final int RESOURCE_EXHAUSTED = 8;
  public static final int FAILED_PRECONDITION = 9;
  public static final int OUT_OF_RANGE = 11;
  public static final int INTERNAL = 13;
  public static final int DATA_LOSS = 15;

  private static final String[] NAMES = {
    "OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED", "NOT_FOUND",
    "ALREADY_EXISTS", "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION", "ABORTED",
    "OUT_OF_RANGE", "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE", "DATA_LOSS", "UNAUTHENTICATED"
  };

  private final int code;
  private final long index;
  private final String householdId;
  private final String field;
  private final long line;

  public PovmonException(int code, String message) {
    this(code, message, -1, null, fieldOf(message));
  }

  /**
   * The exception for a status code: its subclass ({@link InvalidArgumentException} for 3...),
   * or a PovmonException for a code without one. A null field is read from the message.
   */
  static PovmonException of(int code, String message, long index, String householdId, String field) {
    String f = field != null ? field : fieldOf(message);
    switch (code) {
      case INVALID_ARGUMENT:
        return new InvalidArgumentException(message, index, householdId, f);
      case NOT_FOUND:
        return new NotFoundException(message, index, householdId, f);
      case RESOURCE_EXHAUSTED:
        return new ResourceExhaustedException(message, index, householdId, f);
      case FAILED_PRECONDITION:
        return new FailedPreconditionException(message, index, householdId, f);
      case OUT_OF_RANGE:
        return new OutOfRangeException(message, index, householdId, f);
      case INTERNAL:
        return new InternalException(message, index, householdId, f);
      case DATA_LOSS:
        return new DataLossException(message, index, householdId, f);
      default:
        return new PovmonException(code, message, index, householdId, f);
    }
  }

  /** The field path a message starts with ("income[2].date: ..."), or null. */
  static String fieldOf(String message) {
    if (message == null) {
      return null;
    }
    int colon = message.indexOf(": ");
    if (colon <= 0) {
      return null;
    }
    for (int i = 0; i < colon; ++i) {
      char c = message.charAt(i);
      boolean pathChar =
          (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '['
              || c == ']';
      if (!pathChar) {
        return null;
      }
    }
    return message.substring(0, colon);
  }

  PovmonException(int code, String message, long index, String householdId, String field) {
    this(code, message, index, 0, householdId, field);
  }

  PovmonException(
      int code, String message, long index, long line, String householdId, String field) {
    super(message);
    this.code = code;
    this.index = index;
    this.line = line;
    this.householdId = householdId;
    this.field = field;
  }

  /** The status code, as absl::StatusCode (3 is INVALID_ARGUMENT). */
  public int code() {
    return code;
  }

  /** The status code's name, "INVALID_ARGUMENT"; "UNKNOWN" for a code this version does not know. */
  public String status() {
    return code >= 0 && code < NAMES.length ? NAMES[code] : "UNKNOWN";
  }

  /** The 0-based position of the record in a batch, or -1. */
  public long index() {
    return index;
  }

  /**
   * The 1-based position of the record in a batch (the line number when the batch is a JSON
   * Lines file read line by line), or -1.
   */
  public long line() {
    return index >= 0 ? index + 1 : -1;
  }

  /** The household's id when known, else null. */
  public String householdId() {
    return householdId;
  }

  /** The field path the message is about ("members[0].birth_date"), else null. */
  public String field() {
    return field;
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder(getClass().getName()).append(": ");
    if (index >= 0) {
      text.append("record ").append(index).append(": ");
    }
    if (householdId != null) {
      text.append("household ").append(householdId).append(": ");
    }
    return text.append(getMessage()).append(" [").append(status()).append(']').toString();
  }
}
