package io.github.jsondedup.job;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Ends a run whose JVM has run out of memory (contract rule 6: a fatal error ends the process
 * promptly). An {@link OutOfMemoryError} in a task does not end a local run by itself: the tasks'
 * failure handling, the other tasks and Spark's shutdown all need the heap that is full, and the
 * JVM spends its time collecting garbage for as long as it is let. A daemon thread watches the
 * share of time spent collecting; when it stays above {@link #GC_SHARE} for {@link #WINDOW_MILLIS},
 * the watch calls its handler (which says so and writes the report as it can) and halts the JVM.
 */
final class MemoryWatch implements AutoCloseable {
  /** Collecting more than this share of the time, for the whole window, is a heap that is full. */
  static final double GC_SHARE = 0.9;

  static final long WINDOW_MILLIS = 10_000;
  private static final long POLL_MILLIS = 500;

  /** How long the handler has before the JVM is halted regardless. */
  private static final long HANDLER_MILLIS = 10_000;

  /** Heap given back to the handler, which has to write a report when none is left. */
  private static final int RESERVE_BYTES = 16 << 20;

  private final Thread watch;
  private volatile boolean closed;

  @SuppressWarnings("UnusedVariable") // held only to be given back
  private byte[] reserve = new byte[RESERVE_BYTES];

  private MemoryWatch(Runnable onExhausted, int exitCode) {
    this.watch = new Thread(() -> watch(onExhausted, exitCode), "json-dedup-memory-watch");
    watch.setDaemon(true);
    watch.start();
  }

  /**
   * Watches this JVM's heap until closed: when it is exhausted, runs {@code onExhausted} (for at
   * most ten seconds) and halts the JVM with {@code exitCode}.
   */
  static MemoryWatch start(Runnable onExhausted, int exitCode) {
    return new MemoryWatch(onExhausted, exitCode);
  }

  // Allocates nothing once started: it has to go on when the heap is full.
  private void watch(Runnable onExhausted, int exitCode) {
    List<GarbageCollectorMXBean> collectors = ManagementFactory.getGarbageCollectorMXBeans();
    int size = (int) (WINDOW_MILLIS / POLL_MILLIS) + 1;
    long[] wall = new long[size];
    long[] collected = new long[size];
    for (int sample = 0; !closed; sample++) {
      try {
        long now = System.nanoTime() / 1_000_000;
        long collecting = 0;
        for (int i = 0; i < collectors.size(); i++) {
          collecting += Math.max(0, collectors.get(i).getCollectionTime());
        }
        int slot = sample % size;
        // The oldest sample is the one this one replaces: a window ago.
        long span = now - wall[slot];
        if (sample >= size && collecting - collected[slot] >= GC_SHARE * span && !closed) {
          exhausted(onExhausted, exitCode);
          return;
        }
        wall[slot] = now;
        collected[slot] = collecting;
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        return;
      } catch (VirtualMachineError e) {
        // Out of memory itself: the next sample tells.
      }
    }
  }

  /** Whether the heap was nearly full after the last collection: a failure then is for memory. */
  static boolean heapFull() {
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      MemoryUsage after = pool.getCollectionUsage();
      if (pool.getType() == MemoryType.HEAP
          && after != null
          && after.getMax() > 0
          && after.getUsed() >= 0.95 * after.getMax()) {
        return true;
      }
    }
    return false;
  }

  private void exhausted(Runnable onExhausted, int exitCode) {
    reserve = null;
    Thread handler = new Thread(onExhausted, "json-dedup-out-of-memory");
    handler.setDaemon(true);
    handler.start();
    try {
      handler.join(HANDLER_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    System.err.flush();
    Runtime.getRuntime().halt(exitCode);
  }

  @Override
  public void close() {
    closed = true;
    watch.interrupt();
    try {
      watch.join(TimeUnit.SECONDS.toMillis(1));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
