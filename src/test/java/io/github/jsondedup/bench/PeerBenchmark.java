package io.github.jsondedup.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.jsondedup.generate.DataGenerator;
import io.github.jsondedup.generate.GeneratorSettings;
import io.github.jsondedup.generate.GroundTruth;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * This project's job against its peers on generated input: DuckDB (2 threads) and a naive Spark
 * job. Each size's data is generated once; then rounds run every contender in turn (the order
 * rotating each round) as its own process under {@code /usr/bin/time}, and check that it stored
 * exactly the ground truth's rows per date, with no key twice. Prints a Markdown table of medians
 * and ratios to DuckDB and writes it, the raw runs and a throughput chart under the work folder.
 *
 * <p>Usage: {@code bench/peers [--sizes one-file,backfill,100k-files,1M,10M,50M] [--rounds 3]
 * [--work DIR] [--days 30] [--contenders json-dedup,DuckDB,naive design] [--heap 1g]}: {@code
 * backfill} is 60,000 records over 12,000 dates, with this job's rerun on its own output, {@code
 * 100k-files} 1M records in 100,000 files; {@code --days} spreads the other sizes' records over
 * that many dates, and {@code --heap} sets the job's heap ({@code JSON_DEDUP_DRIVER_MEMORY}).
 */
public final class PeerBenchmark {
  private static final int RECORDS_PER_FILE = 10_000;
  private static final String JSON_DEDUP = "json-dedup";
  private static final String RERUN = "json-dedup rerun";

  /**
   * One input size: its data is generated with the generator's defaults and seed 1, over {@code
   * days} dates (0: the run's {@code --days}). A rerun size also measures this project's job run
   * again on its own output, which must add nothing.
   */
  record Size(String label, int files, int recordsPerFile, int days, boolean rerun) {
    long records() {
      return (long) files * recordsPerFile;
    }

    int daysOr(int fallback) {
      return days > 0 ? days : fallback;
    }

    static Size parse(String label) {
      switch (label) {
        case "one-file":
          return new Size(label, 1, 100, 0, false);
        case "backfill":
          // Years of history at once: few records, each date a file of its own.
          return new Size(label, 12, 5_000, 12_000, true);
        case "100k-files":
          return new Size(label, 100_000, 10, 0, false);
        default:
          long records =
              Long.parseLong(label.replaceAll("[kKmM]$", ""))
                  * (label.matches(".*[mM]") ? 1_000_000 : label.matches(".*[kK]") ? 1_000 : 1);
          return new Size(
              label, (int) Math.max(1, records / RECORDS_PER_FILE), RECORDS_PER_FILE, 0, false);
      }
    }
  }

  /** One process run: wall and CPU seconds, peak resident memory, the Parquet files it wrote. */
  record Run(
      String size, String contender, int round, double wall, double cpu, long rssMb, long files) {
    Run as(String otherContender) {
      return new Run(size, otherContender, round, wall, cpu, rssMb, files);
    }
  }

  public static void main(String[] args) throws Exception {
    Path home = Path.of(System.getProperty("jsondedup.home", ".")).toAbsolutePath();
    Path work = Path.of(arg(args, "--work", home.resolve("target/bench/peers").toString()));
    List<Size> sizes =
        Stream.of(arg(args, "--sizes", "one-file,backfill,100k-files,1M,10M,50M").split(","))
            .map(Size::parse)
            .toList();
    int rounds = Integer.parseInt(arg(args, "--rounds", "3"));
    int days = Integer.parseInt(arg(args, "--days", "30"));
    List<String> chosen =
        List.of(arg(args, "--contenders", "json-dedup,DuckDB,naive design").split(","));
    List<Contender> contenders =
        Contender.all(home, arg(args, "--heap", null)).stream()
            .filter(contender -> chosen.contains(contender.name()))
            .toList();

    // One untimed run each first: the launcher records its class-data archive on its first run
    // after a build, and every contender's jars get into the page cache.
    Path warmUpData = work.resolve("data-one-file");
    groundTruth(Size.parse("one-file"), 30, warmUpData);
    for (Contender contender : contenders) {
      deleteTree(work.resolve("output"));
      contender.measure("warm-up", 0, warmUpData, work.resolve("output"), work);
    }

    List<Run> runs = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    for (Size size : sizes) {
      int sizeDays = size.daysOr(days);
      Path data =
          work.resolve(
              "data-" + size.label() + (size.days() > 0 || days == 30 ? "" : "-" + days + "d"));
      GroundTruth truth = groundTruth(size, sizeDays, data);
      for (int round = 1; round <= rounds; round++) {
        for (int i = 0; i < contenders.size(); i++) {
          Contender contender = contenders.get((i + round - 1) % contenders.size());
          Path output = work.resolve("output");
          deleteTree(output);
          Run run;
          try {
            run = contender.measure(size.label(), round, data, output, work);
            checkAgainst(truth, output, contender.name());
          } catch (IllegalStateException failed) {
            // Kept and shown in the report; the other runs still tell something.
            failures.add(size.label() + ", round " + round + ": " + failed.getMessage());
            System.err.println("peers: " + failures.get(failures.size() - 1));
            continue;
          }
          record(runs, run);
          if (size.rerun() && contender.name().equals(JSON_DEDUP)) {
            // The same input again on the output it wrote: the stored rows of every date are
            // read back and every record is already stored.
            try {
              Run rerun = contender.measure(size.label(), round, data, output, work).as(RERUN);
              checkAgainst(truth, output, RERUN);
              record(runs, rerun);
            } catch (IllegalStateException failed) {
              failures.add(size.label() + ", round " + round + ": " + failed.getMessage());
              System.err.println("peers: " + failures.get(failures.size() - 1));
            }
          }
        }
      }
    }
    List<String> names = new ArrayList<>(contenders.stream().map(Contender::name).toList());
    if (names.contains(JSON_DEDUP) && sizes.stream().anyMatch(Size::rerun)) {
      names.add(names.indexOf(JSON_DEDUP) + 1, RERUN);
    }
    Report report = new Report(sizes, names, runs, failures);
    String table = report.markdown();
    System.out.println(table);
    Files.writeString(work.resolve("results.md"), table);
    Files.writeString(work.resolve("runs.csv"), report.csv());
    Files.writeString(work.resolve("throughput.svg"), report.svg());
    System.out.println("Written: " + work.resolve("results.md") + ", runs.csv, throughput.svg");
  }

  private static void record(List<Run> runs, Run run) {
    runs.add(run);
    System.err.printf(
        Locale.ROOT,
        "peers: %s %s round %d: %.1f s, %.1f CPU-s, %d MB%n",
        run.size(),
        run.contender(),
        run.round(),
        run.wall(),
        run.cpu(),
        run.rssMb());
  }

  /** The size's data, generated unless the folder already holds it with the same settings. */
  private static GroundTruth groundTruth(Size size, int days, Path data) throws IOException {
    GeneratorSettings settings =
        new GeneratorSettings(
            size.files(), size.recordsPerFile(), 0.1, 0.5, 0.5, 0.02, days, 1, false, false);
    Path truthFile = data.resolve(GroundTruth.FILE_NAME);
    if (Files.exists(truthFile)) {
      GroundTruth kept = new ObjectMapper().readValue(truthFile.toFile(), GroundTruth.class);
      if (kept.settings().equals(settings)) {
        return kept;
      }
    }
    deleteTree(data);
    System.err.printf(Locale.ROOT, "peers: generating %s records into %s%n", size.label(), data);
    return new DataGenerator(settings).writeTo(data);
  }

  /** Fails the benchmark unless {@code output} holds the truth's rows per date, no key twice. */
  private static void checkAgainst(GroundTruth truth, Path output, String contender)
      throws SQLException {
    Map<String, Long> perDate = new TreeMap<>();
    long rows = 0;
    long keys;
    try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:");
        Statement sql = duckdb.createStatement()) {
      // A table's data files are its day partitions' (a table run's only snapshot holds them all).
      Path table = output.resolve("bench/events/data");
      boolean isTable = Files.isDirectory(table);
      String parquet =
          isTable
              ? "read_parquet('%s/ts_day=*/*.parquet', hive_partitioning = true)".formatted(table)
              : "read_parquet('%s/date=*/*.parquet', hive_partitioning = true)".formatted(output);
      String date = isTable ? "ts_day" : "date";
      try (ResultSet result =
          sql.executeQuery(
              "SELECT CAST(" + date + " AS VARCHAR), count(*) FROM " + parquet + " GROUP BY 1")) {
        while (result.next()) {
          perDate.put(result.getString(1), result.getLong(2));
          rows += result.getLong(2);
        }
      }
      try (ResultSet result = sql.executeQuery("SELECT count(DISTINCT (id, ts)) FROM " + parquet)) {
        result.next();
        keys = result.getLong(1);
      }
    }
    if (!perDate.equals(truth.rowsPerDate()) || keys != rows) {
      throw new IllegalStateException(
          String.format(
              Locale.ROOT,
              "%s stored %d rows with %d distinct keys; the ground truth is %d rows (per date: %s,"
                  + " stored per date: %s)",
              contender,
              rows,
              keys,
              truth.distinctKeys(),
              truth.rowsPerDate(),
              perDate));
    }
  }

  static void deleteTree(Path path) throws IOException {
    if (!Files.exists(path)) {
      return;
    }
    try (Stream<Path> tree = Files.walk(path)) {
      for (Path each : tree.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(each);
      }
    }
  }

  private static String arg(String[] args, String name, String fallback) {
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals(name)) {
        return args[i + 1];
      }
    }
    return fallback;
  }

  static Map<String, String> machine() throws IOException {
    Map<String, String> machine = new LinkedHashMap<>();
    machine.put("date", Instant.now().toString());
    machine.put("cores", String.valueOf(Runtime.getRuntime().availableProcessors()));
    try (Stream<String> cpu = Files.lines(Path.of("/proc/cpuinfo"))) {
      cpu.filter(line -> line.startsWith("model name"))
          .findFirst()
          .ifPresent(line -> machine.put("cpu", line.replaceFirst(".*:\\s*", "")));
    }
    try (Stream<String> memory = Files.lines(Path.of("/proc/meminfo"))) {
      memory
          .filter(line -> line.startsWith("MemTotal"))
          .findFirst()
          .ifPresent(
              line ->
                  machine.put(
                      "memory", Long.parseLong(line.replaceAll("\\D", "")) / 1024 / 1024 + " GiB"));
    }
    machine.put(
        "java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
    return machine;
  }
}
