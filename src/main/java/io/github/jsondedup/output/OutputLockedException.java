package io.github.jsondedup.output;

/** Another run holds the output's lock: reported as one line and exit code 3. */
public final class OutputLockedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public OutputLockedException(String message) {
    super(message);
  }
}
