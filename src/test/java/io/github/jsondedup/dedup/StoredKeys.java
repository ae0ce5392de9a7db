package io.github.jsondedup.dedup;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import io.github.jsondedup.schema.Columns;
import io.github.jsondedup.schema.RecordStatus;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * The join with stored rows the job used before its one-pass scan ({@link KeyScan}), kept with
 * {@link BatchDedup} as the reference. Keeps the dataset append-only and duplicate-free across runs
 * (contract rules 4, 5 and 7): a row already stored beats any new record with its key, and a new
 * record is ruled against that stored row, as it would have been had both come in one batch.
 */
final class StoredKeys {
  static final String STORED_FILE = Columns.STORED_FILE;

  private static final String STORED_PREFIX = "stored_";
  private static final String IS_STORED = "is_stored";

  private StoredKeys() {}

  /**
   * Rules again on every record whose key is stored: one with the stored row's values becomes
   * ALREADY_STORED, any other a CONFLICT whose {@link Columns#SURVIVOR} is the stored row (its
   * {@link #STORED_FILE} as source, no position). Rows whose key is not stored, and rows without a
   * verdict on a key (rejected records, file problems), pass through.
   *
   * @param stored rows of the dataset with their {@link #STORED_FILE} (unique by key, the dataset's
   *     own invariant), typically only of the dates the batch touches
   */
  static Dataset<Row> ruleAgainstStored(
      Dataset<Row> classified, Dataset<Row> stored, List<String> key) {
    List<String> joined = new ArrayList<>(key);
    List<String> values = BatchDedup.nonKeyFields(key);
    List<String> carried = new ArrayList<>(joined);
    carried.addAll(values);
    carried.add(STORED_FILE);
    Dataset<Row> storedSide = stored.select(renamed(carried)).withColumn(IS_STORED, lit(true));
    Column sameKey = lit(true);
    for (String field : joined) {
      // Null-safe, because a key may include the nullable data field.
      sameKey =
          sameKey.and(classified.col(field).eqNullSafe(storedSide.col(STORED_PREFIX + field)));
    }
    Column sameValues = lit(true);
    List<Column> survivorFields = new ArrayList<>();
    survivorFields.add(col(STORED_PREFIX + STORED_FILE).as(Columns.SOURCE_FILE));
    survivorFields.add(lit(null).cast(DataTypes.LongType).as(Columns.SOURCE_POSITION));
    for (String field : values) {
      sameValues = sameValues.and(col(field).eqNullSafe(col(STORED_PREFIX + field)));
      survivorFields.add(col(STORED_PREFIX + field).as(field));
    }
    // Only records with a verdict on their key can match: other rows' key columns may be null or
    // stand for a whole file.
    Column ruled =
        col(Columns.STATUS)
            .isin(
                RecordStatus.WRITTEN.code(),
                RecordStatus.DUPLICATE.code(),
                RecordStatus.CONFLICT.code());
    Column meetsStored = col(IS_STORED).isNotNull();
    Column status =
        when(meetsStored.and(sameValues), lit(RecordStatus.ALREADY_STORED.code()))
            .when(meetsStored, lit(RecordStatus.CONFLICT.code()))
            .otherwise(col(Columns.STATUS));
    Column survivor =
        when(meetsStored.and(sameValues), lit(null))
            .when(meetsStored, struct(survivorFields.toArray(Column[]::new)))
            .otherwise(col(Columns.SURVIVOR));
    String[] helperColumns = storedSide.columns();
    return classified
        .join(storedSide, sameKey.and(ruled), "left")
        .withColumn(Columns.SURVIVOR, survivor)
        .withColumn(Columns.STATUS, status)
        .drop(helperColumns);
  }

  private static Column[] renamed(List<String> columns) {
    return columns.stream()
        .map(field -> col(field).as(STORED_PREFIX + field))
        .toArray(Column[]::new);
  }
}
