package io.github.jsondedup.table;

/**
 * Other runs stored rows in this run's days after it read them, too many times in a row: nothing of
 * this run was stored, and running it again is safe.
 */
public final class ConcurrentCommitException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ConcurrentCommitException(String message, Throwable cause) {
    super(message, cause);
  }
}
