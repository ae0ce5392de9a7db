package io.github.jsondedup;

import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.spark.sql.SparkSession;

/**
 * A reader counting a table's rows over and over in a thread of its own, as users' queries would
 * while runs and maintenance commit: {@link #close} stops it, {@link #counts} is what it saw (0
 * while the table does not exist).
 */
final class PollingReader implements AutoCloseable {
  private final SparkSession spark = TestSpark.session();
  private final String table;
  private final Set<Long> counts = new ConcurrentSkipListSet<>();
  private final AtomicBoolean reading = new AtomicBoolean(true);
  private final Thread thread = new Thread(this::poll, "polling-reader");

  private PollingReader(String table) {
    this.table = table;
  }

  static PollingReader start(String table) {
    PollingReader reader = new PollingReader(table);
    reader.thread.start();
    return reader;
  }

  /** The row counts seen so far, and one more now. */
  Set<Long> counts() {
    counts.add(count());
    return counts;
  }

  private void poll() {
    while (reading.get()) {
      counts.add(count());
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private long count() {
    try {
      // Another process may have committed since the catalog last looked.
      spark.catalog().refreshTable(table);
      return spark.read().format("iceberg").load(table).count();
    } catch (Exception notCreatedYet) {
      return 0;
    }
  }

  @Override
  public void close() {
    reading.set(false);
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
