package io.github.jsondedup.job;

import static io.github.jsondedup.Fixtures.document;
import static io.github.jsondedup.Fixtures.record;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.jsondedup.Fixtures;
import io.github.jsondedup.TestSpark;
import io.github.jsondedup.config.RunSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.collection.JavaConverters;

class JobSessionTest {
  private static final String PARQUET_WRITERS = "spark.sql.maxConcurrentOutputFileWriters";

  private final SparkSession spark = TestSpark.session();

  @TempDir Path dir;

  @Test
  void aRunLeavesTheCallersSessionAsItWas() {
    Fixtures.write(
        dir.resolve("in"), "a.json", 0, document(record("1", "A", "1850-01-01T00:00:00Z")));
    Map<String, String> before = settings(spark);

    new IngestJob(spark, RunSettings.of(List.of(dir.resolve("in").toString()), dir + "/out")).run();

    assertThat(settings(spark)).isEqualTo(before);
  }

  @Test
  void aRunHasTheCallersSettingsAsTheyAreNowAndTheContractsOnTop() throws Exception {
    TestSpark.withSettings(
        Map.of(PARQUET_WRITERS, "7", "spark.sql.session.timeZone", "America/New_York"),
        () -> {
          try (JobSession own = JobSession.of(spark)) {
            assertThat(own.session().conf().get(PARQUET_WRITERS))
                .as("the contract's")
                .isEqualTo("64");
            assertThat(own.session().conf().get("spark.sql.session.timeZone")).isEqualTo("UTC");
          }
        });
    TestSpark.withSettings(
        Map.of("spark.sql.parquet.compression.codec", "zstd"),
        () -> {
          try (JobSession own = JobSession.of(spark)) {
            assertThat(own.session().conf().get("spark.sql.parquet.compression.codec"))
                .as("the caller's")
                .isEqualTo("zstd");
          }
        });
    try (JobSession own = JobSession.of(spark)) {
      assertThat(own.session().conf().get("spark.sql.parquet.compression.codec"))
          .as("unset by the caller since the last run")
          .isEqualTo("snappy");
    }
  }

  @Test
  void runsOneAfterAnotherShareASessionAndRunsAtOnceDoNot() {
    SparkSession first;
    try (JobSession own = JobSession.of(spark)) {
      first = own.session();
      try (JobSession meanwhile = JobSession.of(spark)) {
        assertThat(meanwhile.session()).isNotSameAs(first).isNotSameAs(spark);
      }
    }
    try (JobSession next = JobSession.of(spark)) {
      assertThat(next.session()).as("the last one closed is kept").isSameAs(first);
      try (JobSession again = JobSession.of(spark)) {
        assertThat(again.session()).isNotSameAs(next.session());
      }
    }
  }

  @Test
  void aSessionWhoseCatalogsWereSetUpOtherwiseIsNotReused() throws Exception {
    SparkSession before;
    try (JobSession own = JobSession.of(spark)) {
      before = own.session();
    }
    TestSpark.withSettings(
        Map.of("spark.sql.catalog.job_session_test", "org.apache.iceberg.spark.SparkCatalog"),
        () -> {
          try (JobSession own = JobSession.of(spark)) {
            assertThat(own.session()).isNotSameAs(before);
          }
        });
  }

  private static Map<String, String> settings(SparkSession session) {
    return Map.copyOf(JavaConverters.mapAsJavaMap(session.conf().getAll()));
  }
}
