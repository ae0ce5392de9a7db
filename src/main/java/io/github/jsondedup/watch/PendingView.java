package io.github.jsondedup.watch;

import io.github.jsondedup.job.CheckpointStatus;
import io.github.jsondedup.output.OutputLock;
import io.github.jsondedup.read.InputFile;
import io.github.jsondedup.report.RunReport;
import io.github.jsondedup.report.Summary;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code json-dedup status} shows of a checkpoint, in one screen: the files waiting (new or
 * changed, oldest first), the last runs that read files, and who holds the lock since when.
 *
 * @param checkpoint the checkpoint folder
 * @param output the folder or table it reads into; null before its first run
 * @param pending the files waiting, oldest first (at most {@link #LISTED} of them)
 * @param pendingFiles how many files wait
 * @param pendingBytes their size
 * @param changed how many of them were read before and changed since
 * @param filesRead how many files the checkpoint holds as read
 * @param lastRuns the last runs that read files, newest first
 * @param lockFile the lock an incremental run of this checkpoint takes
 * @param lock its holder; null when free
 */
public record PendingView(
    String checkpoint,
    String output,
    List<Pending> pending,
    int pendingFiles,
    long pendingBytes,
    int changed,
    int filesRead,
    List<ReadBy> lastRuns,
    String lockFile,
    Lock lock) {

  /** The waiting files listed one by one, at most. */
  public static final int LISTED = 10;

  /** The runs listed, at most. */
  public static final int RUNS = 5;

  /** A file waiting. */
  public record Pending(String path, long size, String modifiedAt, boolean changed) {}

  /**
   * A run that read files: how many the checkpoint holds as read by it, and what its report says
   * (null fields when its report is not found).
   */
  public record ReadBy(
      String runId, long files, String startedAt, String status, Long written, Long wallMillis) {}

  /** The lock's holder, and how long since it renewed the lock. */
  public record Lock(
      String owner,
      String host,
      String pid,
      String renewedAt,
      long secondsAgo,
      boolean goneProcess) {}

  /** The view of {@code status}, with the reports of {@code history} (empty if none are known). */
  public static PendingView of(
      String checkpoint, CheckpointStatus status, RunHistory history, Instant now) {
    List<Pending> pending = new ArrayList<>();
    for (InputFile file : status.pending().subList(0, Math.min(LISTED, status.pending().size()))) {
      pending.add(
          new Pending(
              file.path(),
              file.size(),
              Instant.ofEpochMilli(file.modificationTime()).toString(),
              status.changedFiles().contains(file.path())));
    }
    Map<String, RunReport> reports = new HashMap<>();
    history.runs().forEach(report -> reports.put(report.runId(), report));
    List<ReadBy> runs = new ArrayList<>();
    for (Map.Entry<String, Long> run : status.runs().entrySet()) {
      Optional<RunReport> report = Optional.ofNullable(reports.get(run.getKey()));
      runs.add(
          new ReadBy(
              run.getKey(),
              run.getValue(),
              report.map(RunReport::startedAt).orElse(null),
              report.map(RunReport::status).orElse(null),
              report.map(r -> r.counts().written()).orElse(null),
              report.map(r -> r.timingsMillis().getOrDefault("total", 0L)).orElse(null)));
    }
    // Newest first by start where the report tells it (ids of one second sort at random), then id.
    runs.sort(
        Comparator.comparing(
                (ReadBy run) -> run.startedAt() == null ? null : Instant.parse(run.startedAt()),
                Comparator.nullsFirst(Comparator.<Instant>naturalOrder()))
            .thenComparing(ReadBy::runId)
            .reversed());
    runs = List.copyOf(runs.subList(0, Math.min(RUNS, runs.size())));
    Lock lock =
        status
            .lock()
            .map(
                (OutputLock.Holder holder) ->
                    new Lock(
                        holder.owner(),
                        holder.host(),
                        holder.pid(),
                        holder.renewedAt().toString(),
                        Duration.between(holder.renewedAt(), now).toSeconds(),
                        holder.goneProcess()))
            .orElse(null);
    return new PendingView(
        checkpoint,
        status.output().orElse(null),
        pending,
        status.pending().size(),
        status.pendingBytes(),
        status.changedFiles().size(),
        status.filesRead(),
        runs,
        status.lockFile().toString(),
        lock);
  }

  /** The view as a person reads it. */
  public String text() {
    StringBuilder text = new StringBuilder();
    text.append(
        String.format(
            Locale.ROOT,
            "json-dedup status of %s%s%n",
            checkpoint,
            output == null ? " (no run has used it yet)" : ", reading into " + output));
    line(
        text,
        "pending",
        "%s, %s (%,d new, %,d changed since read)%s",
        Summary.count(pendingFiles, "file"),
        bytes(pendingBytes),
        pendingFiles - changed,
        changed,
        pendingFiles == 0 ? "" : ", oldest first:");
    for (Pending file : pending) {
      text.append(
          String.format(
              Locale.ROOT,
              "  %s  %9s  %s%s%n",
              file.modifiedAt(),
              bytes(file.size()),
              file.path(),
              file.changed() ? "  (changed)" : ""));
    }
    if (pendingFiles > pending.size()) {
      text.append(
          String.format(Locale.ROOT, "  ... and %,d more%n", pendingFiles - pending.size()));
    }
    line(
        text,
        "read",
        "%s%s",
        Summary.count(filesRead, "file"),
        lastRuns.isEmpty() ? "" : "; the last runs that read files:");
    for (ReadBy run : lastRuns) {
      text.append(
          String.format(
              Locale.ROOT,
              "  %s  %s%s%n",
              run.runId(),
              Summary.count(run.files(), "file"),
              run.status() == null
                  ? " (no report found)"
                  : String.format(
                      Locale.ROOT,
                      ", %s, %s written in %.1f s",
                      run.status(),
                      Summary.count(run.written(), "record"),
                      run.wallMillis() / 1000.0)));
    }
    if (lock == null) {
      line(text, "lock", "free (%s)", lockFile);
    } else {
      line(
          text,
          "lock",
          "held by run %s (host %s, pid %s), renewed %s ago%s",
          lock.owner(),
          lock.host(),
          lock.pid(),
          age(lock.secondsAgo()),
          lock.goneProcess() ? "; that process is gone: the next run takes the lock over" : "");
    }
    return text.toString();
  }

  private static void line(StringBuilder text, String label, String format, Object... args) {
    text.append(
        String.format(Locale.ROOT, "%-11s %s%n", label, String.format(Locale.ROOT, format, args)));
  }

  static String bytes(long n) {
    if (n < 1024) {
      return n + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double value = n;
    int unit = -1;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
  }

  private static String age(long seconds) {
    return seconds < 120
        ? seconds + " s"
        : seconds < 7200 ? seconds / 60 + " min" : seconds / 3600 + " h";
  }
}
