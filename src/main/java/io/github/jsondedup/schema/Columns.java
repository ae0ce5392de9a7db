package io.github.jsondedup.schema;

import java.util.List;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** Column names and schemas: the one place that spells them. */
public final class Columns {
  /** Fields of one input record, as the contract defines them (docs/contract.md, rule 2). */
  public static final String ID = "id";

  public static final String DATA = "data";
  public static final String TS = "ts";

  /** The array of records in an input document. */
  public static final String RECORDS_ARRAY = "records";

  /** The dataset's partition column: the UTC date of {@link #TS}. */
  public static final String DATE = "date";

  /** Provenance of a record, which decides the survivor among duplicates. */
  public static final String SOURCE_FILE = "source_file";

  public static final String SOURCE_MTIME = "source_mtime";

  /** Zero-based index of the record in its file's {@code records} array. */
  public static final String SOURCE_POSITION = "source_position";

  /**
   * A record's place in survivor order: its file's rank and its position ({@code read.Arrival}).
   */
  public static final String ARRIVAL = "arrival";

  /** The dataset file that holds a stored row, for the audit of conflicts with it. */
  public static final String STORED_FILE = "stored_file";

  /** {@link #TS} as the input spelled it, kept for rejected records. */
  public static final String TS_TEXT = "ts_text";

  /** A record's original JSON text, kept for rejected records (the audit shows it). */
  public static final String SOURCE_TEXT = "source_text";

  /**
   * What became of a row: one of {@link RecordStatus}, as its {@link RecordStatus#code() code} from
   * the reader to the audit; only what is written for people (the report, the audit files) spells
   * it out.
   */
  public static final String STATUS = "status";

  /** Why a record was rejected or a file quarantined. */
  public static final String REASON = "reason";

  /** The record that survived in this one's place (duplicates and conflicts only). */
  public static final String SURVIVOR = "survivor";

  public static final List<String> RECORD_FIELDS = List.of(ID, DATA, TS);
  public static final List<String> DEFAULT_KEY = List.of(ID, TS);

  /** One input document: {@code {"records": [{"id", "data", "ts"}, ...]}}; extra fields ignored. */
  public static final StructType RECORD_TEXT_SCHEMA =
      new StructType()
          .add(ID, DataTypes.StringType)
          .add(DATA, DataTypes.StringType)
          .add(TS, DataTypes.StringType);

  /**
   * What a reader gives: one row per record with its provenance and status (VALID, or REJECTED with
   * a reason), plus one row per file problem (QUARANTINED, NO_RECORDS) with no position.
   */
  public static final StructType RECORDS =
      new StructType()
          .add(SOURCE_FILE, DataTypes.StringType)
          .add(SOURCE_MTIME, DataTypes.TimestampType)
          .add(SOURCE_POSITION, DataTypes.LongType)
          .add(ID, DataTypes.StringType)
          .add(DATA, DataTypes.StringType)
          .add(TS_TEXT, DataTypes.StringType)
          .add(STATUS, DataTypes.ByteType)
          .add(REASON, DataTypes.StringType)
          .add(SOURCE_TEXT, DataTypes.StringType);

  /**
   * What a reader (read.InputReader) gives: one row per record and per file problem, with its
   * {@link #ARRIVAL} instead of its file and position, {@link #TS} parsed and its UTC {@link #DATE}
   * on VALID rows, failing records REJECTED with a reason, and {@link #TS_TEXT} and {@link
   * #SOURCE_TEXT} kept only on rejected records.
   */
  public static final StructType CHECKED =
      new StructType()
          .add(ARRIVAL, DataTypes.LongType, false)
          .add(ID, DataTypes.StringType)
          .add(DATA, DataTypes.StringType)
          .add(TS_TEXT, DataTypes.StringType)
          .add(STATUS, DataTypes.ByteType)
          .add(REASON, DataTypes.StringType)
          .add(SOURCE_TEXT, DataTypes.StringType)
          .add(TS, DataTypes.TimestampType)
          .add(DATE, DataTypes.DateType);

  /**
   * A duplicate's or conflict's survivor: where it is (a stored row has no position) and its
   * fields.
   */
  public static final StructType SURVIVOR_SCHEMA =
      new StructType()
          .add(SOURCE_FILE, DataTypes.StringType)
          .add(SOURCE_POSITION, DataTypes.LongType)
          .add(ID, DataTypes.StringType)
          .add(DATA, DataTypes.StringType)
          .add(TS, DataTypes.TimestampType);

  /**
   * What the dedup gives: {@link #CHECKED} with each record's final {@link #STATUS} (WRITTEN,
   * DUPLICATE, CONFLICT, ALREADY_STORED; the reader's for the rest) and, on duplicates and
   * conflicts, its {@link #SURVIVOR}.
   */
  public static final StructType RULED = CHECKED.add(SURVIVOR, SURVIVOR_SCHEMA);

  /** {@link #RECORDS} checked: the spark-json reader's rows before they get their arrival. */
  public static final StructType CHECKED_WITH_FILE =
      RECORDS.add(TS, DataTypes.TimestampType).add(DATE, DataTypes.DateType);

  /** The stored dataset: what a reader of the output sees. */
  public static final StructType DATASET_SCHEMA =
      new StructType()
          .add(ID, DataTypes.StringType)
          .add(DATA, DataTypes.StringType)
          .add(TS, DataTypes.TimestampType)
          .add(DATE, DataTypes.DateType);

  private Columns() {}
}
