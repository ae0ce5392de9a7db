package io.github.jsondedup.report;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** Wall time per step of a run, in the order the steps ran. */
public final class Timings {
  /** The step of a process's own start (the JVM, Spark) before the run's first step. */
  public static final String STARTUP = "startup";

  private final long start;
  private final Map<String, Long> millis = new LinkedHashMap<>();

  public Timings() {
    this.start = System.nanoTime();
  }

  private Timings(long start) {
    this.start = start;
  }

  /**
   * A clock that started at {@code processStart}, the time until now counted as {@link #STARTUP}:
   * the total is then the wall time the process took.
   */
  public static Timings sinceProcessStart(Instant processStart) {
    long startup = Math.max(0, Duration.between(processStart, Instant.now()).toNanos());
    Timings timings = new Timings(System.nanoTime() - startup);
    timings.millis.put(STARTUP, startup / 1_000_000);
    return timings;
  }

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
