package io.github.jsondedup.watch;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.jsondedup.report.RunReport;
import io.github.jsondedup.table.MaintenanceReport;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The runs of a dataset, newest first, as their reports under {@code _ingest/runs/} tell (contract
 * rule 9). Reading them needs the file system only, no Spark: a report is a small JSON file.
 *
 * @param runs the readable reports, newest first
 * @param unreadable the report files that are not a report (cut short, or not JSON), by path
 * @param lastMaintenance the newest report of {@code json-dedup maintain} on a table, if any
 */
public record RunHistory(
    List<RunReport> runs, List<String> unreadable, Optional<MaintenanceReport> lastMaintenance) {

  /** No runs known. */
  public static RunHistory empty() {
    return new RunHistory(List.of(), List.of(), Optional.empty());
  }

  // A report from an older or newer build may lack a field or have one more: read what is there.
  private static final ObjectMapper JSON =
      new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /**
   * The history kept in {@code ingestFolder}; empty if the folder holds no reports.
   *
   * @throws MissingDatasetException if {@code ingestFolder} does not exist
   */
  public static RunHistory read(Configuration hadoop, Path ingestFolder) {
    Path folder = new Path(ingestFolder, "runs");
    try {
      FileSystem fs = folder.getFileSystem(hadoop);
      if (!fs.exists(ingestFolder)) {
        throw new MissingDatasetException(ingestFolder + " does not exist: no run wrote there");
      }
      FileStatus[] listed = fs.exists(folder) ? fs.listStatus(folder) : new FileStatus[0];
      List<RunReport> runs = new ArrayList<>();
      List<String> unreadable = new ArrayList<>();
      Arrays.stream(listed)
          .parallel()
          .filter(status -> status.isFile() && status.getPath().getName().endsWith(".json"))
          .map(status -> Map.entry(status.getPath().toString(), parse(fs, status.getPath())))
          .toList()
          .forEach(
              read ->
                  read.getValue().ifPresentOrElse(runs::add, () -> unreadable.add(read.getKey())));
      // Newest first: by start (two runs may start within the second their ids name), then id.
      runs.sort(
          Comparator.comparing((RunReport run) -> Instant.parse(run.startedAt()))
              .thenComparing(RunReport::runId)
              .reversed());
      unreadable.sort(Comparator.naturalOrder());
      return new RunHistory(died(runs), List.copyOf(unreadable), lastMaintenance(fs, ingestFolder));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + folder + ": " + e.getMessage(), e);
    }
  }

  /**
   * {@code runs} (newest first), those left {@code running} by a run that is not running any more
   * marked {@link RunReport#DIED}: their process is gone from this host, or a later run took their
   * lock over.
   */
  private static List<RunReport> died(List<RunReport> runs) {
    List<RunReport> marked = new ArrayList<>(runs.size());
    List<String> recoveredLater = new ArrayList<>();
    // Oldest first would find the takers before; newest first, every later run is seen already.
    for (RunReport run : runs) {
      boolean dead =
          RunReport.RUNNING.equals(run.status())
              && ((run.process() != null && run.process().goneFromThisHost())
                  || recoveredLater.stream()
                      .anyMatch(note -> note.contains("of run " + run.runId() + " ")));
      marked.add(dead ? run.withStatus(RunReport.DIED) : run);
      if (run.recovery() != null) {
        recoveredLater.addAll(run.recovery());
      }
    }
    return List.copyOf(marked);
  }

  private static Optional<MaintenanceReport> lastMaintenance(FileSystem fs, Path ingestFolder)
      throws IOException {
    Path folder = new Path(ingestFolder, "maintenance");
    if (!fs.exists(folder)) {
      return Optional.empty();
    }
    // Ids begin with their start time: the greatest name is the newest report. A dry run only
    // said what it would do: the last maintenance is the newest that did it.
    List<Path> newestFirst =
        Arrays.stream(fs.listStatus(folder))
            .map(FileStatus::getPath)
            .filter(path -> path.getName().endsWith(".json"))
            .sorted(Comparator.comparing(Path::getName).reversed())
            .toList();
    for (Path report : newestFirst) {
      try (InputStream in = fs.open(report)) {
        MaintenanceReport done = JSON.readValue(in, MaintenanceReport.class);
        if (!done.dryRun()) {
          return Optional.of(done);
        }
      } catch (IOException e) {
        // Unreadable: an older one may say it.
      }
    }
    return Optional.empty();
  }

  private static Optional<RunReport> parse(FileSystem fs, Path file) {
    try (InputStream in = fs.open(file)) {
      RunReport report = JSON.readValue(in, RunReport.class);
      return report.runId() == null || report.counts() == null || report.startedAt() == null
          ? Optional.empty()
          : checked(report);
    } catch (FileNotFoundException e) {
      // Removed since listed.
      return Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static Optional<RunReport> checked(RunReport report) {
    try {
      Instant.parse(report.startedAt());
      return Optional.of(report);
    } catch (java.time.format.DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
