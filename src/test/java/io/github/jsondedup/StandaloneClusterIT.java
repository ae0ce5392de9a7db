package io.github.jsondedup;

import static io.github.jsondedup.Datasets.storedRows;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.jsondedup.JobProcesses.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.io.FileUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded jar on a real Spark standalone cluster (a master and 3 workers started by {@code
 * bin/local-cluster}, on ports of its own), in cluster and client deploy mode.
 */
class StandaloneClusterIT {
  private static final String PORT = "17077";
  private static final String UI_PORT = "18080";

  @TempDir static Path input;
  @TempDir static Path state;
  @TempDir static Path localRun;
  private static List<String> expected;

  @BeforeAll
  static void startClusterAndRunLocally() throws Exception {
    Fixtures.copyDataSample(input);
    expected = Datasets.rowsOfALocalRun(input, localRun);
    Result started = cluster("start");
    assertThat(started.exitCode()).as(started.stderr()).isZero();
  }

  @AfterAll
  static void stopCluster() throws Exception {
    cluster("stop");
    // The cluster's Spark home links Maven's jars: removed here, links and not their targets, so
    // that JUnit need not warn that it does the same.
    FileUtils.deleteDirectory(state.resolve("spark-home").toFile());
  }

  @Test
  void clusterDeployModeWritesWhatALocalRunWritesWithExecutorsOnEveryWorker(@TempDir Path work)
      throws Exception {
    Path output = work.resolve("dataset");

    Result submit =
        cluster("submit", "run", "--input", input.toString(), "--output", output.toString());

    assertThat(submit.exitCode()).as(submit.stderr()).isZero();
    assertThat(submit.stdout()).contains("6 records written to");
    assertThat(submit.stderr()).contains(" FINISHED");
    assertThat(storedRows(output)).isEqualTo(expected);
    for (int worker = 1; worker <= 3; worker++) {
      try (Stream<Path> apps = Files.list(state.resolve("work-" + worker))) {
        assertThat(apps.map(path -> path.getFileName().toString()))
            .as("executors on worker %d", worker)
            .anyMatch(name -> name.startsWith("app-"));
      }
    }
  }

  @Test
  void clientDeployModeWritesWhatALocalRunWrites(@TempDir Path work) throws Exception {
    Path output = work.resolve("dataset");

    Result submit =
        JobProcesses.run(
            JobProcesses.submitRun(
                List.of(),
                List.of(),
                List.of(
                    "--master",
                    "spark://127.0.0.1:" + PORT,
                    "--deploy-mode",
                    "client",
                    "--properties-file",
                    JobProcesses.PROJECT.resolve("conf/spark-standalone.conf").toString(),
                    "--conf",
                    "spark.cores.max=3"),
                "--input",
                input.toString(),
                "--output",
                output.toString()));

    assertThat(submit.exitCode()).as(submit.stderr()).isZero();
    assertThat(storedRows(output)).isEqualTo(expected);
  }

  @Test
  void aDriverThatFailsInClusterModeFailsTheSubmission(@TempDir Path work) throws Exception {
    Result submit =
        cluster(
            "submit",
            "run",
            "--input",
            work.resolve("missing").toString(),
            "--output",
            work.resolve("dataset").toString());

    assertThat(submit.exitCode()).as("a usage error, as the job's own exit code").isEqualTo(2);
    assertThat(submit.stderr())
        .contains(" FAILED")
        .contains("json-dedup run: Invalid --input: " + work.resolve("missing") + " does not exist")
        .doesNotContain("Launch Command");
  }

  private static Result cluster(String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>();
    command.add(JobProcesses.PROJECT.resolve("bin/local-cluster").toString());
    command.addAll(List.of(args));
    return JobProcesses.run(
        command,
        Map.of(
            "LOCAL_CLUSTER_DIR", state.toString(),
            "LOCAL_CLUSTER_PORT", PORT,
            "LOCAL_CLUSTER_UI_PORT", UI_PORT));
  }
}
