package io.github.jsondedup.job;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_format;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.jsondedup.TestSpark;
import io.github.jsondedup.config.RunSettings;
import io.github.jsondedup.generate.DataGenerator;
import io.github.jsondedup.generate.GeneratorSettings;
import io.github.jsondedup.generate.GroundTruth;
import io.github.jsondedup.report.RunCounts;
import io.github.jsondedup.schema.Columns;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job on generated input stores exactly the generator's ground truth, as the benchmark checks.
 */
class GeneratedDataTest {
  private final SparkSession spark = TestSpark.session();

  @TempDir Path input;
  @TempDir Path output;

  @Test
  void storesTheGroundTruthAndNothingOnASecondRun() throws IOException {
    GroundTruth truth =
        new DataGenerator(new GeneratorSettings(40, 300, 0.2, 0.5, 0.5, 0.1, 7, 42, false, false))
            .writeTo(input);

    RunCounts counts = run().counts();

    assertThat(counts.recordsRead()).isEqualTo(truth.records());
    assertThat(counts.written()).isEqualTo(truth.distinctKeys());
    assertThat(counts.exactDuplicates()).isEqualTo(truth.exactDuplicates());
    assertThat(counts.conflicts()).isEqualTo(truth.conflicts());
    assertThat(rowsPerDate()).isEqualTo(truth.rowsPerDate());
    RunCounts again = run().counts();
    assertThat(again.written()).isZero();
    // The second run rules every record against the stored rows: the same conflicts again, and
    // every other record an exact copy of a stored row.
    assertThat(again.conflicts()).isEqualTo(truth.conflicts());
    assertThat(again.alreadyStored()).isEqualTo(truth.distinctKeys() + truth.exactDuplicates());
  }

  private io.github.jsondedup.report.RunReport run() {
    return new IngestJob(spark, RunSettings.of(List.of(input.toString()), output.toString())).run();
  }

  private Map<String, Long> rowsPerDate() {
    Map<String, Long> perDate = new TreeMap<>();
    for (Row row :
        spark
            .read()
            .parquet(output.toString())
            .groupBy(date_format(col(Columns.DATE), "yyyy-MM-dd"))
            .count()
            .collectAsList()) {
      perDate.put(row.getString(0), row.getLong(1));
    }
    return perDate;
  }
}
