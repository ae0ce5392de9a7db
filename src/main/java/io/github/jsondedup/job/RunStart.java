package io.github.jsondedup.job;

import io.github.jsondedup.config.RunSettings;
import io.github.jsondedup.read.InputDiscovery;
import io.github.jsondedup.read.InputFile;
import io.github.jsondedup.read.Unread;
import io.github.jsondedup.report.RunIds;
import io.github.jsondedup.report.Timings;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.apache.spark.sql.SparkSession;

/**
 * What a run (or a batch of an incremental run) knows before it touches the output: its id, when it
 * started, its input files (and how many names the listing skipped), the clock of its steps, and
 * what it cleaned up after dead runs before it began ({@code recovery}, filled by {@link
 * OutputGuard}). The first batch of an incremental run reports the skipped names, the folders the
 * listing could not read ({@code unlisted}) and the recovery. {@code reported} names the reports
 * the run and its batches have written, so that the run's own {@code running} report is settled
 * when it ends ({@link RunTrail}).
 */
record RunStart(
    String runId,
    Instant startedAt,
    List<InputFile> files,
    long skippedByName,
    List<Unread> unlisted,
    Timings timings,
    List<String> recovery,
    Set<String> reported) {

  /**
   * A run that starts now, with every file under {@code settings}' inputs (timed as "list"); its
   * clock counts the process's own start as a step when {@code processStart} is given.
   */
  static RunStart listing(
      SparkSession spark, RunSettings settings, Optional<Instant> processStart) {
    Instant startedAt = Instant.now();
    Timings timings = processStart.map(Timings::sinceProcessStart).orElseGet(Timings::new);
    InputDiscovery.Listing listing =
        timings.time(
            "list",
            () ->
                InputDiscovery.listing(
                    spark.sparkContext().hadoopConfiguration(),
                    settings.inputs(),
                    settings.readRetries()));
    UnreadFilesException.check(listing.unread(), settings.readRetries().maxUnread());
    return new RunStart(
        RunIds.next(startedAt),
        startedAt,
        listing.files(),
        listing.skippedByName(),
        listing.unread(),
        timings,
        new ArrayList<>(),
        ConcurrentHashMap.newKeySet());
  }

  /**
   * The {@code number}th batch of this run, of {@code batchFiles} (its listing could not list
   * {@code batchUnlisted}), starting now. The first keeps the run's clock, so that its report times
   * what came before it too (start-up, listing, lock).
   */
  RunStart batch(int number, List<InputFile> batchFiles, List<Unread> batchUnlisted) {
    boolean first = number == 0;
    return new RunStart(
        runId + "-" + number,
        first ? startedAt : Instant.now(),
        batchFiles,
        first ? skippedByName : 0,
        batchUnlisted,
        first ? timings : new Timings(),
        first ? recovery : new ArrayList<>(),
        reported);
  }

  /**
   * Runs {@code work} on the settings' target, opened for this run and guarded (contract rule 5).
   */
  <T> T onGuardedTarget(SparkSession spark, RunSettings settings, Function<Target, T> work) {
    return OutputGuard.guarded(spark, settings, Target.open(spark, settings, runId), this, work);
  }
}
