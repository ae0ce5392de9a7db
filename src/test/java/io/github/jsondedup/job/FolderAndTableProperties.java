package io.github.jsondedup.job;

import static io.github.jsondedup.Fixtures.document;
import static io.github.jsondedup.Fixtures.record;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.jsondedup.Datasets;
import io.github.jsondedup.Fixtures;
import io.github.jsondedup.TempDirs;
import io.github.jsondedup.TestSpark;
import io.github.jsondedup.TestTables;
import io.github.jsondedup.check.ForAll;
import io.github.jsondedup.check.Gen;
import io.github.jsondedup.config.RunSettings;
import io.github.jsondedup.output.AuditOutputs;
import io.github.jsondedup.report.RunReport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * Table mode is folder mode with another last step: for a random sequence of batches (duplicates
 * within and across batches, conflicts, copies of earlier files, bad records), each batch ingested
 * into a folder and into an Iceberg table gives the same counts, the same rejected and conflicting
 * records, and in the end the same rows.
 */
class FolderAndTableProperties {
  private static final List<String> IDS = List.of("a", "b", "c");
  private static final List<String> TIMES =
      List.of(
          "2019-04-23T10:00:00Z",
          "2019-04-23T12:00:00+02:00", // the instant above
          "2019-04-23T23:30:00-02:00", // the next UTC date
          "1899-12-31T23:59:59Z",
          "2019-02-30T00:00:00Z"); // rejected

  private final SparkSession spark = TestSpark.session();
  private final TempDirs tempDirs = new TempDirs();

  record Rec(String id, String data, String ts) {}

  /** A batch's new files, and whether it delivers the previous batch's first file again. */
  record Batch(List<List<Rec>> files, boolean redeliver) {}

  @Test
  void aTableStoresWhatAFolderStores() {
    ForAll.check(5, batches(), this::sameAsAFolder, tempDirs::removeAll);
  }

  private void sameAsAFolder(List<Batch> batches) {
    Path root = tempDirs.create("folder-and-table");
    Path folder = root.resolve("folder");
    String table = TestTables.catalog(root.resolve("warehouse")) + ".db.events";
    List<Path> previous = List.of();
    for (int i = 0; i < batches.size(); i++) {
      Path input = root.resolve("in-" + i);
      List<Path> written = write(input, batches.get(i), previous, i * 100L);
      RunReport intoFolder = new IngestJob(spark, settings(input, folder.toString())).run();
      RunReport intoTable =
          new IngestJob(spark, RunSettings.ofTable(List.of(input.toString()), table)).run();

      assertThat(intoTable.counts()).as("batch %d's counts", i).isEqualTo(intoFolder.counts());
      assertThat(intoTable.partitions()).isEqualTo(intoFolder.partitions());
      assertThat(audit(intoTable, AuditOutputs.REJECTED, "source_position", "reason", "id"))
          .isEqualTo(audit(intoFolder, AuditOutputs.REJECTED, "source_position", "reason", "id"));
      assertThat(audit(intoTable, "conflicts", "id", "ts", "data"))
          .isEqualTo(audit(intoFolder, "conflicts", "id", "ts", "data"));
      previous = written;
    }
    assertThat(TestTables.rows(table)).isEqualTo(Datasets.storedRows(folder));
  }

  private static RunSettings settings(Path input, String output) {
    return RunSettings.of(List.of(input.toString()), output);
  }

  private static List<String> audit(RunReport report, String kind, String... columns) {
    return Datasets.auditRows(report, kind, columns);
  }

  /** The batch's files under {@code dir}, modified from {@code seconds} on; their paths. */
  private static List<Path> write(Path dir, Batch batch, List<Path> previous, long seconds) {
    List<Path> written = new ArrayList<>();
    for (int i = 0; i < batch.files().size(); i++) {
      List<String> records = new ArrayList<>();
      batch.files().get(i).forEach(rec -> records.add(record(rec.id(), rec.data(), rec.ts())));
      written.add(
          Fixtures.write(
              dir,
              String.format(Locale.ROOT, "file-%02d.json", i),
              seconds + i,
              document(records.toArray(String[]::new))));
    }
    if (batch.redeliver() && !previous.isEmpty()) {
      try {
        Fixtures.write(
            dir,
            "redelivered.json",
            seconds + 50,
            java.nio.file.Files.readAllBytes(previous.get(0)));
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
    return written;
  }

  private static Gen<List<Batch>> batches() {
    Gen<String> id =
        Gen.frequency(Gen.weighted(12, Gen.of(IDS)), Gen.weighted(1, Gen.just((String) null)));
    Gen<String> data = Gen.of("x", "y");
    Gen<String> ts = Gen.of(TIMES);
    Gen<Rec> rec = random -> new Rec(id.draw(random), data.draw(random), ts.draw(random));
    Gen<List<List<Rec>>> files = rec.list(1, 5).list(1, 3);
    Gen<Batch> batch = random -> new Batch(files.draw(random), random.nextBoolean());
    return batch.list(1, 4);
  }
}
