package io.github.jsondedup.read;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.raise_error;
import static org.apache.spark.sql.functions.shiftleft;
import static org.apache.spark.sql.functions.when;

import io.github.jsondedup.schema.Columns;
import io.github.jsondedup.schema.Reasons;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The parse stage on Spark's own JSON data source: {@code multiLine}, an explicit schema (inference
 * would cost a whole extra pass), one row per document with its file's path and modification time
 * from Spark's {@code _metadata} column. Codecs (.gz, .bz2, ...) are Hadoop's, chosen by extension.
 *
 * <p>Known limits of this reader, which {@link StreamingJsonReader} lifts: a file's whole {@code
 * records} array is one row (memory per file), and a record that is not an object makes Spark give
 * up the whole document, so the whole file is quarantined.
 */
public final class SparkJsonReader {
  static final String RECORDS = Columns.RECORDS_ARRAY;
  static final String UNREADABLE = "unreadable";
  private static final String CORRUPT_RECORD = "_corrupt_record";
  private static final String RANKED_FILE = "ranked_file";
  private static final String RANK = "rank";

  /** What Hadoop's glob patterns give a meaning to, and their escape. */
  private static final Pattern GLOB_CHARACTER = Pattern.compile("([\\\\{}\\[\\]*?])");

  static final StructType DOCUMENT_SCHEMA =
      new StructType()
          .add(RECORDS, DataTypes.createArrayType(Columns.RECORD_TEXT_SCHEMA))
          .add(CORRUPT_RECORD, DataTypes.StringType);

  private static final StructType OUTPUT_SCHEMA =
      new StructType()
          .add(Columns.SOURCE_FILE, DataTypes.StringType)
          .add(Columns.SOURCE_MTIME, DataTypes.TimestampType)
          .add(RECORDS, DataTypes.createArrayType(Columns.RECORD_TEXT_SCHEMA))
          .add(UNREADABLE, DataTypes.BooleanType);

  private SparkJsonReader() {}

  /**
   * One row per document: {@link Columns#SOURCE_FILE}, {@link Columns#SOURCE_MTIME}, {@code
   * records} (null when absent) and {@code unreadable} (true when the file is not a document of the
   * expected shape). Files that hold no JSON value at all yield no row.
   */
  public static Dataset<Row> read(SparkSession spark, List<InputFile> files) {
    if (files.isEmpty()) {
      return spark.createDataFrame(List.of(), OUTPUT_SCHEMA);
    }
    String[] paths = files.stream().map(file -> literal(file.path())).toArray(String[]::new);
    return documents(
        spark
            .read()
            .schema(DOCUMENT_SCHEMA)
            .option("multiLine", true)
            // The streaming reader's limits: no nesting limit, one on a string's length (which
            // here costs the whole file, a document being one value to Spark).
            .option("maxNestingDepth", Integer.MAX_VALUE)
            .option("maxStringLen", Reasons.MAX_STRING_BYTES)
            .option("mode", "PERMISSIVE")
            .option("columnNameOfCorruptRecord", CORRUPT_RECORD)
            .json(paths));
  }

  /**
   * {@code checked} rows ({@link Columns#CHECKED_WITH_FILE}) with their {@link Columns#ARRIVAL} in
   * place of their file, modification time and position, in {@link Columns#CHECKED}; {@code ranked}
   * are the files read, in survivor order.
   */
  public static Dataset<Row> withArrival(
      SparkSession spark, Dataset<Row> checked, List<InputFile> ranked) {
    List<Row> ranks = new ArrayList<>();
    for (int rank = 0; rank < ranked.size(); rank++) {
      ranks.add(RowFactory.create(ranked.get(rank).sparkPath(), rank));
    }
    StructType rankSchema =
        new StructType().add(RANKED_FILE, DataTypes.StringType).add(RANK, DataTypes.IntegerType);
    Column position = col(Columns.SOURCE_POSITION);
    Column rank = col(RANK);
    // A row of a file that was not listed would have no place in survivor order: fail, not guess.
    Column known =
        when(
            rank.isNull(),
            raise_error(concat(lit("Not a listed file: "), col(Columns.SOURCE_FILE))));
    Column arrival =
        coalesce(
            known.cast(DataTypes.LongType),
            shiftleft(rank.cast(DataTypes.LongType), Arrival.POSITION_BITS)
                .bitwiseOR(when(position.isNull(), lit(Arrival.FILE_ROW)).otherwise(position)));
    Dataset<Row> joined =
        checked.join(
            broadcast(spark.createDataFrame(ranks, rankSchema)),
            col(Columns.SOURCE_FILE).equalTo(col(RANKED_FILE)),
            "left");
    return joined.select(
        Stream.of(Columns.CHECKED.fieldNames())
            .map(name -> name.equals(Columns.ARRIVAL) ? arrival.as(name) : col(name))
            .toArray(Column[]::new));
  }

  /**
   * {@code path} as a Hadoop glob that matches only itself: Spark reads every path it is given as a
   * glob, and a listed file named {@code c[1].json} is that file, not a pattern. (Spark's internal
   * option to turn globbing off reads some files twice in 3.5.)
   */
  public static String literal(String path) {
    return GLOB_CHARACTER.matcher(path).replaceAll("\\\\$1");
  }

  private static Dataset<Row> documents(Dataset<Row> parsed) {
    return parsed.select(
        col("_metadata.file_path").as(Columns.SOURCE_FILE),
        col("_metadata.file_modification_time").as(Columns.SOURCE_MTIME),
        col(RECORDS),
        col(CORRUPT_RECORD).isNotNull().as(UNREADABLE));
  }
}
