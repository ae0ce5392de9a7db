package io.github.jsondedup.job;

import static io.github.jsondedup.Fixtures.document;
import static io.github.jsondedup.Fixtures.record;
import static io.github.jsondedup.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.jsondedup.Datasets;
import io.github.jsondedup.TestSpark;
import io.github.jsondedup.TestTables;
import io.github.jsondedup.config.InvalidSettingException;
import io.github.jsondedup.config.RunSettings;
import io.github.jsondedup.report.RunReport;
import io.github.jsondedup.schema.Columns;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.io.FileUtils;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The key and the checkpoint belong to one dataset (contract rules 3 and 5): a run with another key
 * is refused, a checkpoint used with another output is refused, and a checkpoint whose output was
 * deleted and built again starts over rather than say there is nothing new. In a folder and in a
 * table alike.
 */
class BoundToTheDatasetTest {
  private final SparkSession spark = TestSpark.session();

  @TempDir Path input;
  @TempDir Path work;

  @BeforeEach
  void twoRecordsOfOneIdAtTwoInstants() {
    write(
        input,
        "a.json",
        0,
        document(
            record("1", "A", "2019-04-23T10:00:00Z"), record("1", "A", "2019-04-24T10:00:00Z")));
  }

  @Test
  void aFolderKeepsItsKeyAndRefusesARunWithAnother() {
    RunSettings byId = folder().withKey(List.of(Columns.ID));
    assertThat(new IngestJob(spark, byId).run().counts().written()).isEqualTo(1);

    assertThatThrownBy(() -> new IngestJob(spark, folder()).run())
        .isInstanceOf(InvalidSettingException.class)
        .hasFieldOrPropertyWithValue("setting", "key")
        .hasMessageContaining("is deduplicated on --key id, and this run asks for --key id,ts");
    assertThat(Datasets.storedRows(work.resolve("out"))).hasSize(1);
    assertThat(new IngestJob(spark, byId).run().counts().alreadyStored()).isEqualTo(1);
  }

  @Test
  void aTableKeepsItsKeyAndRefusesARunWithAnother() {
    String table = TestTables.catalog(work.resolve("warehouse")) + ".db.events";
    RunSettings byId = RunSettings.ofTable(inputs(), table).withKey(List.of(Columns.ID));
    new IngestJob(spark, byId).run();

    assertThatThrownBy(() -> new IngestJob(spark, RunSettings.ofTable(inputs(), table)).run())
        .isInstanceOf(InvalidSettingException.class)
        .hasFieldOrPropertyWithValue("setting", "key")
        .hasMessageContaining("--key id,ts");
    assertThat(TestTables.rows(table)).hasSize(1);
  }

  @Test
  void aCheckpointUsedWithAnotherOutputIsRefused() {
    Path checkpoint = work.resolve("checkpoint");
    incremental(folder(), checkpoint);
    RunSettings elsewhere = RunSettings.of(inputs(), work.resolve("other").toString());

    assertThatThrownBy(() -> incremental(elsewhere, checkpoint))
        .isInstanceOf(InvalidSettingException.class)
        .hasFieldOrPropertyWithValue("setting", "checkpoint")
        .hasMessageContaining("records the files read into file:" + work.resolve("out"))
        .hasMessageContaining("a checkpoint belongs to one output");
    assertThat(work.resolve("other").resolve("date=2019-04-23")).doesNotExist();
  }

  @Test
  void aCheckpointWhoseFolderWasDeletedReadsEveryFileAgain() {
    Path checkpoint = work.resolve("checkpoint");
    incremental(folder(), checkpoint);
    List<String> rows = Datasets.storedRows(work.resolve("out"));
    FileUtils.deleteQuietly(work.resolve("out").toFile());

    List<RunReport> again = incremental(folder(), checkpoint);

    assertThat(again).singleElement().satisfies(r -> assertThat(r.counts().written()).isEqualTo(2));
    assertThat(Datasets.storedRows(work.resolve("out"))).isEqualTo(rows).hasSize(2);
    assertThat(incremental(folder(), checkpoint)).as("then nothing new").isEmpty();
  }

  @Test
  void aCheckpointWhoseTableWasDroppedAndMadeAgainReadsEveryFileAgain() {
    String table = TestTables.catalog(work.resolve("warehouse")) + ".db.events";
    Path checkpoint = work.resolve("checkpoint");
    incremental(RunSettings.ofTable(inputs(), table), checkpoint);
    List<String> rows = TestTables.rows(table);
    spark.sql("DROP TABLE " + table + " PURGE");

    List<RunReport> again = incremental(RunSettings.ofTable(inputs(), table), checkpoint);

    assertThat(again).singleElement().satisfies(r -> assertThat(r.counts().written()).isEqualTo(2));
    assertThat(TestTables.rows(table)).isEqualTo(rows).hasSize(2);
  }

  private RunSettings folder() {
    return RunSettings.of(inputs(), work.resolve("out").toString());
  }

  private List<String> inputs() {
    return List.of(input.toString());
  }

  private List<RunReport> incremental(RunSettings settings, Path checkpoint) {
    List<RunReport> reports = new ArrayList<>();
    new IncrementalIngest(
            spark, settings.withCheckpoint(checkpoint.toString(), Integer.MAX_VALUE, null))
        .run(reports::add);
    return reports;
  }
}
