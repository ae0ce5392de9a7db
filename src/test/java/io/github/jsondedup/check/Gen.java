package io.github.jsondedup.check;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * A generator of random test values, drawn from {@link Choices}, so that QuickTheories can replay
 * and shrink a failing one (see {@link ForAll}). Combinators in the style of the property-testing
 * libraries: {@link #map}, {@link #flatMap}, {@link #list}, {@link #orNull}, {@link #frequency}; a
 * list shrinks towards its shortest, a choice among values towards the first.
 */
@FunctionalInterface
public interface Gen<T> {
  T draw(Choices random);

  default <R> Gen<R> map(Function<? super T, ? extends R> mapper) {
    return random -> mapper.apply(draw(random));
  }

  default <R> Gen<R> flatMap(Function<? super T, ? extends Gen<? extends R>> mapper) {
    return random -> mapper.apply(draw(random)).draw(random);
  }

  /** Lists of {@code min} to {@code max} values (a mutable list: elements may be null). */
  default Gen<List<T>> list(int min, int max) {
    return random -> {
      int size = random.nextInt(min, max + 1);
      List<T> values = new ArrayList<>(size);
      for (int i = 0; i < size; i++) {
        values.add(draw(random));
      }
      return values;
    };
  }

  /** Null with probability {@code share}, otherwise a value of this generator. */
  default Gen<T> orNull(double share) {
    return random -> random.nextDouble() < share ? null : draw(random);
  }

  static <T> Gen<T> just(T value) {
    return random -> value;
  }

  @SafeVarargs
  @SuppressWarnings("varargs") // the values are only read
  static <T> Gen<T> of(T... values) {
    return of(Arrays.asList(values));
  }

  static <T> Gen<T> of(List<? extends T> values) {
    List<? extends T> choices = List.copyOf(values);
    return random -> choices.get(random.nextInt(choices.size()));
  }

  /** Integers from {@code from} to {@code to}, both included. */
  static Gen<Integer> ints(int from, int to) {
    return random -> random.nextInt(from, to + 1);
  }

  /** Longs from {@code from} to {@code to}, both included. */
  static Gen<Long> longs(long from, long to) {
    return random -> random.nextLong(from, to + 1);
  }

  static Gen<Long> longs() {
    return Choices::nextLong;
  }

  /** Doubles from {@code from} (included) to {@code to} (excluded). */
  static Gen<Double> doubles(double from, double to) {
    return random -> random.nextDouble(from, to);
  }

  static Gen<Boolean> booleans() {
    return Choices::nextBoolean;
  }

  /** Strings of {@code min} to {@code max} decimal digits. */
  static Gen<String> digits(int min, int max) {
    return ints(0, 9)
        .list(min, max)
        .map(list -> String.join("", list.stream().map(String::valueOf).toList()));
  }

  /**
   * A {@link Random} of its own, for APIs that take one (such as {@code Collections.shuffle}); what
   * it draws does not shrink.
   */
  static Gen<Random> randoms() {
    return random -> new Random(random.nextLong());
  }

  /** One of {@code choices}, each drawn with a probability proportional to its weight. */
  @SafeVarargs
  @SuppressWarnings("varargs") // the choices are only read
  static <T> Gen<T> frequency(Weighted<? extends T>... choices) {
    List<Weighted<? extends T>> all = List.of(choices);
    int total = all.stream().mapToInt(Weighted::weight).sum();
    return random -> {
      int pick = random.nextInt(total);
      for (Weighted<? extends T> choice : all) {
        pick -= choice.weight();
        if (pick < 0) {
          return choice.values().draw(random);
        }
      }
      throw new IllegalStateException("weights changed while drawing");
    };
  }

  static <T> Weighted<T> weighted(int weight, Gen<T> values) {
    return new Weighted<>(weight, values);
  }

  /** A generator and its weight in {@link #frequency}. */
  record Weighted<T>(int weight, Gen<T> values) {}
}
