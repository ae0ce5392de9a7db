package io.github.jsondedup.job;

import io.github.jsondedup.config.RunSettings;
import io.github.jsondedup.output.OutputLayout;
import io.github.jsondedup.output.OutputLock;
import io.github.jsondedup.report.Timings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every run does around its writes (contract rule 5). A folder: hold the output's lock, and
 * remove what a killed run left uncommitted before writing. A table needs neither: its commits are
 * atomic and checked against each other ({@link TableTarget}), and what a killed run wrote is in no
 * snapshot.
 */
public final class OutputGuard {
  private static final Logger LOG = LoggerFactory.getLogger(OutputGuard.class);

  private OutputGuard() {}

  /**
   * Runs {@code work} on the run's target: a folder holding its lock, after removing what dead runs
   * left; a table as it is, holding only the checkpoint's lock in an incremental run (its file log
   * takes one run at a time). The wait for a lock is timed as {@link Timings#LOCK_WAIT}.
   */
  static <T> T guarded(
      SparkSession spark,
      RunSettings settings,
      String runId,
      Timings timings,
      Function<Target, T> work) {
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    if (settings.tableMode()) {
      TableTarget table = TableTarget.open(spark, settings, runId);
      table.identity(settings.key());
      if (settings.checkpoint() == null) {
        return work.apply(table);
      }
      Path checkpoint = OutputLayout.qualified(new Path(settings.checkpoint()), hadoop);
      return whileHolding(
          spark, settings, new Path(checkpoint, "lock"), runId, timings, () -> work.apply(table));
    }
    OutputLayout layout = OutputLayout.checked(hadoop, settings.output(), settings.inputs());
    return whileHolding(
        spark,
        settings,
        layout.lock(),
        runId,
        timings,
        () -> {
          removeLeftovers(hadoop, layout);
          FolderTarget folder = new FolderTarget(spark, layout);
          folder.identity(settings.key());
          return work.apply(folder);
        });
  }

  private static <T> T whileHolding(
      SparkSession spark,
      RunSettings settings,
      Path lockFile,
      String runId,
      Timings timings,
      Supplier<T> work) {
    try (OutputLock lock =
        timings.time(Timings.LOCK_WAIT, () -> lock(spark, settings, lockFile, runId))) {
      T result;
      try {
        result = work.get();
      } catch (RuntimeException e) {
        throw lock.lost() ? lostLock(lockFile, e) : e;
      }
      if (lock.lost()) {
        throw lostLock(lockFile, null);
      }
      return result;
    }
  }

  private static OutputLock lock(
      SparkSession spark, RunSettings settings, Path lockFile, String runId) {
    try {
      FileSystem fs = lockFile.getFileSystem(spark.sparkContext().hadoopConfiguration());
      fs.mkdirs(lockFile.getParent());
      return OutputLock.acquire(
          fs,
          lockFile,
          runId,
          settings.lockTtl(),
          settings.lockWait(),
          () -> spark.sparkContext().cancelAllJobs());
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot create " + lockFile.getParent() + ": " + e.getMessage(), e);
    }
  }

  private static void removeLeftovers(Configuration hadoop, OutputLayout layout) {
    for (Path leftover : layout.leftoversOfDeadRuns(hadoop)) {
      LOG.warn("Removing {}, left by an interrupted run: its files were never committed", leftover);
      try {
        leftover.getFileSystem(hadoop).delete(leftover, true);
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot remove " + leftover + ": " + e.getMessage(), e);
      }
    }
  }

  private static IllegalStateException lostLock(Path lockFile, Exception cause) {
    return new IllegalStateException(
        "Lost the lock " + lockFile + " while writing; this run's writes were cancelled", cause);
  }
}
