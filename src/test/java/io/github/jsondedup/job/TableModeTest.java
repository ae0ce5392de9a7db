package io.github.jsondedup.job;

import static io.github.jsondedup.Fixtures.document;
import static io.github.jsondedup.Fixtures.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.jsondedup.Datasets;
import io.github.jsondedup.Fixtures;
import io.github.jsondedup.TestSpark;
import io.github.jsondedup.TestTables;
import io.github.jsondedup.config.RunSettings;
import io.github.jsondedup.output.OutputLayout;
import io.github.jsondedup.read.InputDiscovery;
import io.github.jsondedup.report.RunReport;
import io.github.jsondedup.report.Timings;
import io.github.jsondedup.table.ConcurrentCommitException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Table mode's own wiring: the table, the audit beside it, and the retry after a conflict. */
class TableModeTest {
  private final SparkSession spark = TestSpark.session();

  @TempDir Path dir;

  @Test
  void theSampleGivesAFoldersRowsWithTheAuditBesideTheTableAndARerunCommitsNothing() {
    Path sample = Fixtures.copyDataSample(dir.resolve("sample"));
    String table = TestTables.catalog(dir.resolve("warehouse")) + ".db.events";
    RunSettings settings = RunSettings.ofTable(List.of(sample.toString()), table);

    RunReport first = new IngestJob(spark, settings).run();
    long commits = commits(table);
    RunReport rerun = new IngestJob(spark, settings).run();

    assertThat(TestTables.rows(table))
        .isEqualTo(Datasets.rowsOfALocalRun(sample, dir.resolve("folder")));
    assertThat(first.output()).isEqualTo(table);
    assertThat(first.ingestFolder()).isEqualTo("file:" + dir.resolve("warehouse/db/events_ingest"));
    assertThat(first.audit().values()).allMatch(path -> path.startsWith(first.ingestFolder()));
    assertThat(first.counts().written()).isEqualTo(6);
    assertThat(first.outputFiles()).isPositive();
    assertThat(rerun.counts().written()).isZero();
    assertThat(rerun.counts().alreadyStored()).isEqualTo(9);
    assertThat(commits(table)).as("commits after a rerun that adds nothing").isEqualTo(commits);
  }

  @Test
  void aJdbcCatalogHoldsTheTableAsWell() {
    Path sample = Fixtures.copyDataSample(dir.resolve("sample"));
    String key = "spark.sql.catalog.jdbc_test";
    spark.conf().set(key, "org.apache.iceberg.spark.SparkCatalog");
    spark.conf().set(key + ".type", "jdbc");
    spark.conf().set(key + ".uri", "jdbc:sqlite:" + dir.resolve("catalog.db"));
    spark.conf().set(key + ".jdbc.schema-version", "V1");
    spark.conf().set(key + ".warehouse", dir.resolve("jdbc-warehouse").toUri().toString());
    String table = "jdbc_test.db.events";
    RunSettings settings = RunSettings.ofTable(List.of(sample.toString()), table);

    RunReport first = new IngestJob(spark, settings).run();
    RunReport rerun = new IngestJob(spark, settings).run();

    assertThat(first.counts().written()).isEqualTo(6);
    assertThat(rerun.counts().written()).isZero();
    assertThat(TestTables.rows(table))
        .isEqualTo(Datasets.rowsOfALocalRun(sample, dir.resolve("folder")));
  }

  @Test
  void aRunNamesItsOwnAuditFolderOutsideTheTable() {
    Path sample = Fixtures.copyDataSample(dir.resolve("sample"));
    String table = TestTables.catalog(dir.resolve("warehouse")) + ".db.events";
    Path audit = dir.resolve("audit");

    RunReport report =
        new IngestJob(
                spark,
                RunSettings.ofTable(List.of(sample.toString()), table).withAudit(audit.toString()))
            .run();

    assertThat(report.ingestFolder()).isEqualTo("file:" + audit);
    assertThat(audit.resolve("runs").resolve(report.runId() + ".json")).exists();
  }

  @Test
  void aTableOfOtherRowsIsRefusedBeforeAnythingIsWritten() {
    String table = TestTables.catalog(dir.resolve("warehouse")) + ".db.other";
    spark.sql(
        "CREATE TABLE " + table + " (id BIGINT, data STRING, ts TIMESTAMP_NTZ) USING iceberg");
    Path input = input("mine", "a");

    assertThatThrownBy(
            () -> new IngestJob(spark, RunSettings.ofTable(List.of(input.toString()), table)).run())
        .isInstanceOf(io.github.jsondedup.config.InvalidSettingException.class)
        .hasMessage(
            table
                + " is not a table of json-dedup's rows (id long, ts timestamp): it needs id"
                + " string, data string, ts timestamptz; name a new table, or another");
    assertThat(spark.table(table).count()).isZero();
  }

  @Test
  void anIncrementalRunIntoATableRefusesACheckpointAnotherRunHolds() throws Exception {
    String table = TestTables.catalog(dir.resolve("warehouse")) + ".db.events";
    Path input = input("mine", "a");
    Path checkpoint = dir.resolve("checkpoint");
    Fixtures.write(checkpoint, "lock", 0, "owner=other-run\nhost=elsewhere\npid=1\n");
    java.nio.file.Files.setLastModifiedTime(
        checkpoint.resolve("lock"), java.nio.file.attribute.FileTime.from(Instant.now()));
    RunSettings settings =
        RunSettings.ofTable(List.of(input.toString()), table)
            .withCheckpoint(checkpoint.toString(), Integer.MAX_VALUE, null);

    assertThatThrownBy(() -> new IncrementalIngest(spark, settings).run(report -> {}))
        .isInstanceOf(io.github.jsondedup.output.OutputLockedException.class)
        .hasMessageContaining("Cannot write to file:" + checkpoint + ": run other-run");
    assertThat(spark.table(table).count()).isZero();
  }

  @Test
  void aRunWhoseDaysGotAnotherRunsRowsRulesAgainAndStoresEachKeyOnce() {
    String table = TestTables.catalog(dir.resolve("warehouse")) + ".db.events";
    Path input = input("mine", "a", "b", "c");
    Path other = input("other", "b", "c", "d");
    RunSettings settings = RunSettings.ofTable(List.of(input.toString()), table);

    RunReport report = runWithACommitBetweenReadAndStore(settings, other, 1);

    assertThat(report.commitRetries()).isEqualTo(1);
    assertThat(report.counts().written()).isEqualTo(1);
    assertThat(report.counts().alreadyStored()).isEqualTo(2);
    assertThat(TestTables.rows(table))
        .extracting(row -> row.substring(0, 1))
        .containsExactly("a", "b", "c", "d");
  }

  @Test
  void aRunOutOfRetriesStoresNothingAndSaysSo() {
    String table = TestTables.catalog(dir.resolve("warehouse")) + ".db.events";
    Path input = input("mine", "a", "b");
    Path other = input("other", "b", "c");
    RunSettings settings =
        RunSettings.ofTable(List.of(input.toString()), table).withCommitRetries(0);

    assertThatThrownBy(() -> runWithACommitBetweenReadAndStore(settings, other, 1))
        .isInstanceOf(ConcurrentCommitException.class)
        .hasMessageContaining("nothing of this run was stored, and running it again is safe");
    assertThat(TestTables.rows(table))
        .extracting(row -> row.substring(0, 1))
        .containsExactly("b", "c");
  }

  /**
   * Runs {@code settings}, and each of the first {@code times} times it has read the table, lets
   * another run store {@code other} before it stores its own rows.
   */
  private RunReport runWithACommitBetweenReadAndStore(RunSettings settings, Path other, int times) {
    // The other run works on a session of its own, as a run in another JVM would.
    try (JobSession own = JobSession.of(spark)) {
      return runWithACommitBetweenReadAndStore(own.session(), settings, other, times);
    }
  }

  private RunReport runWithACommitBetweenReadAndStore(
      SparkSession session, RunSettings settings, Path other, int times) {
    TableTarget target = TableTarget.open(session, settings, "test-run");
    RunSettings otherRun = RunSettings.ofTable(List.of(other.toString()), settings.table().name());
    Target interrupted =
        new Target() {
          private int interruptions;

          @Override
          public OutputLayout layout() {
            return target.layout();
          }

          @Override
          public String name() {
            return target.name();
          }

          @Override
          public org.apache.hadoop.fs.Path lockFile() {
            return target.lockFile();
          }

          @Override
          public List<org.apache.hadoop.fs.Path> removeLeftovers() {
            return target.removeLeftovers();
          }

          @Override
          public DatasetIdentity identity(List<String> key) {
            return target.identity(key);
          }

          @Override
          public <T> T storing(Supplier<T> attempt, Runnable beforeRetry) {
            return target.storing(attempt, beforeRetry);
          }

          @Override
          public int retries() {
            return target.retries();
          }

          @Override
          public Dataset<Row> stored(List<String> dates) {
            Dataset<Row> stored = target.stored(dates);
            if (interruptions++ < times) {
              new IngestJob(spark, otherRun).run();
            }
            return stored;
          }

          @Override
          public Map<String, Long> store(Dataset<Row> rows, List<String> dates) {
            return target.store(rows, dates);
          }
        };
    return new IngestJob(spark, settings)
        .ingest(
            session,
            new RunStart(
                "test-run",
                Instant.now(),
                InputDiscovery.list(spark.sparkContext().hadoopConfiguration(), settings.inputs()),
                0,
                java.util.List.of(),
                new Timings(),
                new java.util.ArrayList<>(),
                new java.util.HashSet<>()),
            interrupted);
  }

  private Path input(String name, String... ids) {
    Path input = dir.resolve(name);
    String[] records = new String[ids.length];
    for (int i = 0; i < ids.length; i++) {
      records[i] = record(ids[i], "x", "2019-04-23T10:00:00Z");
    }
    Fixtures.write(input, "records.json", 0, document(records));
    return input;
  }

  /** The snapshots that have been the table's current one (a staged one never is). */
  private long commits(String table) {
    spark.catalog().refreshTable(table);
    return spark.sql("SELECT count(*) FROM " + table + ".history").first().getLong(0);
  }
}
