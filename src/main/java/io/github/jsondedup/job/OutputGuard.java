package io.github.jsondedup.job;

import io.github.jsondedup.config.RunSettings;
import io.github.jsondedup.output.OutputLayout;
import io.github.jsondedup.output.OutputLock;
import io.github.jsondedup.report.Timings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Function;
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
   * Runs {@code work} on the run's target: a table as it is; a folder holding its lock, after
   * removing what dead runs left, the wait for the lock timed as {@link Timings#LOCK_WAIT}.
   */
  static <T> T guarded(
      SparkSession spark,
      RunSettings settings,
      String runId,
      Timings timings,
      Function<Target, T> work) {
    if (settings.tableMode()) {
      return work.apply(TableTarget.open(spark, settings, runId));
    }
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    OutputLayout layout = OutputLayout.checked(hadoop, settings.output(), settings.inputs());
    try (OutputLock lock =
        timings.time(Timings.LOCK_WAIT, () -> lock(spark, settings, layout, runId))) {
      removeLeftovers(hadoop, layout);
      T result;
      try {
        result = work.apply(new FolderTarget(spark, layout));
      } catch (RuntimeException e) {
        throw lock.lost() ? lostLock(layout, e) : e;
      }
      if (lock.lost()) {
        throw lostLock(layout, null);
      }
      return result;
    }
  }

  private static OutputLock lock(
      SparkSession spark, RunSettings settings, OutputLayout layout, String runId) {
    try {
      FileSystem fs = layout.root().getFileSystem(spark.sparkContext().hadoopConfiguration());
      fs.mkdirs(layout.ingest());
      return OutputLock.acquire(
          fs,
          layout.lock(),
          runId,
          settings.lockTtl(),
          settings.lockWait(),
          () -> spark.sparkContext().cancelAllJobs());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create " + layout.ingest() + ": " + e.getMessage(), e);
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

  private static IllegalStateException lostLock(OutputLayout layout, Exception cause) {
    return new IllegalStateException(
        "Lost the lock on " + layout.root() + " while writing; this run's writes were cancelled",
        cause);
  }
}
