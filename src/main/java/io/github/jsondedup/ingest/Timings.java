package io.github.jsondedup.ingest;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** Wall time per step of a run, in the order the steps ran. */
final class Timings {
  private final long start = System.nanoTime();
  private final Map<String, Long> millis = new LinkedHashMap<>();

  <T> T time(String step, Supplier<T> work) {
    long begin = System.nanoTime();
    try {
      return work.get();
    } finally {
      millis.merge(step, (System.nanoTime() - begin) / 1_000_000, Long::sum);
    }
  }

  void time(String step, Runnable work) {
    time(
        step,
        () -> {
          work.run();
          return null;
        });
  }

  /** The steps so far, and their total as {@code total}. */
  Map<String, Long> withTotal() {
    Map<String, Long> all = new LinkedHashMap<>(millis);
    all.put("total", (System.nanoTime() - start) / 1_000_000);
    return all;
  }
}
