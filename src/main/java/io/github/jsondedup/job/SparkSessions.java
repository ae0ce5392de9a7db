package io.github.jsondedup.job;

import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * The SparkSession of this process's command line, and the settings the contract requires of every
 * session that reads or writes a dataset (a run's own, {@link JobSession}, and the command line's).
 */
public final class SparkSessions {
  /**
   * Spark settings the contract depends on, set on every session that reads or writes a dataset,
   * whatever the cluster's defaults are. The rule numbers are the contract's (docs/contract.md).
   */
  static final Map<String, String> CONTRACT_SETTINGS =
      Map.ofEntries(
          // Rule 8: dates are UTC dates, whatever the machine's zone.
          Map.entry("spark.sql.session.timeZone", "UTC"),
          // Rule 8: microsecond UTC timestamps, not the legacy INT96 encoding.
          Map.entry("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS"),
          // Since Spark 3.4 a partitioned write first sorts its rows by date. When the key fixes
          // the date, a task's rows come date by date and the write is told so (one file open at
          // a time); otherwise a task writes its few dates side by side. Either way the sort of
          // every row goes.
          Map.entry("spark.sql.optimizer.plannedWrite.enabled", "false"),
          Map.entry("spark.sql.maxConcurrentOutputFileWriters", "64"),
          // Rule 2: instants before 1900 are written and read as given, on the proleptic
          // Gregorian calendar that ISO-8601 and other Parquet readers use. Spark's default
          // (EXCEPTION) fails every write of such an instant, and LEGACY would shift it.
          Map.entry("spark.sql.parquet.datetimeRebaseModeInWrite", "CORRECTED"),
          Map.entry("spark.sql.parquet.datetimeRebaseModeInRead", "CORRECTED"),
          Map.entry("spark.sql.parquet.int96RebaseModeInRead", "CORRECTED"),
          // Rule 2: ts is parsed by the ISO calendar's strict rules; the legacy parser (a
          // cluster's LEGACY policy) is lenient and would take 2019-02-30 for March 2nd.
          Map.entry("spark.sql.legacy.timeParserPolicy", "CORRECTED"),
          // Rule 6: a file Spark cannot read fails the run rather than vanishing without a trace.
          Map.entry("spark.sql.files.ignoreCorruptFiles", "false"),
          Map.entry("spark.sql.files.ignoreMissingFiles", "false"));

  private SparkSessions() {}

  /**
   * The session for this JVM. Under spark-submit (and the launcher, which goes through it) the
   * master and settings come from there; a bare {@code java -cp ... Main} gets {@code local[*]}.
   */
  public static SparkSession forCommandLine() {
    SparkSession.Builder builder = SparkSession.builder().appName("json-dedup-etl");
    if (!new SparkConf().contains("spark.master")) {
      builder.master("local[*]");
    }
    return withContract(builder.getOrCreate());
  }

  /** {@code spark}, with the settings the contract requires ({@link #CONTRACT_SETTINGS}). */
  static SparkSession withContract(SparkSession spark) {
    CONTRACT_SETTINGS.forEach(spark.conf()::set);
    // Listing more than a few dozen paths is a Spark job of one task per path, up to 10,000 of
    // them, each unpacking the whole Hadoop configuration: most of a rerun over 12,000 dates.
    // A task per core lists as fast.
    spark
        .conf()
        .set(
            "spark.sql.sources.parallelPartitionDiscovery.parallelism",
            spark.sparkContext().defaultParallelism());
    return spark;
  }
}
