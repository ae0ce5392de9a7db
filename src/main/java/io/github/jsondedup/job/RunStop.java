package io.github.jsondedup.job;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.hadoop.util.ShutdownHookManager;
import org.apache.spark.SparkContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A run stopped by a signal (SIGTERM, Ctrl-C) ends cleanly (contract rule 6): on the JVM's
 * shutdown, before Spark stops its context, the run's Spark jobs are cancelled, and the run's own
 * thread is given time to see it: it stores nothing, writes a {@code stopped} report, releases the
 * output and says so in one line. A run past its commit finishes as it was.
 */
final class RunStop implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RunStop.class);

  // Above Spark's own hook (40), which stops the SparkContext a running batch still needs.
  static final int SHUTDOWN_PRIORITY = 100;

  /** How long the run's thread has to end once its jobs are cancelled. */
  private static final long GRACE_SECONDS = 30;

  private static final AtomicBoolean ASKED = new AtomicBoolean();

  private final Runnable hook;

  private RunStop(SparkContext spark, Thread run) {
    this.hook =
        () -> {
          ASKED.set(true);
          LOG.info("Stopping: cancelling the run's Spark jobs; nothing of them is stored");
          spark.cancelAllJobs();
          try {
            run.join(TimeUnit.SECONDS.toMillis(GRACE_SECONDS));
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        };
    ShutdownHookManager.get().addShutdownHook(hook, SHUTDOWN_PRIORITY);
  }

  /** Stops the run on this thread, with {@code spark}'s jobs, at the JVM's shutdown. */
  static RunStop onShutdown(SparkContext spark) {
    return new RunStop(spark, Thread.currentThread());
  }

  /**
   * Throws if the process was asked to stop: called before each Spark job of a batch, so that a
   * stop that came between two jobs (when there was none to cancel) ends the run too.
   */
  static void unlessAsked() {
    if (ASKED.get()) {
      throw new IllegalStateException("Stopped before its next step");
    }
  }

  /** Whether the process was asked to stop while a run was on. */
  static boolean asked() {
    return ASKED.get();
  }

  @Override
  public void close() {
    if (!ShutdownHookManager.get().isShutdownInProgress()) {
      ShutdownHookManager.get().removeShutdownHook(hook);
    }
  }
}
