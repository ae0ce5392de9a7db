package io.github.jsondedup;

import static io.github.jsondedup.Datasets.storedRows;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.jsondedup.JobProcesses.Result;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shaded jar reading and writing {@code hdfs://} on a real HDFS (a MiniDFSCluster). */
class HdfsIT {
  @TempDir static Path work;
  private static MiniDFSCluster hdfs;
  private static FileSystem fileSystem;
  private static String input;
  private static String output;
  private static List<String> expected;

  @BeforeAll
  static void startHdfsAndUploadTheSample() throws Exception {
    Path sample = Fixtures.copyDataSample(work.resolve("sample"));
    hdfs =
        new MiniDFSCluster.Builder(new Configuration(), work.resolve("hdfs").toFile())
            .numDataNodes(1)
            .build();
    hdfs.waitActive();
    fileSystem = hdfs.getFileSystem();
    String root = "hdfs://127.0.0.1:" + hdfs.getNameNodePort();
    input = root + "/landing/incoming";
    output = root + "/lake/dataset";
    Fixtures.upload(sample, fileSystem, input);
    expected = Datasets.rowsOfALocalRun(sample, work.resolve("local-run"));
  }

  @AfterAll
  static void stopHdfs() {
    if (hdfs != null) {
      hdfs.shutdown(true);
    }
  }

  @Test
  void aRunOnHdfsWritesWhatALocalRunWritesAndARerunAddsNothing() throws Exception {
    Result first = submit();

    assertThat(first.exitCode()).as(first.stderr()).isZero();
    assertThat(first.stdout()).contains("6 records written to " + output);
    assertThat(rowsOnHdfs("first")).isEqualTo(expected);
    assertThat(fileSystem.exists(new org.apache.hadoop.fs.Path(output, "_temporary")))
        .as("no committer work area left behind")
        .isFalse();

    Result rerun = submit();

    assertThat(rerun.exitCode()).as(rerun.stderr()).isZero();
    assertThat(rerun.stdout()).contains("0 records written to " + output);
    assertThat(rowsOnHdfs("rerun")).isEqualTo(expected);
  }

  private static Result submit() throws Exception {
    return JobProcesses.run(
        JobProcesses.submitLocalRun(List.of(), "--input", input, "--output", output));
  }

  /** The dataset on HDFS, copied to local disk and read back. */
  private static List<String> rowsOnHdfs(String copyName) throws Exception {
    Path copy = work.resolve(copyName);
    FileUtil.copy(
        fileSystem,
        new org.apache.hadoop.fs.Path(output),
        copy.toFile(),
        false,
        fileSystem.getConf());
    return storedRows(copy);
  }
}
