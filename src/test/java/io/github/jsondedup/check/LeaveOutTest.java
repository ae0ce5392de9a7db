package io.github.jsondedup.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class LeaveOutTest {
  private static final List<Integer> FOURTEEN_STEPS = IntStream.rangeClosed(1, 14).boxed().toList();

  @Test
  void keepsOnlyTheStepsTheFailureNeeds() {
    // Fails when step 3 comes before step 9, as a lost file fails only after a later run.
    List<Integer> shortest =
        LeaveOut.shortestFailing(
            FOURTEEN_STEPS,
            steps -> steps.contains(3) && steps.indexOf(3) < steps.indexOf(9),
            Duration.ofMinutes(1));

    assertThat(shortest).containsExactly(3, 9);
  }

  @Test
  void stopsWhenItsTimeIsSpent() {
    AtomicInteger tries = new AtomicInteger();

    List<Integer> shortest =
        LeaveOut.shortestFailing(
            FOURTEEN_STEPS, steps -> tries.incrementAndGet() > 0, Duration.ZERO);

    assertThat(shortest).isEqualTo(FOURTEEN_STEPS);
    assertThat(tries).hasValue(0);
  }
}
