package io.github.jsondedup.job;

import io.github.jsondedup.config.RunSettings;
import io.github.jsondedup.read.InputFile;
import io.github.jsondedup.read.Unread;
import io.github.jsondedup.report.ReportWriter;
import io.github.jsondedup.report.RunCounts;
import io.github.jsondedup.report.RunProcess;
import io.github.jsondedup.report.RunReport;
import io.github.jsondedup.report.Tally;
import io.github.jsondedup.report.Version;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/** The report of a batch (contract rule 9), written under the output's {@code _ingest/runs/}. */
final class BatchReport {
  private BatchReport() {}

  /**
   * The report of a batch that stored its new rows: {@code read} and {@code ruled} are the tallies
   * of its two steps, {@code partitions} the dates written, {@code added} the dataset's new files
   * with their sizes.
   */
  static RunReport succeeded(
      Batch batch,
      BatchRead read,
      Tally.Sum ruled,
      RunCounts counts,
      List<String> partitions,
      Map<String, String> audit,
      Map<String, Long> added) {
    return written(
        batch,
        RunReport.SUCCEEDED,
        read.unread().isEmpty() ? 0 : UnreadFilesException.SOME_UNREAD_EXIT_CODE,
        filesRead(batch, read, ruled.writtenByFile()),
        read.unread(),
        counts,
        partitions,
        audit,
        added,
        null);
  }

  /** The report of a batch refused for too much bad input: nothing stored. */
  static RunReport refused(
      Batch batch, BatchRead read, RunCounts counts, Map<String, String> audit) {
    return written(
        batch,
        RunReport.REFUSED,
        TooManyRejectedException.EXIT_CODE,
        filesRead(batch, read, Map.of()),
        read.unread(),
        counts,
        List.of(),
        audit,
        Map.of(),
        null);
  }

  /**
   * The short report of an incremental run that found no file new or changed (a heartbeat): that it
   * ran, when, and how long the listing took.
   */
  static RunReport idle(RunStart start, RunSettings settings, Target target, Configuration hadoop) {
    return ofRun(start, settings, target, hadoop, RunReport.IDLE, 0, null);
  }

  /**
   * The report of a run that has just taken its output: rewritten when it ends, and left so by a
   * process that dies.
   */
  static RunReport running(
      RunStart start, RunSettings settings, Target target, Configuration hadoop) {
    return ofRun(start, settings, target, hadoop, RunReport.RUNNING, -1, null);
  }

  /**
   * The report of a run that ended in {@code status} before any batch of it began (or whose batch
   * could not say so), {@code failure} saying why in one line.
   */
  static RunReport ofRun(
      RunStart start,
      RunSettings settings,
      Target target,
      Configuration hadoop,
      String status,
      int exitCode,
      String failure) {
    RunReport report =
        new RunReport(
            start.runId(),
            status,
            exitCode,
            Version.ofJob(),
            settings.reader().option(),
            start.startedAt().toString(),
            Instant.now().toString(),
            settings.inputs(),
            List.of(),
            start.unlisted(),
            start.skippedByName(),
            target.name(),
            target.layout().ingest().toString(),
            target.layout().report(start.runId()).toString(),
            settings.key(),
            RunCounts.of().build(),
            List.of(),
            Map.of(),
            0,
            0,
            List.of(),
            null,
            0,
            start.timings().withTotal(),
            Map.of(),
            List.copyOf(start.recovery()),
            failure,
            RunProcess.current());
    ReportWriter.write(report, new Path(report.reportFile()), hadoop);
    if (!RunReport.RUNNING.equals(status)) {
      start.reported().add(report.runId());
    }
    return report;
  }

  /**
   * The report of a batch that ended in {@code status} ({@link RunReport#FAILED} or {@link
   * RunReport#STOPPED}) before it stored anything, {@code failure} saying why; its counts are those
   * of its read, if it got that far. Written if the output takes it (a full disk may not).
   */
  static RunReport ended(Batch batch, String status, int exitCode, BatchRead read, String failure) {
    RunCounts counts =
        read == null
            ? RunCounts.of().build()
            : read.counts(batch.start().files().size()).heldBack(read.records()).build();
    return written(
        batch,
        status,
        exitCode,
        read == null ? List.of() : filesRead(batch, read, Map.of()),
        read == null ? batch.start().unlisted() : read.unread(),
        counts,
        List.of(),
        Map.of(),
        Map.of(),
        failure);
  }

  private static RunReport written(
      Batch batch,
      String status,
      int exitCode,
      List<RunReport.FileRead> files,
      List<Unread> unread,
      RunCounts counts,
      List<String> partitions,
      Map<String, String> audit,
      Map<String, Long> added,
      String failure) {
    RunReport report =
        new RunReport(
            batch.runId(),
            status,
            exitCode,
            Version.ofJob(),
            batch.settings().reader().option(),
            batch.start().startedAt().toString(),
            Instant.now().toString(),
            batch.settings().inputs(),
            files,
            unread,
            batch.start().skippedByName(),
            batch.target().name(),
            batch.layout().ingest().toString(),
            batch.layout().report(batch.runId()).toString(),
            batch.settings().key(),
            counts,
            partitions,
            audit,
            added.size(),
            added.values().stream().mapToLong(Long::longValue).sum(),
            List.copyOf(added.keySet()),
            batch.target().committedSnapshot().orElse(null),
            batch.target().retries(),
            batch.timings().withTotal(),
            batch.steps().byStep(batch.spark().sparkContext()),
            List.copyOf(batch.start().recovery()),
            failure,
            RunProcess.current());
    ReportWriter.write(report, new Path(report.reportFile()), batch.hadoop());
    batch.start().reported().add(report.runId());
    return report;
  }

  /** Each file of the batch as listed, with what became of its records by its rank's counts. */
  private static List<RunReport.FileRead> filesRead(
      Batch batch, BatchRead read, Map<Integer, Long> writtenByFile) {
    Map<String, Integer> rankOf = new HashMap<>();
    for (int rank = 0; rank < batch.ranked().size(); rank++) {
      rankOf.put(batch.ranked().get(rank).path(), rank);
    }
    Set<String> unreadable = new HashSet<>();
    read.unreadable().forEach(file -> unreadable.add(file.path()));
    Set<String> unread = new HashSet<>();
    read.unread().forEach(file -> unread.add(file.path()));
    Tally.Sum tally = read.tally();
    List<RunReport.FileRead> files = new ArrayList<>();
    for (InputFile file : batch.start().files()) {
      if (unread.contains(file.path())) {
        continue;
      }
      Integer rank = rankOf.get(file.path());
      files.add(
          new RunReport.FileRead(
              file.path(),
              file.size(),
              Instant.ofEpochMilli(file.modificationTime()).toString(),
              rank == null ? 0 : tally.recordsByFile().getOrDefault(rank, 0L),
              rank == null ? 0 : tally.rejectedByFile().getOrDefault(rank, 0L),
              rank == null ? 0 : writtenByFile.getOrDefault(rank, 0L),
              unreadable.contains(file.path())
                  || (rank != null && tally.quarantinedByFile().containsKey(rank))));
    }
    return files;
  }
}
