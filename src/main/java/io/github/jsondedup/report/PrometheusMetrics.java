package io.github.jsondedup.report;

import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Info;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A run's counts and timings in Prometheus' text exposition format, for node_exporter's textfile
 * collector ({@code --metrics-file}), written with the Prometheus Java client: gauges of the last
 * run, labelled with the dataset as its reports name it, so that an alert can watch the reject
 * share, a run that failed ({@code last_run_exit_code}), a job that has not succeeded for a day
 * ({@code last_success_timestamp_seconds}, kept from the file a failed run replaces), or a watch
 * that stopped looking ({@code last_poll_timestamp_seconds}, renewed by every poll).
 */
public final class PrometheusMetrics {
  private static final String LAST_SUCCESS = "jsondedup_last_success_timestamp_seconds";

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final String dataset;

  private PrometheusMetrics(String dataset) {
    this.dataset = dataset;
  }

  /**
   * The metrics of the run {@code report}, seen by {@code file}'s metrics (the last success of a
   * run that did not succeed), the input last looked at {@code polledAt}.
   */
  public static String of(RunReport report, Path file, Instant polledAt) {
    PrometheusMetrics metrics = new PrometheusMetrics(report.output());
    Instant finished = Instant.parse(report.finishedAt());
    boolean succeeded =
        RunReport.SUCCEEDED.equals(report.status()) || RunReport.IDLE.equals(report.status());
    metrics.last(
        report.exitCode(),
        finished,
        succeeded ? Optional.of(finished) : lastSuccess(file, report.output()),
        polledAt);
    metrics.info(report.runId(), report.status());
    RunCounts c = report.counts();
    metrics.byOutcome(
        "jsondedup_last_run_records",
        "Records of the last run, by what became of them.",
        Map.of(
            "read", c.recordsRead(),
            "written", c.written(),
            "exact_duplicate", c.exactDuplicates(),
            "conflict", c.conflicts(),
            "already_stored", c.alreadyStored(),
            "rejected", c.rejected(),
            "held_back", c.heldBack()));
    metrics.byOutcome(
        "jsondedup_last_run_files",
        "Files of the last run: read, quarantined whole, and unread (the file system failed).",
        Map.of(
            "read", c.files(),
            "quarantined", c.quarantinedFiles(),
            "unread", c.unreadFiles()));
    Gauge steps =
        metrics.gauge(
            "jsondedup_last_run_step_seconds", "Wall time of each step of the last run.", "step");
    report
        .timingsMillis()
        .forEach((step, millis) -> steps.labelValues(metrics.dataset, step).set(millis / 1000.0));
    metrics
        .gauge("jsondedup_last_run_output_bytes", "Bytes of the data files the last run added.")
        .labelValues(metrics.dataset)
        .set((double) report.outputBytes());
    return metrics.text();
  }

  /**
   * The metrics of a run on {@code dataset} that ended with {@code exitCode} and no report, seen by
   * {@code file}'s metrics.
   */
  public static String failed(String dataset, int exitCode, Instant at, Path file) {
    PrometheusMetrics metrics = new PrometheusMetrics(dataset);
    metrics.last(exitCode, at, lastSuccess(file, dataset), at);
    return metrics.text();
  }

  /**
   * The metrics of a watch on {@code dataset} that has ingested nothing yet, at its poll {@code
   * polledAt}: the heartbeat, and the last success {@code file} says.
   */
  public static String watching(String dataset, Instant polledAt, Path file) {
    PrometheusMetrics metrics = new PrometheusMetrics(dataset);
    metrics.lastSuccess(lastSuccess(file, dataset));
    metrics.polled(polledAt);
    return metrics.text();
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

  private void last(int exitCode, Instant at, Optional<Instant> lastSuccess, Instant polledAt) {
    gauge("jsondedup_last_run_exit_code", "Exit code of the last run (0: it finished).")
        .labelValues(dataset)
        .set(exitCode);
    seconds("jsondedup_last_run_timestamp_seconds", "When the last run ended, in Unix time.", at);
    lastSuccess(lastSuccess);
    polled(polledAt);
  }

  private void lastSuccess(Optional<Instant> at) {
    at.ifPresent(
        success ->
            seconds(
                LAST_SUCCESS,
                "When a run last succeeded (or found nothing new), in Unix time.",
                success));
  }

  private void polled(Instant at) {
    seconds(
        "jsondedup_last_poll_timestamp_seconds",
        "When the job last looked at its input (a run, or a watch's poll), in Unix time.",
        at);
  }

  private void info(String runId, String status) {
    Info info =
        Info.builder()
            .name("jsondedup_last_run_info")
            .help("The last run: its id and status.")
            .labelNames("dataset", "run_id", "status")
            .register(registry);
    info.addLabelValues(dataset, runId, status);
  }

  private void byOutcome(String name, String help, Map<String, Long> counts) {
    Gauge gauge = gauge(name, help, "outcome");
    counts.forEach((outcome, count) -> gauge.labelValues(dataset, outcome).set((double) count));
  }

  private void seconds(String name, String help, Instant at) {
    gauge(name, help).labelValues(dataset).set(at.toEpochMilli() / 1000.0);
  }

  private Gauge gauge(String name, String help, String... labels) {
    String[] names = new String[labels.length + 1];
    names[0] = "dataset";
    System.arraycopy(labels, 0, names, 1, labels.length);
    return Gauge.builder()
        .name(name)
        .help(help)
        .labelNames(names)
        .withoutExemplars()
        .register(registry);
  }

  private String text() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      PrometheusTextFormatWriter.create().write(out, registry.scrape());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  /** The last success of {@code dataset} that {@code file} says, if it says one. */
  private static Optional<Instant> lastSuccess(Path file, String dataset) {
    String escaped = dataset.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    Pattern line =
        Pattern.compile(
            "(?m)^" + Pattern.quote(LAST_SUCCESS + "{dataset=\"" + escaped + "\"}") + " (\\S+)$");
    return read(file)
        .map(line::matcher)
        .filter(Matcher::find)
        .map(found -> Instant.ofEpochMilli(Math.round(Double.parseDouble(found.group(1)) * 1000)));
  }

  private static Optional<String> read(Path file) {
    try {
      return Optional.of(Files.readString(file, StandardCharsets.UTF_8));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      // Unreadable: the run's metrics are written anew, without what it held.
      return Optional.empty();
    }
  }
}
