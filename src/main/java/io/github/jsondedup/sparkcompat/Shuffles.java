package io.github.jsondedup.sparkcompat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.apache.spark.Dependency;
import org.apache.spark.MapOutputTrackerMaster;
import org.apache.spark.ShuffleDependency;
import org.apache.spark.SparkContext;
import org.apache.spark.SparkEnv;
import org.apache.spark.SparkException;
import org.apache.spark.rdd.RDD;
import scala.collection.JavaConverters;

/**
 * Runs the shuffles an RDD reads from, now, so that what their tasks counted is known before the
 * rest is planned: the dedup needs the batch's dates to pick the stored rows it meets. The RDD's
 * later job reads the shuffle's files instead of running it again. With Spark's adaptive execution
 * the shuffles have run already when the RDD was made; then this starts nothing.
 *
 * <p>Spark's map output tracker is internal API; it is the only way to ask whether a shuffle ran.
 */
public final class Shuffles {
  private Shuffles() {}

  public static <T> RDD<T> materialized(RDD<T> rdd) {
    SparkContext spark = rdd.sparkContext();
    MapOutputTrackerMaster outputs = (MapOutputTrackerMaster) SparkEnv.get().mapOutputTracker();
    for (ShuffleDependency<?, ?, ?> shuffle : nearestShuffles(rdd)) {
      int maps = shuffle.rdd().getNumPartitions();
      if (maps > 0 && outputs.getNumAvailableOutputs(shuffle.shuffleId()) < maps) {
        try {
          spark.submitMapStage(shuffle).get();
        } catch (SparkException e) {
          // The job's own failure (a task that failed too often), as a job's action reports it.
          throw new IllegalStateException(e.getMessage(), e);
        }
      }
    }
    return rdd;
  }

  private static List<ShuffleDependency<?, ?, ?>> nearestShuffles(RDD<?> rdd) {
    List<ShuffleDependency<?, ?, ?>> shuffles = new ArrayList<>();
    Deque<RDD<?>> pending = new ArrayDeque<>(List.of(rdd));
    while (!pending.isEmpty()) {
      for (Dependency<?> dependency : JavaConverters.seqAsJavaList(pending.pop().dependencies())) {
        if (dependency instanceof ShuffleDependency<?, ?, ?> shuffle) {
          shuffles.add(shuffle);
        } else {
          pending.push(dependency.rdd());
        }
      }
    }
    return shuffles;
  }
}
