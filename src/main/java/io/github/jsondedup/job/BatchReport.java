package io.github.jsondedup.job;

import io.github.jsondedup.config.RunSettings;
import io.github.jsondedup.read.InputFile;
import io.github.jsondedup.report.ReportWriter;
import io.github.jsondedup.report.RunCounts;
import io.github.jsondedup.report.RunReport;
import io.github.jsondedup.report.Version;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;

/** The report of a batch (contract rule 9), written under the output's {@code _ingest/runs/}. */
final class BatchReport {
  private BatchReport() {}

  /**
   * The report of a batch that stored its new rows: {@code partitions} are the dates written,
   * {@code added} the dataset's new files with their sizes.
   */
  static RunReport succeeded(
      Batch batch,
      RunCounts counts,
      List<String> partitions,
      Map<String, String> audit,
      Map<String, Long> added) {
    return written(batch, RunReport.SUCCEEDED, 0, counts, partitions, audit, added);
  }

  /** The report of a batch refused for too much bad input: nothing stored. */
  static RunReport refused(Batch batch, RunCounts counts, Map<String, String> audit) {
    return written(
        batch,
        RunReport.REFUSED,
        TooManyRejectedException.EXIT_CODE,
        counts,
        List.of(),
        audit,
        Map.of());
  }

  /**
   * The short report of an incremental run that found no file new or changed (a heartbeat): that it
   * ran, when, and how long the listing took.
   */
  static RunReport idle(RunStart start, RunSettings settings, Target target, Configuration hadoop) {
    RunReport report =
        new RunReport(
            start.runId(),
            RunReport.IDLE,
            0,
            Version.ofJob(),
            settings.reader().option(),
            start.startedAt().toString(),
            Instant.now().toString(),
            settings.inputs(),
            List.of(),
            start.skippedByName(),
            target.name(),
            target.layout().ingest().toString(),
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
            List.copyOf(start.recovery()));
    ReportWriter.write(report, target.layout().report(start.runId()), hadoop);
    return report;
  }

  private static RunReport written(
      Batch batch,
      String status,
      int exitCode,
      RunCounts counts,
      List<String> partitions,
      Map<String, String> audit,
      Map<String, Long> added) {
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
            filesRead(batch.start().files()),
            batch.start().skippedByName(),
            batch.target().name(),
            batch.layout().ingest().toString(),
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
            List.copyOf(batch.start().recovery()));
    ReportWriter.write(report, batch.layout().report(batch.runId()), batch.hadoop());
    return report;
  }

  private static List<RunReport.FileRead> filesRead(List<InputFile> files) {
    return files.stream()
        .map(
            file ->
                new RunReport.FileRead(
                    file.path(),
                    file.size(),
                    Instant.ofEpochMilli(file.modificationTime()).toString()))
        .toList();
  }
}
