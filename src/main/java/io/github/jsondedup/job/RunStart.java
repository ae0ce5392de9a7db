package io.github.jsondedup.job;

import io.github.jsondedup.config.RunSettings;
import io.github.jsondedup.read.InputDiscovery;
import io.github.jsondedup.read.InputFile;
import io.github.jsondedup.report.Timings;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.spark.sql.SparkSession;

/**
 * What a run (or a batch of an incremental run) knows before it touches the output: its id, when it
 * started, its input files (and how many names the listing skipped), the clock of its steps, and
 * what it cleaned up after dead runs before it began ({@code recovery}, filled by {@link
 * OutputGuard}). The first batch of an incremental run reports the skipped names and the recovery.
 */
record RunStart(
    String runId,
    Instant startedAt,
    List<InputFile> files,
    long skippedByName,
    Timings timings,
    List<String> recovery) {

  /** A run that starts now, with every file under {@code settings}' inputs (timed as "list"). */
  static RunStart listing(SparkSession spark, RunSettings settings) {
    Instant startedAt = Instant.now();
    Timings timings = new Timings();
    InputDiscovery.Listing listing =
        timings.time(
            "list",
            () ->
                InputDiscovery.listing(
                    spark.sparkContext().hadoopConfiguration(), settings.inputs()));
    return new RunStart(
        RunIds.next(startedAt),
        startedAt,
        listing.files(),
        listing.skippedByName(),
        timings,
        new ArrayList<>());
  }

  /** The {@code number}th batch of this run, of {@code batchFiles}, starting now. */
  RunStart batch(int number, List<InputFile> batchFiles) {
    return new RunStart(
        runId + "-" + number,
        Instant.now(),
        batchFiles,
        number == 0 ? skippedByName : 0,
        new Timings(),
        number == 0 ? recovery : new ArrayList<>());
  }

  /**
   * Runs {@code work} on the settings' target, opened for this run and guarded (contract rule 5).
   */
  <T> T onGuardedTarget(SparkSession spark, RunSettings settings, Function<Target, T> work) {
    return OutputGuard.guarded(spark, settings, Target.open(spark, settings, runId), this, work);
  }
}
