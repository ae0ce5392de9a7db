package io.github.jsondedup.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.lit;

import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import scala.collection.JavaConverters;

/**
 * Rows and dates written, observed during the write itself: no extra pass over the data.
 *
 * <p>The observation must sit after the write's last shuffle. Below it, Spark's adaptive execution
 * may replace an empty shuffle stage, observation included, by an empty relation, and then the
 * metrics never arrive (SPARK-54620); above it, it is in the stage that always runs.
 */
record WriteMetrics(long rows, List<String> dates) {
  private static final String ROWS = "rows";
  private static final String DATES = "dates";

  /** How long to wait for the metrics once the write returned; they follow within milliseconds. */
  private static final long WAIT_SECONDS = 120;

  /** {@code toWrite} with the observation attached; write it, then call {@link #of}. */
  static Dataset<Row> observe(Dataset<Row> toWrite, Observation observation) {
    return toWrite.observe(
        observation,
        count(lit(1)).as(ROWS),
        collect_set(date_format(col(Columns.DATE), "yyyy-MM-dd")).as(DATES));
  }

  static WriteMetrics of(Observation observation) {
    Map<String, Object> metrics = await(observation);
    TreeSet<String> dates = new TreeSet<>();
    JavaConverters.seqAsJavaList((scala.collection.Seq<?>) metrics.get(DATES))
        .forEach(date -> dates.add(date.toString()));
    return new WriteMetrics(((Number) metrics.get(ROWS)).longValue(), List.copyOf(dates));
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
