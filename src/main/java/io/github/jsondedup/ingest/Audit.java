package io.github.jsondedup.ingest;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * What a run keeps for a person to inspect or replay (contract rules 6 and 7), selected from the
 * classified batch.
 */
final class Audit {
  /** The shape of a quarantined file's entry. */
  static final StructType QUARANTINED_FILE =
      new StructType()
          .add(Columns.SOURCE_FILE, DataTypes.StringType)
          .add(Columns.REASON, DataTypes.StringType);

  private Audit() {}

  /**
   * Rejected records: where they were, why, their fields as the input spelled them, and their
   * original JSON text (to fix and replay).
   */
  static Dataset<Row> rejectedRecords(Dataset<Row> classified) {
    return withStatus(classified, RecordStatus.REJECTED)
        .select(
            col(Columns.SOURCE_FILE),
            col(Columns.SOURCE_POSITION),
            col(Columns.REASON),
            col(Columns.ID),
            col(Columns.DATA),
            col(Columns.TS_TEXT).as(Columns.TS),
            col(Columns.SOURCE_TEXT));
  }

  /** Files quarantined whole, with their reason. */
  static Dataset<Row> quarantinedFiles(Dataset<Row> classified) {
    return withStatus(classified, RecordStatus.QUARANTINED)
        .select(Columns.SOURCE_FILE, Columns.REASON);
  }

  /** Conflicting duplicates: the key, their own values and source, and their survivor's. */
  static Dataset<Row> conflicts(Dataset<Row> classified, List<String> key) {
    List<String> columns = new ArrayList<>(key);
    columns.addAll(BatchDedup.nonKeyFields(key));
    columns.add(Columns.SOURCE_FILE);
    columns.add(Columns.SOURCE_POSITION);
    columns.add(Columns.SURVIVOR);
    return withStatus(classified, RecordStatus.CONFLICT)
        .select(columns.stream().map(name -> col(name)).toArray(Column[]::new));
  }

  private static Dataset<Row> withStatus(Dataset<Row> rows, RecordStatus status) {
    return rows.where(col(Columns.STATUS).equalTo(status.value()));
  }
}
