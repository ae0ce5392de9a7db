package io.github.jsondedup.job;

import io.github.jsondedup.config.Incremental;
import io.github.jsondedup.config.RunSettings;
import io.github.jsondedup.output.OutputLayout;
import io.github.jsondedup.output.OutputLock;
import io.github.jsondedup.report.Timings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * What every run does around its writes (contract rule 5): hold the target's lock (a folder's; a
 * table's commits need none, but an incremental run holds its checkpoint's, as its file log takes
 * one run at a time), remove what killed runs left uncommitted, and check the dataset's key.
 */
public final class OutputGuard {
  private OutputGuard() {}

  /**
   * Runs {@code work} on {@code target}, holding its lock (or the checkpoint's) after removing what
   * dead runs left. The wait for a lock is timed as {@link Timings#LOCK_WAIT}.
   */
  static <T> T guarded(
      SparkSession spark,
      RunSettings settings,
      Target target,
      RunStart start,
      Function<Target, T> work) {
    Path lockFile = target.lockFile();
    Optional<Incremental> incremental = settings.incremental();
    if (lockFile == null && incremental.isPresent()) {
      Configuration hadoop = spark.sparkContext().hadoopConfiguration();
      Path checkpoint = new Path(incremental.get().checkpoint());
      lockFile = new Path(OutputLayout.qualified(checkpoint, hadoop), "lock");
    }
    Supplier<T> checkedWork =
        () -> {
          target
              .removeLeftovers()
              .forEach(
                  leftover ->
                      start
                          .recovery()
                          .add("removed " + leftover + ", left uncommitted by an interrupted run"));
          target.identity(settings.key());
          return RunTrail.around(
              spark.sparkContext().hadoopConfiguration(),
              settings,
              target,
              start,
              () -> work.apply(target));
        };
    return lockFile == null
        ? checkedWork.get()
        : whileHolding(spark, settings, lockFile, start, checkedWork);
  }

  private static <T> T whileHolding(
      SparkSession spark, RunSettings settings, Path lockFile, RunStart start, Supplier<T> work) {
    try (OutputLock lock =
        start
            .timings()
            .time(Timings.LOCK_WAIT, () -> lock(spark, settings, lockFile, start.runId()))) {
      start.recovery().addAll(lock.takenOver());
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

  private static IllegalStateException lostLock(Path lockFile, Exception cause) {
    return new IllegalStateException(
        "Lost the lock " + lockFile + " while writing; this run's writes were cancelled", cause);
  }
}
