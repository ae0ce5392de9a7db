package io.github.jsondedup.check;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Shrinks a failing sequence of steps (a stateful test's history) by leaving steps out: what
 * QuickTheories' shrinking does for a value, for a history whose every try takes seconds.
 */
public final class LeaveOut {
  private LeaveOut() {}

  /**
   * The shortest sequence found by leaving out one step of {@code failing} at a time, from the
   * last, as long as what is left still {@code fails}, again until no step can go or {@code budget}
   * is spent. {@code failing} must fail.
   */
  public static <S> List<S> shortestFailing(
      List<S> failing, Predicate<List<S>> fails, Duration budget) {
    Instant deadline = Instant.now().plus(budget);
    List<S> shortest = List.copyOf(failing);
    boolean shortened = true;
    while (shortened && Instant.now().isBefore(deadline)) {
      shortened = false;
      for (int step = shortest.size() - 1; step >= 0 && Instant.now().isBefore(deadline); step--) {
        List<S> candidate = new ArrayList<>(shortest);
        candidate.remove(step);
        if (fails.test(candidate)) {
          shortest = List.copyOf(candidate);
          shortened = true;
        }
      }
    }
    return shortest;
  }
}
