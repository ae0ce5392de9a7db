package io.github.jsondedup;

import io.github.jsondedup.cli.ExitCodes;
import io.github.jsondedup.cli.JsonDedupCommand;
import io.github.jsondedup.cli.Verbosity;
import io.github.jsondedup.job.SparkSessions;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.hadoop.util.ShutdownHookManager;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Entry point for the launcher and for {@code spark-submit --class io.github.jsondedup.Main}. */
public final class Main {
  // Not under io.github.jsondedup: the launcher's console shows it with --verbose only.
  private static final Logger UNCAUGHT = LoggerFactory.getLogger("json-dedup.uncaught");

  private Main() {}

  public static void main(String[] args) {
    Verbosity.fromArguments(args);
    // A thread of Spark's or a library's that dies prints its stack trace on stderr; what it
    // means for the run, the run's one line says (with --verbose, the log shows it too).
    Thread.setDefaultUncaughtExceptionHandler(
        (thread, error) ->
            UNCAUGHT.error("Uncaught exception in thread {}", thread.getName(), error));
    AtomicReference<SparkSession> started = new AtomicReference<>();
    int exitCode =
        JsonDedupCommand.ofProcess(
                () -> {
                  started.set(SparkSessions.forCommandLine());
                  return started.get();
                })
            .execute(args);
    if (ShutdownHookManager.get().isShutdownInProgress()) {
      // Stopped by a signal: the JVM is on its way out, and waits for this thread to end.
      return;
    }
    if (exitCode != ExitCodes.OK) {
      haltIfStuck(exitCode);
      System.exit(exitCode);
    }
    // A good run returns instead of calling System.exit(0): under YARN in cluster deploy mode
    // (an EMR step) any exit from main is reported as a failed application, "Shutdown hook called
    // before final status was reported".
    if (started.get() != null) {
      started.get().stop();
    }
  }

  /**
   * Ends the process with {@code exitCode} in 20 seconds if its shutdown has not: a run that failed
   * for want of memory may leave Spark's shutdown hooks without the heap to finish (contract rule
   * 6: a failure ends the process, it never leaves it spinning).
   */
  private static void haltIfStuck(int exitCode) {
    Thread halt =
        new Thread(
            () -> {
              try {
                Thread.sleep(TimeUnit.SECONDS.toMillis(20));
              } catch (InterruptedException e) {
                return;
              }
              Runtime.getRuntime().halt(exitCode);
            },
            "json-dedup-halt");
    halt.setDaemon(true);
    halt.start();
  }
}
