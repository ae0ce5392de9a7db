package io.github.jsondedup.report;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** Wall time per step of a run, in the order the steps ran. */
public final class Timings {
  private final long start = System.nanoTime();
  private final Map<String, Long> millis = new LinkedHashMap<>();

  public <T> T time(String step, Supplier<T> work) {
    long begin = System.nanoTime();
    try {
      return work.get();
    } finally {
      millis.merge(step, (System.nanoTime() - begin) / 1_000_000, Long::sum);
    }
  }

  /** The step that waits for another run to release the output: not part of the run's work. */
  public static final String LOCK_WAIT = "lock_wait";

  /** The steps so far, and their total as {@code total}, time spent waiting for the lock apart. */
  public Map<String, Long> withTotal() {
    Map<String, Long> all = new LinkedHashMap<>(millis);
    long elapsed = (System.nanoTime() - start) / 1_000_000;
    all.put("total", elapsed - millis.getOrDefault(LOCK_WAIT, 0L));
    return all;
  }
}
