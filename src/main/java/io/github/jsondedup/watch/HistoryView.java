package io.github.jsondedup.watch;

import io.github.jsondedup.report.RunCounts;
import io.github.jsondedup.report.RunReport;
import io.github.jsondedup.report.Summary;
import io.github.jsondedup.table.MaintenanceReport;
import io.github.jsondedup.table.TableMaintenance;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.ToLongFunction;

/**
 * What {@code json-dedup history} shows: a line per run, newest first, the totals of those runs,
 * and whether the shares of duplicates, conflicts and rejects drift (the newest runs against those
 * before them).
 *
 * @param runs one line per run, newest first
 * @param totals the sums over {@code runs}
 * @param trend the newest runs against as many before them; null with fewer than 2 runs
 * @param unreadable report files that could not be read
 * @param lastMaintenance the newest {@code json-dedup maintain} of a table; null if none
 */
public record HistoryView(
    List<Line> runs,
    Totals totals,
    Trend trend,
    List<String> unreadable,
    MaintenanceReport lastMaintenance) {

  /** The runs a trend compares at most, on each side. */
  public static final int TREND_WINDOW = 7;

  /**
   * One run, as its report says: its counts, its wall time, why it failed (if it did) and what it
   * cleaned up after dead runs before it began.
   */
  public record Line(
      String runId,
      String startedAt,
      String status,
      int exitCode,
      RunCounts counts,
      long wallMillis,
      String failure,
      List<String> recovery) {

    static Line of(RunReport report) {
      return new Line(
          report.runId(),
          report.startedAt(),
          report.status(),
          report.exitCode(),
          report.counts(),
          report.timingsMillis() == null ? 0 : report.timingsMillis().getOrDefault("total", 0L),
          report.failure(),
          report.recovery() == null ? List.of() : report.recovery());
    }
  }

  /** Sums over runs. */
  public record Totals(
      int runs,
      long files,
      long quarantinedFiles,
      long recordsRead,
      long written,
      long duplicates,
      long conflicts,
      long rejected,
      long heldBack,
      long wallMillis,
      long medianWallMillis) {

    static Totals of(List<Line> lines) {
      long[] walls = lines.stream().mapToLong(Line::wallMillis).sorted().toArray();
      return new Totals(
          lines.size(),
          sum(lines, RunCounts::files),
          sum(lines, RunCounts::quarantinedFiles),
          sum(lines, RunCounts::recordsRead),
          sum(lines, RunCounts::written),
          sum(lines, RunCounts::duplicates),
          sum(lines, RunCounts::conflicts),
          sum(lines, RunCounts::rejected),
          sum(lines, RunCounts::heldBack),
          lines.stream().mapToLong(Line::wallMillis).sum(),
          walls.length == 0 ? 0 : walls[(walls.length - 1) / 2]);
    }

    private static long sum(List<Line> lines, ToLongFunction<RunCounts> count) {
      return lines.stream().mapToLong(line -> count.applyAsLong(line.counts())).sum();
    }

    /** {@code part} as a percentage of the records read; 0 when none were read. */
    double percentOfRead(long part) {
      return recordsRead == 0 ? 0 : 100.0 * part / recordsRead;
    }

    public double duplicatePercent() {
      return percentOfRead(duplicates);
    }

    public double conflictPercent() {
      return percentOfRead(conflicts);
    }

    public double rejectPercent() {
      return percentOfRead(rejected);
    }
  }

  /** The newest {@code recent.runs()} runs against the {@code before.runs()} before them. */
  public record Trend(Totals recent, Totals before) {}

  /** The view of {@code history}'s newest {@code last} runs; its trend is over all of them. */
  public static HistoryView of(RunHistory history, int last) {
    List<Line> all = history.runs().stream().map(Line::of).toList();
    List<Line> shown = all.subList(0, Math.min(last, all.size()));
    Trend trend = null;
    if (all.size() >= 2) {
      int window = Math.min(TREND_WINDOW, all.size() / 2);
      trend =
          new Trend(Totals.of(all.subList(0, window)), Totals.of(all.subList(window, 2 * window)));
    }
    return new HistoryView(
        shown,
        Totals.of(shown),
        trend,
        history.unreadable(),
        history.lastMaintenance().orElse(null));
  }

  /** The view as aligned text columns, with the totals and the trend below. */
  public String text() {
    List<String[]> rows = new ArrayList<>();
    rows.add(
        new String[] {
          "RUN",
          "STARTED UTC",
          "STATUS",
          "FILES",
          "QUAR",
          "READ",
          "WRITTEN",
          "EXACT",
          "CONFL",
          "STORED",
          "REJECT",
          "HELD",
          "TIME"
        });
    for (Line line : runs) {
      RunCounts c = line.counts();
      rows.add(
          new String[] {
            line.runId(),
            started(line.startedAt()),
            status(line),
            number(c.files()),
            number(c.quarantinedFiles()),
            number(c.recordsRead()),
            number(c.written()),
            number(c.exactDuplicates()),
            number(c.conflicts()),
            number(c.alreadyStored()),
            number(c.rejected()),
            number(c.heldBack()),
            seconds(line.wallMillis())
          });
    }
    StringBuilder text = new StringBuilder(TextTable.align(rows, 3));
    // What an on-call engineer reads first: why a run failed, and which run cleaned up after
    // another that died.
    for (Line line : runs) {
      if (line.failure() != null) {
        text.append("  ").append(line.runId()).append(" failed: ").append(line.failure());
        text.append('\n');
      }
      for (String note : line.recovery()) {
        text.append("  ").append(line.runId()).append(' ').append(note).append('\n');
      }
    }
    text.append(
        String.format(
            Locale.ROOT,
            "%s: %s files read, %s quarantined, %s in all%n  records %s read = %s written + %s"
                + " duplicates (%s conflicting) + %s rejected%s%n",
            Summary.count(totals.runs(), "run"),
            number(totals.files()),
            number(totals.quarantinedFiles()),
            seconds(totals.wallMillis()),
            number(totals.recordsRead()),
            number(totals.written()),
            number(totals.duplicates()),
            number(totals.conflicts()),
            number(totals.rejected()),
            // A refused run's good records, as its summary says them: neither ruled on nor
            // rejected.
            totals.heldBack() == 0
                ? ""
                : " + " + number(totals.heldBack()) + " held back (refused runs)"));
    Optional.ofNullable(trend)
        .ifPresent(
            t ->
                text.append(
                    String.format(
                        Locale.ROOT,
                        "trend, the last %s against the %d before:%n"
                            + "  duplicates %.1f%% of records read (was %.1f%%), conflicts %.1f%%"
                            + " (was %.1f%%), rejected %.1f%% (was %.1f%%)%n"
                            + "  quarantined files %s (was %s), median wall time %s (was %s)%n",
                        Summary.count(t.recent().runs(), "run"),
                        t.before().runs(),
                        t.recent().duplicatePercent(),
                        t.before().duplicatePercent(),
                        t.recent().conflictPercent(),
                        t.before().conflictPercent(),
                        t.recent().rejectPercent(),
                        t.before().rejectPercent(),
                        number(t.recent().quarantinedFiles()),
                        number(t.before().quarantinedFiles()),
                        seconds(t.recent().medianWallMillis()),
                        seconds(t.before().medianWallMillis()))));
    if (lastMaintenance != null) {
      TableMaintenance.Result done = lastMaintenance.result();
      text.append(
          String.format(
              Locale.ROOT,
              "last maintain: %s: %s compacted (%s -> %s files), %s expired, %s removed%n",
              lastMaintenance.id(),
              Summary.count(done.daysCompacted(), "day"),
              number(done.filesBefore()),
              number(done.filesAfter()),
              Summary.count(done.expiredSnapshots(), "snapshot"),
              Summary.count(done.orphanFiles().size(), "orphan file")));
    }
    for (String path : unreadable) {
      text.append("unreadable report (not counted): ").append(path).append('\n');
    }
    return text.toString();
  }

  /** {@code failed (1)}; a run with no end, {@code running} or {@code died}, has no exit code. */
  private static String status(Line line) {
    return RunReport.RUNNING.equals(line.status()) || RunReport.DIED.equals(line.status())
        ? line.status()
        : line.status() + " (" + line.exitCode() + ")";
  }

  /** {@code 2026-12-04T04:15:00.123Z} as {@code 2026-12-04 04:15} (the run id has the second). */
  private static String started(String instant) {
    if (instant == null || instant.length() < 16) {
      return String.valueOf(instant);
    }
    return instant.substring(0, 10) + " " + instant.substring(11, 16);
  }

  static String number(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  static String seconds(long millis) {
    return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
  }
}
