package io.github.jsondedup.read;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.when;

import io.github.jsondedup.config.ReadRetries;
import io.github.jsondedup.schema.Columns;
import io.github.jsondedup.schema.Reasons;
import io.github.jsondedup.schema.RecordStatus;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * What Spark's JSON reader reads without a word but not as written, found by the streaming parser
 * so that {@code --reader spark-json} keeps contract rules 2 and 6 too. Spark keeps the last of two
 * {@code records} arrays or fields, ignores content after the document, replaces invalid UTF-8 and
 * unpaired surrogate escapes, turns a boolean, an object or a number ts into text and a number past
 * a double's range into {@code Infinity}. Such a file is quarantined whole, and such a record
 * rejected, with the streaming parser's reason; so is every file the streaming parser quarantines
 * (Spark's own reason for those is a generic one), none of whose records Spark's reader keeps.
 *
 * <p>It costs a second, streaming parse of the input, which is cheap beside Spark's own.
 */
final class SparkJsonChecks {
  private static final String FLAGGED = "flagged_reason";

  /** Files to quarantine whole and records to reject, by their Spark path, with the reason. */
  record Findings(Map<String, String> files, Map<String, Map<Long, String>> records) {
    boolean none() {
      return files.isEmpty() && records.isEmpty();
    }
  }

  private SparkJsonChecks() {}

  /** What the streaming parser finds in {@code ranked} files (in survivor order). */
  static Findings find(SparkSession spark, List<InputFile> ranked, ReadRetries retries) {
    Column status = col(Columns.STATUS);
    List<Row> problems =
        StreamingJsonReader.read(spark, ranked, retries)
            .where(
                status
                    .equalTo(RecordStatus.QUARANTINED.code())
                    .or(status.equalTo(RecordStatus.REJECTED.code())))
            .select(Columns.ARRIVAL, Columns.REASON)
            .collectAsList();
    Map<String, String> badFiles = new LinkedHashMap<>();
    Map<String, Map<Long, String>> badRecords = new LinkedHashMap<>();
    for (Row problem : problems) {
      long arrival = problem.getLong(0);
      String file = ranked.get(Arrival.rank(arrival)).sparkPath();
      String reason = problem.getString(1);
      Long position = Arrival.position(arrival);
      if (position == null) {
        // The streaming parser says why a file is not a document better than Spark's reader can,
        // and Spark's reader keeps none of the records before a break.
        badFiles.put(file, Reasons.isBreak(reason) ? Reasons.withNothingRead(reason) : reason);
      } else if (Reasons.unseenBySparkJson(reason)) {
        badRecords.computeIfAbsent(file, key -> new LinkedHashMap<>()).put(position, reason);
      }
    }
    badFiles.keySet().forEach(badRecords::remove);
    return new Findings(badFiles, badRecords);
  }

  /**
   * {@code records} ({@link Columns#RECORDS}, as {@link Documents#toRecords} gives them) with the
   * findings applied: a flagged file's rows replaced by one QUARANTINED row, a flagged VALID record
   * REJECTED.
   */
  static Dataset<Row> apply(
      SparkSession spark, Dataset<Row> records, Findings findings, List<InputFile> files) {
    if (findings.none()) {
      return records;
    }
    Dataset<Row> kept =
        records.where(not(col(Columns.SOURCE_FILE).isin(findings.files().keySet().toArray())));
    List<Row> quarantined = new ArrayList<>();
    for (InputFile file : files) {
      String reason = findings.files().get(file.sparkPath());
      if (reason != null) {
        quarantined.add(
            RowFactory.create(
                file.sparkPath(),
                new Timestamp(file.modificationTime()),
                null,
                null,
                null,
                null,
                RecordStatus.QUARANTINED.code(),
                reason,
                null));
      }
    }
    Dataset<Row> ruled = reject(spark, kept, findings.records());
    return ruled.unionByName(spark.createDataFrame(quarantined, Columns.RECORDS));
  }

  private static Dataset<Row> reject(
      SparkSession spark, Dataset<Row> records, Map<String, Map<Long, String>> flagged) {
    if (flagged.isEmpty()) {
      return records;
    }
    List<Row> rows = new ArrayList<>();
    flagged.forEach(
        (file, positions) ->
            positions.forEach(
                (position, reason) -> rows.add(RowFactory.create(file, position, reason))));
    StructType schema =
        new StructType()
            .add("flagged_file", DataTypes.StringType)
            .add("flagged_position", DataTypes.LongType)
            .add(FLAGGED, DataTypes.StringType);
    Dataset<Row> flags = spark.createDataFrame(rows, schema);
    Column matches =
        col(Columns.SOURCE_FILE)
            .equalTo(col("flagged_file"))
            .and(col(Columns.SOURCE_POSITION).equalTo(col("flagged_position")));
    Column flaggedValid =
        col(FLAGGED).isNotNull().and(col(Columns.STATUS).equalTo(RecordStatus.VALID.code()));
    // Both columns from one projection: each reads the status before it changes.
    Map<String, Column> ruled = new LinkedHashMap<>();
    ruled.put(
        Columns.STATUS,
        when(flaggedValid, lit(RecordStatus.REJECTED.code())).otherwise(col(Columns.STATUS)));
    ruled.put(Columns.REASON, when(flaggedValid, col(FLAGGED)).otherwise(col(Columns.REASON)));
    return records
        .join(broadcast(flags), matches, "left")
        .withColumns(ruled)
        .drop("flagged_file", "flagged_position", FLAGGED);
  }
}
