package io.github.jsondedup.sparkcompat;

import java.time.ZoneOffset;
import org.apache.spark.sql.catalyst.util.TimestampFormatter;

/**
 * Spark SQL's own timestamp parser (Catalyst's {@code TimestampFormatter}), as {@code
 * try_to_timestamp(text, pattern)} uses it, in UTC: for plain Java code that must parse exactly as
 * Spark does. Not thread-safe; one per task.
 */
public final class SparkTimestampParser {
  private final TimestampFormatter formatter;

  public SparkTimestampParser(String pattern) {
    this.formatter = TimestampFormatter.apply(pattern, ZoneOffset.UTC, true);
  }

  /** Microseconds since the epoch of {@code text}, or {@code otherwise} if it is not one. */
  public long parse(String text, long otherwise) {
    try {
      return formatter.parse(text);
    } catch (java.text.ParseException | RuntimeException notATimestamp) {
      return otherwise;
    }
  }
}
