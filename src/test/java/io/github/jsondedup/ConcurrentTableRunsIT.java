package io.github.jsondedup;

import static io.github.jsondedup.Fixtures.document;
import static io.github.jsondedup.Fixtures.record;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.jsondedup.config.RunSettings;
import io.github.jsondedup.job.IngestJob;
import io.github.jsondedup.report.RunReport;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly once without a lock (contract rule 5, table mode): two runs started together on one
 * table, with overlapping keys, each in a Spark session of its own, 20 rounds. Neither waits for
 * the other; the one whose commit comes second finds the other's rows of its days and rules again.
 */
class ConcurrentTableRunsIT {
  private static final int ROUNDS = 20;
  private static final int KEYS_PER_RUN = 60;
  private static final int OVERLAP = 30;

  @TempDir Path dir;
  private final ExecutorService runs = Executors.newFixedThreadPool(2);

  @AfterEach
  void stop() {
    runs.shutdownNow();
  }

  @Test
  void twoRunsAtOnceStoreEachKeyOnceAndLoseNone() throws Exception {
    SparkSession spark = TestSpark.session();
    String catalog = TestTables.catalog(dir.resolve("warehouse"));
    String table = catalog + ".db.events";
    List<String> expected = new ArrayList<>();
    int retries = 0;
    for (int round = 0; round < ROUNDS; round++) {
      LocalDate day = LocalDate.parse("2020-01-01").plusDays(round);
      Path first = input("first-" + round, day, 0);
      Path second = input("second-" + round, day, KEYS_PER_RUN - OVERLAP);
      CyclicBarrier start = new CyclicBarrier(2);
      List<Future<RunReport>> started = new ArrayList<>();
      for (Path input : List.of(first, second)) {
        SparkSession own = spark.newSession();
        TestTables.register(own, catalog, dir.resolve("warehouse"));
        RunSettings settings = RunSettings.ofTable(List.of(input.toString()), table);
        started.add(
            runs.submit(
                () -> {
                  start.await();
                  return new IngestJob(own, settings).run();
                }));
      }
      RunReport a = started.get(0).get();
      RunReport b = started.get(1).get();

      int keys = 2 * KEYS_PER_RUN - OVERLAP;
      assertThat(a.counts().written() + b.counts().written()).as("round %d", round).isEqualTo(keys);
      assertThat(a.counts().alreadyStored() + b.counts().alreadyStored()).isEqualTo(OVERLAP);
      assertThat(a.commitRetries() + b.commitRetries()).isLessThanOrEqualTo(1);
      retries += a.commitRetries() + b.commitRetries();
      IntStream.range(0, keys)
          .forEach(
              key ->
                  expected.add(
                      String.format(Locale.ROOT, "id-%03d|x|%sT12:00:00Z|%s", key, day, day)));
      assertThat(TestTables.rows(table))
          .as("after round %d", round)
          .isEqualTo(expected.stream().sorted().toList());
    }
    // The rounds did race: some second commits found the first's rows and ruled again.
    assertThat(retries).as("rounds where the runs' commits collided").isPositive();
  }

  @Test
  void twoProcessesAtOnceEachSayWhatTheyStored() throws Exception {
    Path warehouse = dir.resolve("shared-warehouse");
    String key = "spark.sql.catalog.shared";
    List<String> catalog =
        List.of(
            "--conf", key + "=org.apache.iceberg.spark.SparkCatalog",
            "--conf", key + ".type=hadoop",
            "--conf", key + ".warehouse=" + warehouse.toUri(),
            "--conf", key + ".lock-impl=io.github.jsondedup.table.LocalCommitLock");
    String table = "shared.db.events";
    List<String> expected = new ArrayList<>();
    for (int round = 0; round < 2; round++) {
      LocalDate day = LocalDate.parse("2021-01-01").plusDays(round);
      List<Process> processes = new ArrayList<>();
      List<Path> outputs = new ArrayList<>();
      for (int run = 0; run < 2; run++) {
        Path input = input("process-" + round + "-" + run, day, run * (KEYS_PER_RUN - OVERLAP));
        Path out = dir.resolve("process-" + round + "-" + run + ".out");
        outputs.add(out);
        processes.add(
            JobProcesses.start(
                JobProcesses.submitLocalRun(
                    catalog, "--input", input.toString(), "--table", table, "--quiet"),
                out,
                dir.resolve("process-" + round + "-" + run + ".err")));
      }
      long written = 0;
      for (int run = 0; run < 2; run++) {
        assertThat(processes.get(run).waitFor(5, java.util.concurrent.TimeUnit.MINUTES)).isTrue();
        String stdout = java.nio.file.Files.readString(outputs.get(run));
        assertThat(processes.get(run).exitValue())
            .as(
                "%s%s",
                stdout,
                java.nio.file.Files.readString(
                    dir.resolve("process-" + round + "-" + run + ".err")))
            .isZero();
        java.util.regex.Matcher count =
            java.util.regex.Pattern.compile("(\\d+) records? written to " + table).matcher(stdout);
        assertThat(count.find()).as(stdout).isTrue();
        written += Long.parseLong(count.group(1));
      }
      int keys = 2 * KEYS_PER_RUN - OVERLAP;
      assertThat(written).isEqualTo(keys);
      IntStream.range(0, keys)
          .forEach(
              k ->
                  expected.add(
                      String.format(Locale.ROOT, "id-%03d|x|%sT12:00:00Z|%s", k, day, day)));
      TestTables.register(TestSpark.session(), "shared", warehouse);
      assertThat(TestTables.rows(table)).isEqualTo(expected.stream().sorted().toList());
    }
  }

  /** A file of {@code KEYS_PER_RUN} keys of {@code day}, from key {@code from} on. */
  private Path input(String name, LocalDate day, int from) {
    Path input = dir.resolve(name);
    String[] records =
        IntStream.range(from, from + KEYS_PER_RUN)
            .mapToObj(
                key -> record(String.format(Locale.ROOT, "id-%03d", key), "x", day + "T12:00:00Z"))
            .toArray(String[]::new);
    Fixtures.write(input, "records.json", 0, document(records));
    return input;
  }
}
