package io.github.jsondedup.job;

/** More records were rejected than {@code --max-rejected} allows: one line and exit code 4. */
public final class TooManyRejectedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The exit code of a run refused this way. */
  public static final int EXIT_CODE = 4;

  public TooManyRejectedException(String message) {
    super(message);
  }
}
