package io.github.jsondedup.dedup;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import io.github.jsondedup.schema.Columns;
import io.github.jsondedup.schema.RecordStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * The window-based dedup the job used before its one-pass scan ({@link KeyScan}), kept as the
 * reference the scan is held to ({@code ScanMatchesWindowProperties}). Deduplicates one batch on
 * the key (contract rules 3, 4, 7). Among records with one key the first one seen survives: the
 * earlier file (modification time, then path), then the earlier position in the file. The survivor
 * is chosen by an explicit order in a window, not by {@code sort} then {@code dropDuplicates}:
 * Spark rewrites the latter into {@code first()} after a shuffle, which forgets the sort, so the
 * survivor would depend on partitioning.
 */
final class BatchDedup {
  private BatchDedup() {}

  /**
   * Rules on every VALID row: the survivor becomes WRITTEN, a record equal to its survivor in every
   * non-key field a DUPLICATE, any other a CONFLICT; duplicates and conflicts get a {@link
   * Columns#SURVIVOR} struct (its file, position and non-key fields) for audit. Other rows pass
   * through unchanged.
   */
  static Dataset<Row> classify(Dataset<Row> records, List<String> key) {
    Column valid = col(Columns.STATUS).equalTo(RecordStatus.VALID.code());
    List<Column> windowPartition = new ArrayList<>(List.of(partitionColumns(key, valid)));
    // The frame is the key's whole partition, so the survivor is aggregated once per key rather
    // than re-evaluated at every row, as the default frame (up to the current row) does.
    WindowSpec byKey =
        Window.partitionBy(windowPartition.toArray(Column[]::new))
            .orderBy(
                col(Columns.SOURCE_MTIME), col(Columns.SOURCE_FILE), col(Columns.SOURCE_POSITION))
            .rowsBetween(Window.unboundedPreceding(), Window.unboundedFollowing());

    List<String> valueFields = nonKeyFields(key);
    List<Column> survivorFields = new ArrayList<>();
    survivorFields.add(col(Columns.SOURCE_FILE));
    survivorFields.add(col(Columns.SOURCE_POSITION));
    valueFields.forEach(field -> survivorFields.add(col(field)));
    Column survivor = first(struct(survivorFields.toArray(Column[]::new))).over(byKey);

    Column sameValues = lit(true);
    for (String field : valueFields) {
      sameValues = sameValues.and(col(field).eqNullSafe(survivor.getField(field)));
    }
    // A record is its file and position: the survivor is the row with the survivor's.
    Column isSurvivor =
        col(Columns.SOURCE_FILE)
            .equalTo(survivor.getField(Columns.SOURCE_FILE))
            .and(col(Columns.SOURCE_POSITION).equalTo(survivor.getField(Columns.SOURCE_POSITION)));
    Column status =
        when(not(valid), col(Columns.STATUS))
            .when(isSurvivor, lit(RecordStatus.WRITTEN.code()))
            .when(sameValues, lit(RecordStatus.DUPLICATE.code()))
            .otherwise(lit(RecordStatus.CONFLICT.code()));
    // One projection, so both columns come from one window over one sort.
    Map<String, Column> ruled = new LinkedHashMap<>();
    ruled.put(Columns.SURVIVOR, when(valid.and(not(isSurvivor)), survivor));
    ruled.put(Columns.STATUS, status);
    return records.withColumns(ruled);
  }

  /** The record fields that are not part of the key, whose difference makes a conflict. */
  static List<String> nonKeyFields(List<String> key) {
    List<String> fields = new ArrayList<>(Columns.RECORD_FIELDS);
    fields.removeAll(key);
    return fields;
  }

  // Rows that are not VALID (rejected records, quarantined files) have no usable key. Giving each
  // of them a window partition of its own, by file and position, keeps them from piling up in the
  // one partition of the null key.
  private static Column[] partitionColumns(List<String> key, Column valid) {
    List<Column> columns = new ArrayList<>();
    key.forEach(field -> columns.add(when(valid, col(field))));
    columns.add(when(not(valid), col(Columns.SOURCE_FILE)));
    columns.add(when(not(valid), col(Columns.SOURCE_POSITION)));
    return columns.toArray(Column[]::new);
  }
}
