package io.github.jsondedup.read;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.posexplode_outer;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.when;

import io.github.jsondedup.schema.Columns;
import io.github.jsondedup.schema.Reasons;
import io.github.jsondedup.schema.RecordStatus;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/** Turns parsed documents into one row per record, keeping bad files as one row each. */
public final class Documents {
  private static final String RECORD = "record";

  private Documents() {}

  /**
   * One row per record with its file, modification time and position; an unreadable document, or
   * one without a records array, becomes one QUARANTINED row with its reason, and a document with
   * an empty array one NO_RECORDS row, so that no file disappears without a trace.
   */
  public static Dataset<Row> toRecords(Dataset<Row> documents) {
    Column fileProblem =
        when(col(SparkJsonReader.UNREADABLE), lit(Reasons.UNREADABLE))
            .when(col(SparkJsonReader.RECORDS).isNull(), lit(Reasons.NO_RECORDS_ARRAY));
    // posexplode_outer keeps documents whose array is null or empty, as one row with no position.
    Dataset<Row> exploded =
        documents
            .withColumn(Columns.REASON, fileProblem)
            .select(
                col(Columns.SOURCE_FILE),
                col(Columns.SOURCE_MTIME),
                col(Columns.REASON),
                posexplode_outer(col(SparkJsonReader.RECORDS))
                    .as(new String[] {Columns.SOURCE_POSITION, RECORD}));
    Column status =
        when(col(Columns.REASON).isNotNull(), lit(RecordStatus.QUARANTINED.code()))
            .when(col(Columns.SOURCE_POSITION).isNull(), lit(RecordStatus.NO_RECORDS.code()))
            .when(col(RECORD).isNull(), lit(RecordStatus.REJECTED.code()))
            .otherwise(lit(RecordStatus.VALID.code()));
    Column reason =
        when(
                col(Columns.SOURCE_POSITION).isNotNull().and(col(RECORD).isNull()),
                lit(Reasons.RECORD_NOT_OBJECT))
            .otherwise(col(Columns.REASON));
    return exploded.select(
        col(Columns.SOURCE_FILE),
        col(Columns.SOURCE_MTIME),
        col(Columns.SOURCE_POSITION).cast(DataTypes.LongType).as(Columns.SOURCE_POSITION),
        col(RECORD).getField(Columns.ID).as(Columns.ID),
        col(RECORD).getField(Columns.DATA).as(Columns.DATA),
        col(RECORD).getField(Columns.TS).as(Columns.TS_TEXT),
        status.as(Columns.STATUS),
        reason.as(Columns.REASON),
        // Spark's reader keeps no original text: the record's fields as Spark read them.
        to_json(col(RECORD)).as(Columns.SOURCE_TEXT));
  }
}
