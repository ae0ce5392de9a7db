package io.github.jsondedup.config;

/**
 * A mistake the user can fix (a wrong option, a missing input): reported as one line and exit code
 * 2, never as a stack trace.
 */
public final class UsageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public UsageException(String message) {
    super(message);
  }
}
