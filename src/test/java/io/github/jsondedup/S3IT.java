package io.github.jsondedup;

import static io.github.jsondedup.Datasets.storedRows;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.s3.model.ListMultipartUploadsRequest;
import io.github.jsondedup.JobProcesses.Result;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.io.IOUtils;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded jar reading {@code s3a://} input and writing {@code s3a://} output through the S3A
 * magic committer, against a real S3-compatible server (S3Proxy) in a process of its own.
 */
class S3IT {
  private static final String BUCKET = "lake";
  private static final String INPUT = "s3a://" + BUCKET + "/incoming";
  private static final String OUTPUT = "s3a://" + BUCKET + "/dataset";

  @TempDir static Path work;
  private static S3ProxyServer s3;
  private static FileSystem bucket;
  private static List<String> expected;

  @BeforeAll
  static void startS3AndUploadTheSample() throws Exception {
    Path sample = Fixtures.copyDataSample(work.resolve("sample"));
    s3 = S3ProxyServer.start(work);
    s3.client().createBucket(BUCKET);
    bucket = FileSystem.newInstance(URI.create(INPUT), s3.hadoopConfiguration());
    Fixtures.upload(sample, bucket, INPUT);
    expected = Datasets.rowsOfALocalRun(sample, work.resolve("local-run"));
  }

  @AfterAll
  static void stopS3() throws Exception {
    if (bucket != null) {
      bucket.close();
    }
    if (s3 != null) {
      s3.close();
    }
  }

  @Test
  void theMagicCommitterWritesWhatALocalRunWritesAndARerunAddsNothing() throws Exception {
    Result first = submit();

    assertThat(first.exitCode()).as(first.stderr()).isZero();
    // S3A's metrics system finds no configuration file of its own, which is as meant: no warning.
    assertThat(first.stderr()).doesNotContain("MetricsConfig");
    assertThat(first.stdout()).contains("6 records written to " + OUTPUT);
    assertThat(rowsInBucket("first")).isEqualTo(expected);
    assertThat(text(OUTPUT + "/_SUCCESS"))
        .as("the success marker names the committer that wrote the files")
        .contains("\"committer\" : \"magic\"");
    assertThat(bucket.exists(new org.apache.hadoop.fs.Path(OUTPUT + "/__magic")))
        .as("the magic committer's work area is gone after the job commit")
        .isFalse();
    assertThat(
            s3.client()
                .listMultipartUploads(new ListMultipartUploadsRequest(BUCKET))
                .getMultipartUploads())
        .as("no multipart upload left pending")
        .isEmpty();

    Result rerun = submit();

    assertThat(rerun.exitCode()).as(rerun.stderr()).isZero();
    assertThat(rerun.stdout()).contains("0 records written to " + OUTPUT);
    assertThat(rowsInBucket("rerun")).isEqualTo(expected);
  }

  @Test
  void credentialsAreFoundInAnAwsProfileFile() throws Exception {
    String output = "s3a://" + BUCKET + "/dataset-with-profile";
    // The SDK's variable for the location of ~/.aws/credentials, so the test leaves $HOME alone.
    Map<String, String> environment =
        Map.of("AWS_CREDENTIAL_PROFILES_FILE", s3.credentialsFile(work).toString());

    Result run =
        JobProcesses.run(
            JobProcesses.submitLocalRun(
                s3.sparkSubmitArgsWithoutCredentials(), "--input", INPUT, "--output", output),
            environment);

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    assertThat(run.stdout()).contains("6 records written to " + output);
  }

  @Test
  void tableModeCommitsToAnIcebergTableInTheBucket() throws Exception {
    String warehouse = "s3a://" + BUCKET + "/warehouse";
    List<String> catalog = new ArrayList<>(s3.sparkSubmitArgs());
    catalog.addAll(
        List.of("--conf", "spark.sql.catalog.lake=org.apache.iceberg.spark.SparkCatalog"));
    catalog.addAll(List.of("--conf", "spark.sql.catalog.lake.type=hadoop"));
    catalog.addAll(List.of("--conf", "spark.sql.catalog.lake.warehouse=" + warehouse));

    Result first =
        JobProcesses.run(
            JobProcesses.submitLocalRun(catalog, "--input", INPUT, "--table", "lake.db.events"));
    Result rerun =
        JobProcesses.run(
            JobProcesses.submitLocalRun(catalog, "--input", INPUT, "--table", "lake.db.events"));

    assertThat(first.exitCode()).as(first.stderr()).isZero();
    assertThat(first.stdout())
        .contains("6 records written to lake.db.events")
        .contains("report      " + warehouse + "/db/events_ingest/runs/");
    assertThat(rerun.exitCode()).as(rerun.stderr()).isZero();
    assertThat(rerun.stdout()).contains("0 records written to lake.db.events");
    // The test's own session reads the table through a catalog of its own on the same bucket.
    SparkSession spark = TestSpark.session();
    spark.conf().set("spark.sql.catalog.lake_reader", "org.apache.iceberg.spark.SparkCatalog");
    spark.conf().set("spark.sql.catalog.lake_reader.type", "hadoop");
    spark.conf().set("spark.sql.catalog.lake_reader.warehouse", warehouse);
    s3.s3aSettings()
        .forEach(
            (key, value) -> spark.conf().set("spark.sql.catalog.lake_reader.hadoop." + key, value));
    assertThat(TestTables.rows("lake_reader.db.events")).isEqualTo(expected);
  }

  private static Result submit() throws Exception {
    return JobProcesses.run(
        JobProcesses.submitLocalRun(s3.sparkSubmitArgs(), "--input", INPUT, "--output", OUTPUT));
  }

  /** The dataset in the bucket, copied to local disk and read back. */
  private static List<String> rowsInBucket(String copyName) throws Exception {
    Path copy = work.resolve(copyName);
    FileUtil.copy(
        bucket, new org.apache.hadoop.fs.Path(OUTPUT), copy.toFile(), false, bucket.getConf());
    return storedRows(copy);
  }

  private static String text(String path) throws Exception {
    try (var in = bucket.open(new org.apache.hadoop.fs.Path(path))) {
      return new String(IOUtils.readFullyToByteArray(in), StandardCharsets.UTF_8);
    }
  }
}
