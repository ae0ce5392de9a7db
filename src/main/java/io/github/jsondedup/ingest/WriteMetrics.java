package io.github.jsondedup.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import scala.collection.JavaConverters;

/**
 * What became of a batch's records, observed while the write runs: how many rows ended in each
 * ruled status, and the dates written, with no extra pass over the data.
 *
 * <p>The observation must sit after the write's last shuffle. Below it, Spark's adaptive execution
 * may replace an empty shuffle stage, observation included, by an empty relation, and then the
 * metrics never arrive (SPARK-54620); above it, it is in the stage that always runs.
 *
 * @param counts rows per final status, for the statuses the dedup steps give
 */
record WriteMetrics(Map<RecordStatus, Long> counts, List<String> dates) {
  /** The statuses a record gets from the dedup steps, counted during the write. */
  private static final List<RecordStatus> RULED =
      List.of(
          RecordStatus.WRITTEN,
          RecordStatus.DUPLICATE,
          RecordStatus.CONFLICT,
          RecordStatus.ALREADY_STORED);

  private static final String DATES = "dates";

  /** How long to wait for the metrics once the write returned; they follow within milliseconds. */
  private static final long WAIT_SECONDS = 120;

  /** {@code outcome} with the observation attached; write from it, then call {@link #of}. */
  static Dataset<Row> observe(Dataset<Row> outcome, Observation observation) {
    Column status = col(Columns.STATUS);
    Column written = status.equalTo(RecordStatus.WRITTEN.value());
    List<Column> metrics = new ArrayList<>();
    for (RecordStatus ruled : RULED) {
      metrics.add(count(when(status.equalTo(ruled.value()), lit(1))).as(ruled.value()));
    }
    metrics.add(collect_set(when(written, date_format(col(Columns.DATE), "yyyy-MM-dd"))).as(DATES));
    return outcome.observe(
        observation, metrics.get(0), metrics.subList(1, metrics.size()).toArray(Column[]::new));
  }

  static WriteMetrics of(Observation observation) {
    Map<String, Object> metrics = await(observation);
    TreeSet<String> dates = new TreeSet<>();
    JavaConverters.seqAsJavaList((scala.collection.Seq<?>) metrics.get(DATES))
        .forEach(date -> dates.add(date.toString()));
    Map<RecordStatus, Long> counts = new EnumMap<>(RecordStatus.class);
    for (RecordStatus ruled : RULED) {
      counts.put(ruled, ((Number) metrics.get(ruled.value())).longValue());
    }
    return new WriteMetrics(Map.copyOf(counts), List.copyOf(dates));
  }

  /** Rows that ended in {@code status}. */
  long countOf(RecordStatus status) {
    return counts.getOrDefault(status, 0L);
  }

  /** Rows written to the dataset. */
  long rows() {
    return countOf(RecordStatus.WRITTEN);
  }

  // Observation.get waits forever when the metrics never come: fail the run instead.
  private static Map<String, Object> await(Observation observation) {
    CompletableFuture<Map<String, Object>> metrics =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return observation.getAsJava();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
              }
            });
    try {
      return metrics.get(WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (TimeoutException | ExecutionException e) {
      throw new IllegalStateException(
          "Cannot count the rows written: Spark reported no metrics for the write", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while counting the rows written", e);
    }
  }
}
