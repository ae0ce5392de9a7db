package io.github.jsondedup.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Locale;

/**
 * A run's counts and timings in Prometheus' text exposition format, for node_exporter's textfile
 * collector ({@code --metrics-file}): gauges of the last run, labelled with the dataset, so that an
 * alert can watch the reject share, a run that failed, or one that has not run for a day.
 */
public final class PrometheusMetrics {
  private PrometheusMetrics() {}

  /** The metrics of the run {@code report}. */
  public static String of(RunReport report) {
    String dataset = label("dataset", report.output());
    RunCounts c = report.counts();
    StringBuilder text = new StringBuilder();
    last(text, dataset, report.exitCode(), Instant.parse(report.finishedAt()));
    help(text, "jsondedup_last_run_info", "The last run: its id and status.");
    sample(
        text,
        "jsondedup_last_run_info",
        dataset + "," + label("run_id", report.runId()) + "," + label("status", report.status()),
        1);
    help(text, "jsondedup_last_run_records", "Records of the last run, by what became of them.");
    String records = "jsondedup_last_run_records";
    sample(text, records, outcome(dataset, "read"), c.recordsRead());
    sample(text, records, outcome(dataset, "written"), c.written());
    sample(text, records, outcome(dataset, "exact_duplicate"), c.exactDuplicates());
    sample(text, records, outcome(dataset, "conflict"), c.conflicts());
    sample(text, records, outcome(dataset, "already_stored"), c.alreadyStored());
    sample(text, records, outcome(dataset, "rejected"), c.rejected());
    sample(text, records, outcome(dataset, "held_back"), c.heldBack());
    help(
        text,
        "jsondedup_last_run_files",
        "Files of the last run: read, quarantined whole, and unread (the file system failed).");
    sample(text, "jsondedup_last_run_files", outcome(dataset, "read"), c.files());
    sample(text, "jsondedup_last_run_files", outcome(dataset, "quarantined"), c.quarantinedFiles());
    sample(text, "jsondedup_last_run_files", outcome(dataset, "unread"), c.unreadFiles());
    help(text, "jsondedup_last_run_step_seconds", "Wall time of each step of the last run.");
    report
        .timingsMillis()
        .forEach(
            (step, millis) ->
                seconds(
                    text,
                    "jsondedup_last_run_step_seconds",
                    dataset + "," + label("step", step),
                    millis));
    help(text, "jsondedup_last_run_output_bytes", "Bytes of the data files the last run added.");
    sample(text, "jsondedup_last_run_output_bytes", dataset, report.outputBytes());
    return text.toString();
  }

  /** The metrics of a run on {@code dataset} that ended with {@code exitCode} and no report. */
  public static String failed(String dataset, int exitCode, Instant at) {
    StringBuilder text = new StringBuilder();
    last(text, label("dataset", dataset), exitCode, at);
    return text.toString();
  }

  /**
   * Writes {@code metrics} to {@code file} atomically: under a temporary name in the same folder,
   * then renamed, so that the collector never reads half a file.
   */
  public static void write(Path file, String metrics) {
    Path absolute = file.toAbsolutePath();
    Path temporary =
        absolute.resolveSibling(
            "." + absolute.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
    try {
      Files.writeString(temporary, metrics, StandardCharsets.UTF_8);
      Files.move(temporary, absolute, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      try {
        Files.deleteIfExists(temporary);
      } catch (IOException ignored) {
        // The write failed already; that is the error to report.
      }
      throw new UncheckedIOException("Cannot write the metrics file " + file + ": " + e, e);
    }
  }

  private static void last(StringBuilder text, String dataset, int exitCode, Instant at) {
    help(text, "jsondedup_last_run_exit_code", "Exit code of the last run (0: it finished).");
    sample(text, "jsondedup_last_run_exit_code", dataset, exitCode);
    help(text, "jsondedup_last_run_timestamp_seconds", "When the last run ended, in Unix time.");
    seconds(text, "jsondedup_last_run_timestamp_seconds", dataset, at.toEpochMilli());
  }

  private static void help(StringBuilder text, String name, String help) {
    text.append("# HELP ").append(name).append(' ').append(help).append('\n');
    text.append("# TYPE ").append(name).append(" gauge\n");
  }

  private static void sample(StringBuilder text, String name, String labels, long value) {
    text.append(name).append('{').append(labels).append("} ").append(value).append('\n');
  }

  private static void seconds(StringBuilder text, String name, String labels, long millis) {
    text.append(name)
        .append('{')
        .append(labels)
        .append("} ")
        .append(String.format(Locale.ROOT, "%.3f", millis / 1000.0))
        .append('\n');
  }

  /** {@code name="value"}, the value escaped as the exposition format asks. */
  private static String label(String name, String value) {
    String escaped = value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    return name + "=\"" + escaped + "\"";
  }

  private static String outcome(String dataset, String outcome) {
    return dataset + "," + label("outcome", outcome);
  }
}
