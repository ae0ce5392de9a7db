package io.github.jsondedup.read;

import io.github.jsondedup.schema.Reasons;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * The checks of {@link Validation} on one record in plain Java, for the streaming reader's tasks:
 * the same reasons in the same order, and {@code ts} parsed as Spark parses it ({@link
 * IsoTimestamps}). The differential test of the two readers holds the two to the same result.
 */
final class RecordCheck {
  static final long MICROS_PER_DAY = 86_400_000_000L;
  private static final long FIRST_MICRO = epochMicro(LocalDate.of(1, 1, 1));
  private static final long END_MICRO = epochMicro(LocalDate.of(10000, 1, 1));

  private final IsoTimestamps timestamps = new IsoTimestamps();

  /** Why the record must be rejected, or null; {@code ts} gets the parsed instant. */
  String problem(String id, String tsText, long[] ts) {
    if (id == null) {
      return Reasons.MISSING_ID;
    }
    if (id.isEmpty()) {
      return Reasons.EMPTY_ID;
    }
    if (tsText == null) {
      return Reasons.MISSING_TS;
    }
    long micros = timestamps.parse(tsText);
    if (micros == IsoTimestamps.UNPARSABLE) {
      return Reasons.UNPARSABLE_TS;
    }
    if (micros < FIRST_MICRO || micros >= END_MICRO) {
      return Reasons.TS_OUT_OF_RANGE;
    }
    ts[0] = micros;
    return null;
  }

  private static long epochMicro(LocalDate date) {
    return date.atStartOfDay(ZoneOffset.UTC).toEpochSecond() * 1_000_000L;
  }
}
