package io.github.jsondedup.watch;

import static org.apache.spark.sql.functions.col;

import io.github.jsondedup.job.StoredDataset;
import io.github.jsondedup.report.RunReport;
import io.github.jsondedup.report.Summary;
import io.github.jsondedup.schema.Columns;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Why a record is in a dataset, or not ({@code json-dedup explain}): the stored rows of an id, the
 * file and the run that hold each, and every audit entry naming it: the conflicts it lost (with
 * both sources) and the records of it that were rejected. Exact copies are counted in the run
 * reports, not kept, so they are not listed.
 *
 * @param id the id looked for
 * @param ts the instant looked for, or null for every one
 * @param stored the stored rows of the id
 * @param conflicts the records of the id that lost to another with other data
 * @param rejected the records of the id that were rejected
 */
public record KeyExplanation(
    String id,
    String ts,
    List<StoredRow> stored,
    List<Conflict> conflicts,
    List<Rejection> rejected) {

  /**
   * A stored row, the dataset file that holds it, and the run that wrote that file (null for a file
   * no report lists: written before reports listed their files, or rewritten by compaction).
   */
  public record StoredRow(
      String id, String data, String ts, String file, String runId, String runStartedAt) {}

  /** A record that lost to a survivor with the same key and other data. */
  public record Conflict(
      String runId,
      String ts,
      String data,
      String sourceFile,
      long sourcePosition,
      String survivorData,
      String survivorFile,
      Long survivorPosition) {}

  /** A record rejected, with its reason. */
  public record Rejection(
      String runId, String reason, String sourceFile, long sourcePosition, String sourceText) {}

  private static final StructType CONFLICTS =
      new StructType()
          .add(Columns.ID, DataTypes.StringType)
          .add(Columns.TS, DataTypes.StringType)
          .add(Columns.DATA, DataTypes.StringType)
          .add(Columns.SOURCE_FILE, DataTypes.StringType)
          .add(Columns.SOURCE_POSITION, DataTypes.LongType)
          .add(
              Columns.SURVIVOR,
              new StructType()
                  .add(Columns.SOURCE_FILE, DataTypes.StringType)
                  .add(Columns.SOURCE_POSITION, DataTypes.LongType)
                  .add(Columns.DATA, DataTypes.StringType));

  private static final StructType REJECTED =
      new StructType()
          .add(Columns.SOURCE_FILE, DataTypes.StringType)
          .add(Columns.SOURCE_POSITION, DataTypes.LongType)
          .add(Columns.REASON, DataTypes.StringType)
          .add(Columns.ID, DataTypes.StringType)
          .add(Columns.SOURCE_TEXT, DataTypes.StringType);

  /**
   * Explains {@code id} (and {@code ts}, when not null: only that instant's date is read) in {@code
   * dataset}, whose runs {@code history} lists.
   */
  public static KeyExplanation of(
      SparkSession spark, StoredDataset dataset, RunHistory history, String id, Instant ts) {
    Map<String, RunReport> runOfFile = new HashMap<>();
    for (RunReport run : history.runs()) {
      if (run.dataFiles() != null) {
        run.dataFiles().forEach(file -> runOfFile.put(new Path(file).getName(), run));
      }
    }
    List<String> dates =
        ts == null ? null : List.of(ts.atOffset(ZoneOffset.UTC).toLocalDate().toString());
    List<StoredRow> stored = new ArrayList<>();
    Dataset<Row> rows = dataset.rows(dates);
    if (rows != null) {
      Dataset<Row> ofKey = rows.where(col(Columns.ID).equalTo(id));
      if (ts != null) {
        ofKey = ofKey.where(col(Columns.TS).equalTo(java.sql.Timestamp.from(ts)));
      }
      for (Row row :
          ofKey.select(Columns.ID, Columns.DATA, Columns.TS, Columns.STORED_FILE).collectAsList()) {
        String file = row.getString(3);
        Optional<RunReport> run = Optional.ofNullable(runOfFile.get(new Path(file).getName()));
        stored.add(
            new StoredRow(
                row.getString(0),
                row.getString(1),
                row.getTimestamp(2).toInstant().toString(),
                file,
                run.map(RunReport::runId).orElse(null),
                run.map(RunReport::startedAt).orElse(null)));
      }
    }
    stored.sort(Comparator.comparing(StoredRow::ts));
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    List<Conflict> conflicts = new ArrayList<>();
    Dataset<Row> conflictRows = audit(spark, hadoop, dataset, "conflicts", CONFLICTS, id);
    if (conflictRows != null) {
      for (Row row :
          conflictRows
              .select(
                  col("run_file"),
                  col(Columns.TS),
                  col(Columns.DATA),
                  col(Columns.SOURCE_FILE),
                  col(Columns.SOURCE_POSITION),
                  col(Columns.SURVIVOR + "." + Columns.DATA),
                  col(Columns.SURVIVOR + "." + Columns.SOURCE_FILE),
                  col(Columns.SURVIVOR + "." + Columns.SOURCE_POSITION))
              .collectAsList()) {
        if (ts == null || ts.equals(instantOrNull(row.getString(1)))) {
          conflicts.add(
              new Conflict(
                  runOf(row.getString(0)),
                  row.getString(1),
                  row.getString(2),
                  row.getString(3),
                  row.isNullAt(4) ? -1 : row.getLong(4),
                  row.getString(5),
                  row.getString(6),
                  row.isNullAt(7) ? null : row.getLong(7)));
        }
      }
    }
    conflicts.sort(Comparator.comparing(Conflict::runId).thenComparing(Conflict::sourceFile));
    List<Rejection> rejected = new ArrayList<>();
    Dataset<Row> rejectedRows = audit(spark, hadoop, dataset, "rejected", REJECTED, id);
    if (rejectedRows != null) {
      for (Row row :
          rejectedRows
              .select(
                  col("run_file"),
                  col(Columns.REASON),
                  col(Columns.SOURCE_FILE),
                  col(Columns.SOURCE_POSITION),
                  col(Columns.SOURCE_TEXT))
              .collectAsList()) {
        rejected.add(
            new Rejection(
                runOf(row.getString(0)),
                row.getString(1),
                row.getString(2),
                row.isNullAt(3) ? -1 : row.getLong(3),
                row.getString(4)));
      }
    }
    rejected.sort(Comparator.comparing(Rejection::runId).thenComparing(Rejection::sourceFile));
    return new KeyExplanation(id, ts == null ? null : ts.toString(), stored, conflicts, rejected);
  }

  /**
   * The audit entries of {@code kind} ({@code conflicts}, {@code rejected}) that name {@code id},
   * with the file each is in as {@code run_file}; null when no run kept any.
   */
  private static Dataset<Row> audit(
      SparkSession spark,
      Configuration hadoop,
      StoredDataset dataset,
      String kind,
      StructType schema,
      String id) {
    Path folder = new Path(dataset.layout().ingest(), kind);
    try {
      if (!folder.getFileSystem(hadoop).exists(folder)) {
        return null;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot look at " + folder + ": " + e.getMessage(), e);
    }
    return spark
        .read()
        .schema(schema)
        .option("recursiveFileLookup", true)
        .json(folder.toString())
        .where(col(Columns.ID).equalTo(id))
        .withColumn("run_file", col("_metadata.file_path"));
  }

  /** The run id in an audit file's path, {@code .../run=<id>/part-00000.json}. */
  private static String runOf(String file) {
    for (Path folder = new Path(file).getParent(); folder != null; folder = folder.getParent()) {
      if (folder.getName().startsWith("run=")) {
        return folder.getName().substring("run=".length());
      }
    }
    return "?";
  }

  private static Instant instantOrNull(String text) {
    try {
      return text == null ? null : OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** The explanation as a person reads it, {@code dataset} being the folder or table. */
  public String text(String dataset) {
    StringBuilder text = new StringBuilder();
    text.append(
        String.format(
            Locale.ROOT,
            "json-dedup explain id %s%s in %s%n",
            id,
            ts == null ? "" : " ts " + ts,
            dataset));
    text.append(
        String.format(Locale.ROOT, "stored      %s%n", Summary.count(stored.size(), "row")));
    for (StoredRow row : stored) {
      text.append(
          String.format(
              Locale.ROOT,
              "  ts %s  data %s%n    file %s%n    run  %s%n",
              row.ts(),
              quoted(row.data()),
              row.file(),
              row.runId() == null
                  ? "unknown: no run report lists this file (written before reports listed"
                      + " their files, or rewritten by compaction)"
                  : row.runId() + " (started " + row.runStartedAt() + ")"));
    }
    text.append(
        String.format(
            Locale.ROOT,
            "conflicts   %s (same key, other data; each lost to the survivor)%n",
            Summary.count(conflicts.size(), "record")));
    for (Conflict conflict : conflicts) {
      text.append(
          String.format(
              Locale.ROOT,
              "  run %s: ts %s  data %s%n    from %s, position %d%n    lost to data %s from %s%s%n",
              conflict.runId(),
              conflict.ts(),
              quoted(conflict.data()),
              conflict.sourceFile(),
              conflict.sourcePosition(),
              quoted(conflict.survivorData()),
              conflict.survivorFile(),
              conflict.survivorPosition() == null
                  ? " (a stored row)"
                  : ", position " + conflict.survivorPosition()));
    }
    text.append(
        String.format(Locale.ROOT, "rejected    %s%n", Summary.count(rejected.size(), "record")));
    for (Rejection rejection : rejected) {
      text.append(
          String.format(
              Locale.ROOT,
              "  run %s: %s%n    from %s, position %d: %s%n",
              rejection.runId(),
              rejection.reason(),
              rejection.sourceFile(),
              rejection.sourcePosition(),
              rejection.sourceText()));
    }
    text.append(
        "exact copies (same key, same data) are counted in the run reports, not kept one by one\n");
    return text.toString();
  }

  private static String quoted(String data) {
    return data == null ? "null" : '"' + data + '"';
  }
}
