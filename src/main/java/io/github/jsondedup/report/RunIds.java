package io.github.jsondedup.report;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Run ids that sort by start time and do not collide: {@code 20190423T172543Z-3f9a1c}. */
public final class RunIds {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final SecureRandom RANDOM = new SecureRandom();

  private RunIds() {}

  public static String next(Instant startedAt) {
    return TIME.format(startedAt)
        + "-"
        + String.format(Locale.ROOT, "%06x", RANDOM.nextInt(1 << 24));
  }
}
