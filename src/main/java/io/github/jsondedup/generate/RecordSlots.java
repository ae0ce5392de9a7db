package io.github.jsondedup.generate;

import java.time.LocalDate;

/**
 * The records of the original files as a pure function of a seed and a slot: slot {@code s} is
 * position {@code s % recordsPerFile} of file {@code s / recordsPerFile}. A slot either starts a
 * new key or repeats the key of an earlier slot; since earlier slots are in earlier files (earlier
 * modification time and name) or earlier in the same file, the first slot of each key is its
 * survivor. Any file can so be written alone, in parallel, and the ground truth follows without
 * keeping state.
 */
final class RecordSlots {
  static final LocalDate FIRST_DAY = LocalDate.of(2026, 1, 1);
  private static final long MILLIS_PER_DAY = 86_400_000L;
  // Odd multipliers are bijections modulo a power of two: distinct slots get distinct ids and data.
  private static final long ID_MULTIPLIER = 0x9E3779B97F4A7C15L;
  private static final long DATA_MULTIPLIER = 0xC2B2AE3D27D4EB4FL;
  private static final long FORTY_BITS = (1L << 40) - 1;

  private final GeneratorSettings settings;
  private final String[] dayPrefixes;

  RecordSlots(GeneratorSettings settings) {
    this.settings = settings;
    this.dayPrefixes = new String[settings.days()];
    for (int day = 0; day < dayPrefixes.length; day++) {
      dayPrefixes[day] = FIRST_DAY.plusDays(day) + "T";
    }
    if (originalSlots() > FORTY_BITS) {
      throw new IllegalArgumentException("At most 2^40 records can be generated");
    }
  }

  long originalSlots() {
    return (long) settings.originalFiles() * settings.recordsPerFile();
  }

  /** Whether slot {@code s} repeats the key of an earlier slot. */
  boolean repeats(long slot) {
    return slot > 0 && uniform(slot, 1) < settings.duplicateRate();
  }

  /** Whether a repeating slot has other data than its key's survivor. */
  boolean conflicts(long slot) {
    return repeats(slot) && uniform(slot, 2) < settings.conflictShare();
  }

  /** The first slot of the key slot {@code s} holds: its survivor. */
  long survivor(long slot) {
    long current = slot;
    while (repeats(current)) {
      current = repeated(current);
    }
    return current;
  }

  /** The earlier slot whose key slot {@code s} repeats. */
  private long repeated(long slot) {
    int perFile = settings.recordsPerFile();
    long fileStart = slot / perFile * perFile;
    boolean crossFile =
        fileStart > 0 && (slot == fileStart || uniform(slot, 3) < settings.crossFileShare());
    long from = crossFile || slot == fileStart ? 0 : fileStart;
    long to = crossFile ? fileStart : slot;
    return from + (long) (uniform(slot, 4) * (to - from));
  }

  /** The id of the key whose survivor is slot {@code survivor}: distinct for distinct keys. */
  static String id(long survivor) {
    return Long.toString(((survivor + 1) * ID_MULTIPLIER) & FORTY_BITS);
  }

  /**
   * The UTC day, counted from {@link #FIRST_DAY}, of the key whose survivor is {@code survivor}.
   */
  int day(long survivor) {
    return (int) (uniform(survivor, 5) * settings.days());
  }

  /** The ts of the key whose survivor is {@code survivor}, with milliseconds and {@code Z}. */
  String ts(long survivor) {
    long milli = (long) (uniform(survivor, 6) * MILLIS_PER_DAY);
    // Formatted by hand: a DateTimeFormatter per record was most of the generator's time.
    StringBuilder ts = new StringBuilder(24).append(dayPrefixes[day(survivor)]);
    twoDigits(ts, milli / 3_600_000).append(':');
    twoDigits(ts, milli / 60_000 % 60).append(':');
    twoDigits(ts, milli / 1000 % 60).append('.');
    long fraction = milli % 1000;
    return ts.append(fraction < 100 ? "0" : "")
        .append(fraction < 10 ? "0" : "")
        .append(fraction)
        .append('Z')
        .toString();
  }

  private static StringBuilder twoDigits(StringBuilder text, long value) {
    return text.append(value < 10 ? "0" : "").append(value);
  }

  /**
   * The data of slot {@code slot} whose survivor is {@code survivor}: the survivor's own, or for a
   * conflict one of the slot's own. Capital letters, distinct for distinct owners.
   */
  String data(long slot, long survivor) {
    long owner = conflicts(slot) ? slot : survivor;
    long value = ((owner + 1) * DATA_MULTIPLIER) & FORTY_BITS;
    StringBuilder letters = new StringBuilder(9);
    do {
      letters.append((char) ('A' + value % 26));
      value /= 26;
    } while (value > 0);
    return letters.toString();
  }

  /** A number in [0, 1) fixed by the seed, the slot and what it is for. */
  private double uniform(long slot, int purpose) {
    long bits = mix(mix(settings.seed() + purpose * 0x632BE59BD9B4E019L) ^ slot);
    return (bits >>> 11) * 0x1.0p-53;
  }

  // The finalizer of MurmurHash3 / SplittableRandom: a cheap bijective scramble of 64 bits.
  static long mix(long value) {
    long z = (value ^ (value >>> 33)) * 0xff51afd7ed558ccdL;
    z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
    return z ^ (z >>> 33);
  }
}
