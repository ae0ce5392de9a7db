package io.github.jsondedup.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Keeps the dataset append-only and duplicate-free across runs (DESIGN.md rule 4): a record already
 * stored beats any new one with its key.
 */
public final class StoredKeys {
  private static final String STORED_PREFIX = "stored_";
  private static final String IS_STORED = "is_stored";

  private StoredKeys() {}

  /**
   * Turns WRITTEN rows whose key is among {@code storedKeys} into ALREADY_STORED; other rows pass
   * through. {@code storedKeys} holds the key columns of the dataset's rows (unique by the
   * dataset's own invariant), typically only of the dates the batch touches.
   */
  public static Dataset<Row> markAlreadyStored(
      Dataset<Row> classified, Dataset<Row> storedKeys, KeySpread spread) {
    List<String> key = spread.key();
    List<String> joined = new ArrayList<>(key);
    if (spread.keyDeterminesDate()) {
      joined.add(Columns.DATE);
    }
    joined.add(KeySpread.BUCKET);
    // Joined also on the spread's columns, which the classified batch is partitioned by: only the
    // stored keys move, into a hash table per task, and the batch keeps its partitions and order.
    Dataset<Row> stored =
        spread
            .withBucket(storedKeys)
            .select(renamed(joined))
            .withColumn(IS_STORED, lit(true))
            .hint("shuffle_hash");
    Column sameKey = lit(true);
    for (String field : joined) {
      // Null-safe, because a key may include the nullable data field.
      sameKey = sameKey.and(classified.col(field).eqNullSafe(stored.col(STORED_PREFIX + field)));
    }
    Column written = col(Columns.STATUS).equalTo(RecordStatus.WRITTEN.value());
    Column status =
        when(written.and(col(IS_STORED).isNotNull()), lit(RecordStatus.ALREADY_STORED.value()))
            .otherwise(col(Columns.STATUS));
    // Only WRITTEN rows can match: other rows' key columns may be null or stand for a whole file.
    String[] helperColumns = stored.columns();
    return classified
        .join(stored, sameKey.and(written), "left")
        .withColumn(Columns.STATUS, status)
        .drop(helperColumns);
  }

  private static Column[] renamed(List<String> key) {
    return key.stream().map(field -> col(field).as(STORED_PREFIX + field)).toArray(Column[]::new);
  }
}
