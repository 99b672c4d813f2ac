package org.povmon;

import java.util.Objects;

/**
 * One problem found while loading a pack: the file, 1-based line and column
 * (0 when the problem concerns the whole file) and the message.
 */
public final class Problem {
  private final String file;
  private final int line;
  private final int column;
  private final String message;

  public Problem(String file, int line, int column, String message) {
    this.file = file;
    this.line = line;
    this.column = column;
    this.message = message;
  }

  public String file() {
    return file;
  }

  public int line() {
    return line;
  }

  public int column() {
    return column;
  }

  public String message() {
    return message;
  }

  /** "file:line:col: message", as the pack loader writes it. */
  @Override
  public String toString() {
    return file + ":" + line + ":" + column + ": " + message;
  }

  @Override
  public boolean equals(Object other) {
    if (!(other instanceof Problem)) {
      return false;
    }
    Problem p = (Problem) other;
    return file.equals(p.file) && line == p.line && column == p.column && message.equals(p.message);
  }

  @Override
  public int hashCode() {
    return Objects.hash(file, line, column, message);
  }
}
