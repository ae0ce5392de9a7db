package io.github.jsondedup.sparkcompat;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.lit;

import org.apache.spark.sql.Column;
import org.apache.spark.unsafe.hash.Murmur3_x86_32;

/**
 * Rows sent to the partition their slot names. {@code repartition(n, column)} sends a row to the
 * partition of its column's hash, so a few groups (30 dates into 13 tasks) land unevenly: some
 * tasks get one group, others six, and the run waits for the largest. A slot {@code i} in {@code
 * [0, n)} is turned into a value whose hash falls in partition {@code i}, so that consecutive slots
 * fill the partitions in turn.
 *
 * <p>It relies on how Spark hashes a repartition's column: Murmur3 of an int with seed 42, modulo
 * the partition count (Spark's {@code HashPartitioning}, the same hash as bucketed tables). Were
 * that to change, rows would still be spread whole by slot, only less evenly.
 */
public final class PartitionSlots {
  private static final int SPARK_HASH_SEED = 42;

  private PartitionSlots() {}

  /**
   * For {@code repartition(partitions, ...)}: a column whose hash falls in partition {@code slot},
   * an int column in {@code [0, partitions)}.
   */
  public static Column landingIn(Column slot, int partitions) {
    Column[] values = new Column[partitions];
    int[] found = valuesByPartition(partitions);
    for (int i = 0; i < partitions; i++) {
      values[i] = lit(found[i]);
    }
    return element_at(array(values), slot.plus(1));
  }

  /** For each partition, the smallest non-negative int whose Spark hash lands there. */
  static int[] valuesByPartition(int partitions) {
    int[] values = new int[partitions];
    boolean[] filled = new boolean[partitions];
    int left = partitions;
    for (int value = 0; left > 0; value++) {
      int partition = Math.floorMod(Murmur3_x86_32.hashInt(value, SPARK_HASH_SEED), partitions);
      if (!filled[partition]) {
        filled[partition] = true;
        values[partition] = value;
        left--;
      }
    }
    return values;
  }
}
