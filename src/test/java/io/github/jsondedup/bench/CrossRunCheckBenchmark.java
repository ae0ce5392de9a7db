package io.github.jsondedup.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.timestamp_seconds;
import static org.apache.spark.sql.functions.to_date;

import io.github.jsondedup.config.RunSettings;
import io.github.jsondedup.job.IngestJob;
import io.github.jsondedup.report.RunReport;
import io.github.jsondedup.schema.Columns;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * How the cross-run check scales with the dataset: ingests the same new records (touching a few
 * dates) into outputs that already hold 0, 10M and 50M rows spread over a year, and prints the wall
 * times. Only the touched dates' keys are read, so the times should stay nearly flat.
 *
 * <p>Usage: {@code bench/cross-run-check [--work DIR] [--new N] [--stored 0,10000000,50000000]
 * [--rounds 3]}. Data is generated once under the work folder and reused.
 */
public final class CrossRunCheckBenchmark {
  private static final Instant YEAR_START = Instant.parse("2019-01-01T00:00:00Z");
  private static final int NEW_FILES = 100;
  private static final int NEW_DATES = 5;

  public static void main(String[] args) throws IOException {
    Path work = Path.of(arg(args, "--work", "target/bench/cross-run"));
    long newRecords = Long.parseLong(arg(args, "--new", "1000000"));
    List<Long> storedSizes =
        Stream.of(arg(args, "--stored", "0,10000000,50000000").split(","))
            .map(Long::parseLong)
            .toList();
    int rounds = Integer.parseInt(arg(args, "--rounds", "3"));

    SparkSession spark =
        SparkSession.builder()
            .master("local[*]")
            .appName("cross-run-check-benchmark")
            .config("spark.ui.enabled", false)
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.sql.session.timeZone", "UTC")
            .config("spark.sql.shuffle.partitions", 16)
            .getOrCreate();
    Path input = newRecords(work.resolve("new-" + newRecords), newRecords);
    for (long size : storedSizes) {
      stored(spark, work.resolve("stored-" + size), size);
    }

    // One run first, not counted: the JVM compiles Spark's and the job's hot code.
    Path warmUp = work.resolve("warm-up");
    deleteTree(warmUp);
    new IngestJob(spark, RunSettings.of(List.of(input.toString()), warmUp.toString())).run();
    deleteTree(warmUp);

    // Rounds interleave the sizes, so that a noisy minute does not land on one size only.
    List<List<RunReport>> reports = new ArrayList<>();
    storedSizes.forEach(size -> reports.add(new ArrayList<>()));
    for (int round = 0; round < rounds; round++) {
      for (int i = 0; i < storedSizes.size(); i++) {
        Path output = work.resolve("run");
        deleteTree(output);
        copyAsLinks(work.resolve("stored-" + storedSizes.get(i)), output);
        RunReport report =
            new IngestJob(spark, RunSettings.of(List.of(input.toString()), output.toString()))
                .run();
        if (report.counts().written() != newRecords) {
          throw new IllegalStateException("Wrote " + report.counts().written() + " rows");
        }
        reports.get(i).add(report);
      }
    }
    deleteTree(work.resolve("run"));

    System.out.printf(
        Locale.ROOT,
        "%nCross-run check: %,d new records in %d files touching %d dates, %d rounds,"
            + " %d cores%n%n",
        newRecords,
        NEW_FILES,
        NEW_DATES,
        rounds,
        Runtime.getRuntime().availableProcessors());
    System.out.printf(
        Locale.ROOT,
        "| stored rows | total s, median (min-max) | read s | dedupe and write s (incl. check)"
            + " |%n");
    System.out.printf(Locale.ROOT, "|---|---|---|---|%n");
    for (int i = 0; i < storedSizes.size(); i++) {
      List<RunReport> runs = reports.get(i);
      System.out.printf(
          Locale.ROOT,
          "| %,d | %.1f (%.1f-%.1f) | %.1f | %.1f |%n",
          storedSizes.get(i),
          median(runs, "total"),
          min(runs, "total"),
          max(runs, "total"),
          median(runs, "read"),
          median(runs, "dedupe_and_write"));
    }
    spark.stop();
  }

  /** New records: ids that are not stored, on {@link #NEW_DATES} dates in the stored year. */
  private static Path newRecords(Path dir, long records) throws IOException {
    if (Files.exists(dir.resolve("_done"))) {
      return dir;
    }
    deleteTree(dir);
    Files.createDirectories(dir);
    long perFile = records / NEW_FILES;
    for (int file = 0; file < NEW_FILES; file++) {
      try (BufferedWriter out =
          Files.newBufferedWriter(dir.resolve("batch-" + file + ".json"), StandardCharsets.UTF_8)) {
        out.write("{\"records\": [\n");
        for (long i = 0; i < perFile; i++) {
          long n = file * perFile + i;
          Instant ts = YEAR_START.plusSeconds((100 + n % NEW_DATES) * 86_400 + n % 86_400);
          out.write(
              String.format(
                  Locale.ROOT,
                  "  {\"id\": \"n%d\", \"data\": \"new %d\", \"ts\": \"%s\"}%s%n",
                  n,
                  n,
                  ts,
                  i + 1 < perFile ? "," : ""));
        }
        out.write("]}\n");
      }
    }
    Files.createFile(dir.resolve("_done"));
    return dir;
  }

  /** A stored dataset of {@code rows} rows over 365 dates, written as the job writes it. */
  private static void stored(SparkSession spark, Path dir, long rows) throws IOException {
    if (Files.exists(dir.resolve("_SUCCESS")) || (rows == 0 && Files.exists(dir))) {
      return;
    }
    deleteTree(dir);
    if (rows == 0) {
      Files.createDirectories(dir);
      return;
    }
    spark
        .range(rows)
        .select(
            concat(lit("s"), col("id").cast("string")).as(Columns.ID),
            lit("stored").as(Columns.DATA),
            timestamp_seconds(
                    lit(YEAR_START.getEpochSecond())
                        .plus(col("id").mod(365).multiply(86_400))
                        .plus(col("id").multiply(7_919).mod(86_400)))
                .as(Columns.TS))
        .withColumn(Columns.DATE, to_date(col(Columns.TS)))
        .repartition(col(Columns.DATE))
        .write()
        .mode(SaveMode.Overwrite)
        .option("parquet.outputTimestampType", "TIMESTAMP_MICROS")
        .partitionBy(Columns.DATE)
        .parquet(dir.toString());
  }

  // Parquet files are never rewritten, so a run can append to hard links of a stored dataset.
  private static void copyAsLinks(Path from, Path to) throws IOException {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path path : paths.toList()) {
        Path target = to.resolve(from.relativize(path).toString());
        if (Files.isDirectory(path)) {
          Files.createDirectories(target);
        } else {
          Files.createLink(target, path);
        }
      }
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }

  private static double median(List<RunReport> runs, String step) {
    List<Long> sorted = runs.stream().map(run -> run.timingsMillis().get(step)).sorted().toList();
    int middle = sorted.size() / 2;
    long millis =
        sorted.size() % 2 == 1
            ? sorted.get(middle)
            : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    return millis / 1000.0;
  }

  private static double min(List<RunReport> runs, String step) {
    return runs.stream().mapToLong(run -> run.timingsMillis().get(step)).min().orElse(0) / 1000.0;
  }

  private static double max(List<RunReport> runs, String step) {
    return runs.stream().mapToLong(run -> run.timingsMillis().get(step)).max().orElse(0) / 1000.0;
  }

  private static String arg(String[] args, String name, String fallback) {
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals(name)) {
        return args[i + 1];
      }
    }
    return fallback;
  }
}
