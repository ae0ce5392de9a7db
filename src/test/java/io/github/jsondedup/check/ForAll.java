package io.github.jsondedup.check;

import java.util.SplittableRandom;
import org.junit.jupiter.api.function.ThrowingConsumer;
import org.quicktheories.QuickTheory;

/**
 * Runs a property over random values with QuickTheories: {@code tries} values (the first two with
 * every choice at its low end, then at its high end; random ones after), and on a failure the
 * smallest failing value its shrinking finds (at most {@code -Djsondedup.shrinkCycles}, 200 unless
 * set, tries of the property), with the seed that replays the whole run. The seed is random unless
 * {@code -Djsondedup.seed=N} fixes it; {@code -Djsondedup.triesTimes=N} runs N times the tries.
 */
public final class ForAll {
  static final String SEED = "jsondedup.seed";
  static final String SHRINK_CYCLES = "jsondedup.shrinkCycles";

  /** {@code -Djsondedup.triesTimes=N}: N times as many tries, for a deeper run than the tests'. */
  static final String TRIES_TIMES = "jsondedup.triesTimes";

  private ForAll() {}

  public static <T> void check(int tries, Gen<T> values, ThrowingConsumer<? super T> property) {
    check(tries, values, property, () -> {});
  }

  /**
   * As {@link #check(int, Gen, ThrowingConsumer)}, running {@code afterEachTry} after each try
   * (those of the shrinking too).
   */
  public static <T> void check(
      int tries, Gen<T> values, ThrowingConsumer<? super T> property, Runnable afterEachTry) {
    long seed = baseSeed();
    try {
      QuickTheory.qt()
          .withFixedSeed(seed)
          // QuickTheories 0.26 tries one value fewer than it is told to.
          .withExamples(tries * Integer.getInteger(TRIES_TIMES, 1) + 1)
          .withShrinkCycles(Integer.getInteger(SHRINK_CYCLES, 200))
          .forAll((org.quicktheories.core.Gen<T>) source -> values.draw(Choices.of(source)))
          .checkAssert(
              value -> {
                try {
                  property.accept(value);
                } catch (RuntimeException | Error failure) {
                  throw failure;
                } catch (Throwable failure) {
                  throw new AssertionError(failure);
                } finally {
                  afterEachTry.run();
                }
              });
    } catch (AssertionError failure) {
      throw new AssertionError(
          "Replay this run with -D" + SEED + "=" + seed + ": " + failure.getMessage(), failure);
    }
  }

  /** The base seed of a run: {@code -Djsondedup.seed}, or a new one. */
  public static long baseSeed() {
    String fixed = System.getProperty(SEED);
    return fixed == null ? new SplittableRandom().nextLong() : Long.parseLong(fixed);
  }
}
