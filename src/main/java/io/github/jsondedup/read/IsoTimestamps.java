package io.github.jsondedup.read;

import io.github.jsondedup.sparkcompat.SparkTimestampParser;
import java.time.LocalDate;

/**
 * Parses {@code ts} as {@link Validation} does with {@code try_to_timestamp(ts, TS_PATTERN)}, to
 * microseconds since the epoch, inside the streaming reader's tasks. Spark's formatter costs about
 * 2 µs a record, a quarter of a whole run's CPU, so the usual shape ({@code
 * 2019-04-23T17:25:43.111Z}: four-digit year, 0 to 6 fraction digits, {@code Z} or {@code ±HH:MM})
 * is parsed here by hand, and anything else goes to Spark's own formatter: the result is Spark's
 * for every text, which a property test checks on random texts.
 */
final class IsoTimestamps {
  /** Returned for a text that is not a timestamp. */
  static final long UNPARSABLE = Long.MIN_VALUE;

  private static final long MICROS_PER_SECOND = 1_000_000L;
  private static final int[] FRACTION_SCALE = {0, 100_000, 10_000, 1_000, 100, 10, 1};

  private SparkTimestampParser spark;

  /** Microseconds since the epoch, or {@link #UNPARSABLE}. */
  long parse(String text) {
    long micros = parseUsualShape(text);
    return micros != UNPARSABLE ? micros : parseWithSpark(text);
  }

  private long parseWithSpark(String text) {
    if (spark == null) {
      spark = new SparkTimestampParser(Validation.TS_PATTERN);
    }
    return spark.parse(text, UNPARSABLE);
  }

  // yyyy-MM-ddTHH:mm:ss, then optionally . and 1 to 6 digits, then Z or ±HH:MM; anything else, or
  // a field out of range, is left to Spark.
  private static long parseUsualShape(String text) {
    int length = text.length();
    if (length < 20
        || text.charAt(4) != '-'
        || text.charAt(7) != '-'
        || text.charAt(10) != 'T'
        || text.charAt(13) != ':'
        || text.charAt(16) != ':') {
      return UNPARSABLE;
    }
    int year = digits(text, 0, 4);
    int month = digits(text, 5, 2);
    int day = digits(text, 8, 2);
    int hour = digits(text, 11, 2);
    int minute = digits(text, 14, 2);
    int second = digits(text, 17, 2);
    // digits() gives -1 for a non-digit: every lower bound below also refuses it.
    if (year < 1
        || month < 1
        || month > 12
        || day < 1
        || hour < 0
        || hour > 23
        || minute < 0
        || minute > 59
        || second < 0
        || second > 59) {
      return UNPARSABLE;
    }
    int position = 19;
    long fraction = 0;
    if (text.charAt(position) == '.') {
      int start = ++position;
      while (position < length && position - start < 7 && isDigit(text.charAt(position))) {
        position++;
      }
      int count = position - start;
      if (count < 1 || count > 6) {
        return UNPARSABLE;
      }
      fraction = (long) digits(text, start, count) * FRACTION_SCALE[count];
    }
    int offsetSeconds;
    if (position == length - 1 && text.charAt(position) == 'Z') {
      offsetSeconds = 0;
    } else if (position == length - 6
        && (text.charAt(position) == '+' || text.charAt(position) == '-')
        && text.charAt(position + 3) == ':') {
      int offsetHours = digits(text, position + 1, 2);
      int offsetMinutes = digits(text, position + 4, 2);
      if (offsetHours < 0 || offsetHours > 17 || offsetMinutes < 0 || offsetMinutes > 59) {
        return UNPARSABLE;
      }
      int sign = text.charAt(position) == '-' ? -1 : 1;
      offsetSeconds = sign * (offsetHours * 3600 + offsetMinutes * 60);
    } else {
      return UNPARSABLE;
    }
    if (day > LocalDate.of(year, month, 1).lengthOfMonth()) {
      return UNPARSABLE;
    }
    long epochDay = LocalDate.of(year, month, day).toEpochDay();
    long seconds = epochDay * 86_400 + hour * 3600L + minute * 60L + second - offsetSeconds;
    return seconds * MICROS_PER_SECOND + fraction;
  }

  /** The decimal number of {@code count} ASCII digits at {@code start}, or -1. */
  private static int digits(String text, int start, int count) {
    int value = 0;
    for (int i = start; i < start + count; i++) {
      char c = text.charAt(i);
      if (!isDigit(c)) {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
