package io.github.jsondedup.table;

/**
 * Other runs stored rows in this run's days after it read them, too many times in a row: nothing of
 * this run was stored, and running it again is safe.
 */
public final class ConcurrentCommitException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The exit code of a run that lost so: that of a run that found its output locked. */
  public static final int EXIT_CODE = 3;

  public ConcurrentCommitException(String message, Throwable cause) {
    super(message, cause);
  }
}
