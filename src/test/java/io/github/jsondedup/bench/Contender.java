package io.github.jsondedup.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.stream.Stream;

/** One program the benchmark runs, as its own process, from an input folder to an output folder. */
record Contender(
    String name, BiFunction<Path, Path, List<String>> command, Map<String, String> environment) {
  Contender(String name, BiFunction<Path, Path, List<String>> command) {
    this(name, command, Map.of());
  }

  /**
   * This project's launcher (with its defaults, or {@code heap} as its heap) into a folder and into
   * a table, DuckDB on 2 threads, the naive Spark job.
   */
  static List<Contender> all(Path home, String heap) {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classpath = System.getProperty("java.class.path");
    return List.of(
        new Contender(
            "json-dedup",
            (input, output) ->
                List.of(
                    home.resolve("bin/json-dedup").toString(),
                    "run",
                    "--input",
                    input.toString(),
                    "--output",
                    output.toString()),
            heap == null ? Map.of() : Map.of("JSON_DEDUP_DRIVER_MEMORY", heap)),
        // The same run committing to an Iceberg table in a warehouse at the output.
        new Contender(
            "json-dedup table",
            (input, output) ->
                List.of(
                    "env",
                    "JSON_DEDUP_WAREHOUSE=" + output,
                    home.resolve("bin/json-dedup").toString(),
                    "run",
                    "--input",
                    input.toString(),
                    "--table",
                    "local.bench.events"),
            heap == null ? Map.of() : Map.of("JSON_DEDUP_DRIVER_MEMORY", heap)),
        new Contender(
            "DuckDB",
            (input, output) ->
                List.of(
                    java,
                    "-Xmx512m",
                    "-cp",
                    classpath,
                    DuckDbJob.class.getName(),
                    input.toString(),
                    output.toString(),
                    "2")),
        new Contender(
            "naive design",
            (input, output) ->
                List.of(
                    java,
                    "@" + home.resolve("conf/java17-spark.args"),
                    "-Xmx2g",
                    "-Dlog4j2.configurationFile=" + home.resolve("conf/log4j2.properties"),
                    "-cp",
                    classpath,
                    NaiveDesignJob.class.getName(),
                    input.toString(),
                    output.toString())));
  }

  /** Runs once under GNU time; its output goes to a log under {@code work/logs}. */
  PeerBenchmark.Run measure(String size, int round, Path input, Path output, Path work)
      throws IOException, InterruptedException {
    Path logs = Files.createDirectories(work.resolve("logs"));
    String label = size + "-" + name.replace(' ', '-') + "-" + round;
    Path log = logs.resolve(label + ".log");
    Path times = logs.resolve(label + ".time");
    List<String> timed =
        new ArrayList<>(List.of("/usr/bin/time", "-f", "%e %U %S %M", "-o", times.toString()));
    timed.addAll(command.apply(input, output));
    ProcessBuilder builder =
        new ProcessBuilder(timed).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putAll(environment);
    Process process = builder.start();
    if (process.waitFor() != 0) {
      throw new IllegalStateException(name + " failed on " + size + ": see " + log);
    }
    List<String> lines = Files.readAllLines(times);
    String[] fields = lines.get(lines.size() - 1).trim().split(" ");
    return new PeerBenchmark.Run(
        size,
        name,
        round,
        Double.parseDouble(fields[0]),
        Double.parseDouble(fields[1]) + Double.parseDouble(fields[2]),
        Long.parseLong(fields[3]) / 1024,
        parquetFiles(output));
  }

  private static long parquetFiles(Path output) throws IOException {
    try (Stream<Path> tree = Files.walk(output)) {
      return tree.filter(path -> path.toString().endsWith(".parquet"))
          .filter(path -> !path.toString().contains("/_"))
          .filter(path -> !path.toString().contains("_ingest/"))
          .count();
    }
  }
}
