package io.github.jsondedup.report;

import io.github.jsondedup.schema.Columns;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The short human summary a run prints: what came in, what went where, where to look next. */
public final class Summary {
  private static final int MAX_LISTED = 5;

  private Summary() {}

  public static String format(RunReport report) {
    RunCounts c = report.counts();
    StringBuilder text = new StringBuilder();
    text.append(
        String.format(
            Locale.ROOT,
            "json-dedup run %s: %s written to %s in %.1f s%n",
            report.runId(),
            count(c.written(), "record"),
            report.output(),
            report.timingsMillis().getOrDefault("total", 0L) / 1000.0));
    line(
        text,
        "files",
        "%,d read, %,d quarantined%s",
        c.files(),
        c.quarantinedFiles(),
        report.skippedByName() == 0
            ? ""
            : String.format(
                Locale.ROOT, "; %,d skipped (names starting with _ or .)", report.skippedByName()));
    line(
        text,
        "records",
        "%,d read = %,d written + %,d duplicates + %,d rejected%s",
        c.recordsRead(),
        c.written(),
        c.duplicates(),
        c.rejected(),
        c.heldBack() == 0
            ? ""
            : String.format(Locale.ROOT, " + %,d held back (the run was refused)", c.heldBack()));
    line(
        text,
        "duplicates",
        "%,d exact, %,d conflicting (same key, other %s), %,d already stored",
        c.exactDuplicates(),
        c.conflicts(),
        otherValues(report.key()),
        c.alreadyStored());
    line(text, "partitions", "%s", partitions(report.partitions()));
    if (!report.unread().isEmpty()) {
      line(
          text,
          "unread",
          "%s the file system failed to give (not stored; the next run reads them again)",
          count(report.unread().size(), "file"));
      report.unread().stream()
          .limit(MAX_LISTED)
          .forEach(file -> line(text, "", "%s: %s", file.path(), file.cause()));
      if (report.unread().size() > MAX_LISTED) {
        line(text, "", "and %,d more (the report lists them)", report.unread().size() - MAX_LISTED);
      }
    }
    if (report.commitRetries() > 0) {
      line(
          text,
          "retries",
          "%d (other runs committed rows of the same days first; ruled again against them)",
          report.commitRetries());
    }
    for (Map.Entry<String, String> audit : report.audit().entrySet()) {
      line(text, audit.getKey(), "%s", audit.getValue());
    }
    line(text, "report", "%s", report.reportFile());
    return text.toString();
  }

  /** {@code 1 record}, {@code 2 records}, {@code 1,000 records}. */
  public static String count(long n, String noun) {
    return String.format(Locale.ROOT, "%,d %s%s", n, noun, n == 1 ? "" : "s");
  }

  /** The fields a conflict differs in: those of a record that are not in the key. */
  static String otherValues(List<String> key) {
    List<String> others = new ArrayList<>(Columns.RECORD_FIELDS);
    others.removeAll(key);
    return others.isEmpty() ? "values" : String.join(" or ", others);
  }

  /** The partitions written: all of them when few, else their count, first and last. */
  static String partitions(List<String> dates) {
    if (dates.isEmpty()) {
      return "none";
    }
    if (dates.size() <= MAX_LISTED) {
      return "date=" + String.join(", date=", dates);
    }
    return String.format(
        Locale.ROOT,
        "%,d dates, date=%s to date=%s (the report lists them)",
        dates.size(),
        dates.get(0),
        dates.get(dates.size() - 1));
  }

  private static void line(StringBuilder text, String label, String format, Object... args) {
    String value = String.format(Locale.ROOT, format, args);
    text.append(String.format(Locale.ROOT, "  %-11s %s%n", label, value));
  }
}
