package org.povmon;

import java.util.Collections;
import java.util.List;

/** A pack with problems: {@link #problems()} lists every one, with its position. */
public final class PolicyLoadException extends InvalidArgumentException {
  private static final long serialVersionUID = 1L;

  private final List<Problem> problems;

  PolicyLoadException(String message, List<Problem> problems) {
    super(message, -1, null, null);
    this.problems = Collections.unmodifiableList(problems);
  }

  public List<Problem> problems() {
    return problems;
  }
}
