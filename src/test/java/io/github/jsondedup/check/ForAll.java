package io.github.jsondedup.check;

import java.util.SplittableRandom;
import org.junit.jupiter.api.function.ThrowingConsumer;

/**
 * Runs a property over random values: {@code tries} values, each drawn from a seed of its own, so
 * that a failure names the one seed that replays it. A run's seeds follow from one base seed,
 * random unless {@code -Djsondedup.seed=N} fixes it; {@code -Djsondedup.replay=SEED} runs only the
 * try of that seed.
 */
public final class ForAll {
  static final String SEED = "jsondedup.seed";
  static final String REPLAY = "jsondedup.replay";

  private ForAll() {}

  public static <T> void check(int tries, Gen<T> values, ThrowingConsumer<? super T> property) {
    check(tries, values, property, () -> {});
  }

  /** As {@link #check(int, Gen, ThrowingConsumer)}, running {@code afterEachTry} after each. */
  public static <T> void check(
      int tries, Gen<T> values, ThrowingConsumer<? super T> property, Runnable afterEachTry) {
    for (long seed : seeds(baseSeed(), tries)) {
      T value = values.draw(new SplittableRandom(seed));
      try {
        property.accept(value);
      } catch (Throwable failure) {
        throw new AssertionError(
            String.format(
                java.util.Locale.ROOT,
                "The property failed (replay this try with -D%s=%d) on:%n%s%n%s",
                REPLAY,
                seed,
                value,
                failure.getMessage()),
            failure);
      } finally {
        afterEachTry.run();
      }
    }
  }

  /** The base seed of a run: {@code -Djsondedup.seed}, or a new one. */
  public static long baseSeed() {
    String fixed = System.getProperty(SEED);
    return fixed == null ? new SplittableRandom().nextLong() : Long.parseLong(fixed);
  }

  /** The seeds of {@code tries} tries from {@code base}; the one to replay if one is named. */
  public static long[] seeds(long base, int tries) {
    String replay = System.getProperty(REPLAY);
    if (replay != null) {
      return new long[] {Long.parseLong(replay)};
    }
    SplittableRandom seeds = new SplittableRandom(base);
    return seeds.longs(tries).toArray();
  }
}
