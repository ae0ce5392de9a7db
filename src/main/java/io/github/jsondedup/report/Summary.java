package io.github.jsondedup.report;

import java.util.Locale;
import java.util.Map;

/** The short human summary a run prints: what came in, what went where, where to look next. */
public final class Summary {
  private Summary() {}

  public static String format(RunReport report, String reportPath) {
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
    line(text, "files", "%d read, %d quarantined", c.files(), c.quarantinedFiles());
    line(
        text,
        "records",
        "%d read = %d written + %d duplicates + %d rejected",
        c.recordsRead(),
        c.written(),
        c.duplicates(),
        c.rejected());
    line(
        text,
        "duplicates",
        "%d exact, %d conflicting (same key, other data), %d already stored",
        c.exactDuplicates(),
        c.conflicts(),
        c.alreadyStored());
    String partitions =
        report.partitions().isEmpty()
            ? "none"
            : "date=" + String.join(", date=", report.partitions());
    line(text, "partitions", "%s", partitions);
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
    line(text, "report", "%s", reportPath);
    return text.toString();
  }

  /** {@code 1 record}, {@code 2 records}. */
  static String count(long n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }

  private static void line(StringBuilder text, String label, String format, Object... args) {
    String value = String.format(Locale.ROOT, format, args);
    text.append(String.format(Locale.ROOT, "  %-11s %s%n", label, value));
  }
}
