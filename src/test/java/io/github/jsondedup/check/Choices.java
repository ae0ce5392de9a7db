package io.github.jsondedup.check;

import org.quicktheories.core.RandomnessSource;
import org.quicktheories.impl.Constraint;

/**
 * The random choices a {@link Gen} draws from, each a number in a range. Drawn from QuickTheories'
 * source, a failing value shrinks as the library shrinks the numbers behind it (each towards the
 * low end of its range); drawn from a tape of numbers, a value is replayed exactly, and a tape of
 * zeros gives each choice's low end.
 */
public final class Choices {
  private static final long DOUBLE_UNIT = 1L << 53;

  private final RandomnessSource source;
  private final long[] tape;
  private int next;

  private Choices(RandomnessSource source, long[] tape) {
    this.source = source;
    this.tape = tape;
  }

  /** Choices drawn from QuickTheories, which shrinks them. */
  public static Choices of(RandomnessSource source) {
    return new Choices(source, null);
  }

  /** Choices read from {@code tape} in turn (non-negative numbers); past its end, each low end. */
  public static Choices ofTape(long[] tape) {
    return new Choices(null, tape.clone());
  }

  /** A number from {@code min} to {@code max}, both included. */
  public long between(long min, long max) {
    if (min > max) {
      throw new IllegalArgumentException("empty range " + min + ".." + max);
    }
    if (source != null) {
      return source.next(Constraint.between(min, max).withShrinkPoint(min));
    }
    if (next >= tape.length) {
      return min;
    }
    long span = max - min + 1;
    long value = tape[next++];
    // A span of the whole long range overflows to 0: every number is in it.
    return span == 0 ? value : min + Long.remainderUnsigned(value, span);
  }

  /** As {@link java.util.SplittableRandom#nextInt(int)}: from 0 to {@code bound}, excluded. */
  public int nextInt(int bound) {
    return nextInt(0, bound);
  }

  /** From {@code origin} (included) to {@code bound} (excluded). */
  public int nextInt(int origin, int bound) {
    return (int) between(origin, bound - 1L);
  }

  /** From {@code origin} (included) to {@code bound} (excluded). */
  public long nextLong(long origin, long bound) {
    return between(origin, bound - 1);
  }

  public long nextLong() {
    return between(Long.MIN_VALUE, Long.MAX_VALUE);
  }

  public boolean nextBoolean() {
    return between(0, 1) == 1;
  }

  /** From 0 (included) to 1 (excluded), in steps of 2^-53 as {@link java.util.Random} has. */
  public double nextDouble() {
    return between(0, DOUBLE_UNIT - 1) / (double) DOUBLE_UNIT;
  }

  /** From {@code origin} (included) to {@code bound} (excluded). */
  public double nextDouble(double origin, double bound) {
    double value = origin + nextDouble() * (bound - origin);
    return value < bound ? value : Math.nextDown(bound);
  }
}
