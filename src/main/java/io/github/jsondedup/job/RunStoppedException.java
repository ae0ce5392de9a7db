package io.github.jsondedup.job;

/** A run stopped by a signal before it stored anything (contract rule 6). */
public final class RunStoppedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The exit code of a process ended by SIGTERM, which the JVM gives it anyway: 128 + 15. */
  public static final int EXIT_CODE = 143;

  RunStoppedException(String message, Throwable cause) {
    super(message, cause);
  }
}
