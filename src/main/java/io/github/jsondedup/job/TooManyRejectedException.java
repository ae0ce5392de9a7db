package io.github.jsondedup.job;

import io.github.jsondedup.report.RunReport;

/** More records were rejected than {@code --max-rejected} allows: one line and exit code 4. */
public final class TooManyRejectedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The exit code of a run refused this way. */
  public static final int EXIT_CODE = 4;

  // The report is read by the command that ran the job, in the same JVM; never sent anywhere.
  private final transient RunReport report;

  public TooManyRejectedException(String message, RunReport report) {
    super(message);
    this.report = report;
  }

  /** The refused run's report. */
  public RunReport report() {
    return report;
  }
}
