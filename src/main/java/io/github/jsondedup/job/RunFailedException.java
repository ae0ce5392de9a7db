package io.github.jsondedup.job;

import io.github.jsondedup.report.RunReport;

/**
 * A run that failed (the environment, Spark, memory) and stored nothing, its cause in one line as
 * its message ({@link io.github.jsondedup.report.FailureText}); the full cause is its cause.
 */
public final class RunFailedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient RunReport report;

  RunFailedException(String message, Throwable cause, RunReport report) {
    super(message, cause);
    this.report = report;
  }

  /** The failed run's report, or null if it could not be written (a full disk, say). */
  public RunReport report() {
    return report;
  }
}
