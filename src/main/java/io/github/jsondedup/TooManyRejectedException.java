package io.github.jsondedup;

/** More records were rejected than {@code --max-rejected} allows: one line and exit code 4. */
public final class TooManyRejectedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public TooManyRejectedException(String message) {
    super(message);
  }
}
