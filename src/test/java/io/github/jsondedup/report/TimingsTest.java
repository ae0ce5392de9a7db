package io.github.jsondedup.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TimingsTest {
  @Test
  void theTotalLeavesOutTheWaitForTheLock() {
    Timings timings = new Timings();

    timings.time(Timings.LOCK_WAIT, () -> sleep(300));
    timings.time("write", () -> sleep(50));

    Map<String, Long> millis = timings.withTotal();
    assertThat(millis).containsOnlyKeys(Timings.LOCK_WAIT, "write", "total");
    assertThat(millis.get(Timings.LOCK_WAIT)).isGreaterThanOrEqualTo(300);
    assertThat(millis.get("total")).isGreaterThanOrEqualTo(50).isLessThan(300);
  }

  private static Long sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return millis;
  }
}
