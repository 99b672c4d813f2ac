package org.povmon;

import java.util.Collections;
import java.util.List;

/** A pack with problems: {@link #problems()} lists every one, with its position. */
public final class PolicyLoadException extends PovmonException {
  private static final long serialVersionUID = 1L;

  private final List<Problem> problems;

  PolicyLoadException(int code, String message, List<Problem> problems) {
    super(code, message);
    this.problems = Collections.unmodifiableList(problems);
  }

  public List<Problem> problems() {
    return problems;
  }
}
