package io.github.jsondedup.read;

import io.github.jsondedup.config.ReadRetries;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.io.retry.RetryPolicies;
import org.apache.hadoop.io.retry.RetryPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The waits between the tries of one list, open or read: Hadoop's exponential backoff (random waits
 * of up to the first wait, then up to twice as long each time), at most {@link
 * ReadRetries#attempts()} tries in all. One per file or folder.
 */
final class Backoff {
  private static final Logger LOG = LoggerFactory.getLogger(Backoff.class);

  private final RetryPolicy policy;
  private int failures;

  Backoff(ReadRetries retries) {
    this.policy =
        RetryPolicies.exponentialBackoffRetry(
            retries.attempts() - 1, Math.max(1, retries.firstWaitMillis()), TimeUnit.MILLISECONDS);
  }

  /**
   * After {@code failure} to {@code what} {@code path}: waits before the next try and says true, or
   * says false if no try is left (or the thread is interrupted).
   */
  boolean waitAfter(Exception failure, String what, String path) {
    RetryPolicy.RetryAction action;
    try {
      action = policy.shouldRetry(failure, failures++, 0, true);
    } catch (Exception e) {
      return false;
    }
    if (action.action != RetryPolicy.RetryAction.RetryDecision.RETRY) {
      return false;
    }
    LOG.warn(
        "Cannot {} {} (try {}), trying again in {} ms: {}",
        what,
        path,
        failures,
        action.delayMillis,
        ReadFailure.describe(failure instanceof ReadFailure read ? read.getCause() : failure));
    try {
      Thread.sleep(action.delayMillis);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
