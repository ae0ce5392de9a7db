package io.github.jsondedup;

import static io.github.jsondedup.Datasets.storedRows;
import static io.github.jsondedup.JobProcesses.JAR;
import static io.github.jsondedup.JobProcesses.launcher;
import static io.github.jsondedup.JobProcesses.run;
import static io.github.jsondedup.JobProcesses.start;
import static io.github.jsondedup.JobProcesses.submitRun;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.jsondedup.JobProcesses.Result;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded jar as users run it, in processes of its own: through Spark's own submit path ({@code
 * org.apache.spark.deploy.SparkSubmit}, the class behind {@code spark-submit}, with Spark's jars
 * from Maven) and through the launcher {@code bin/json-dedup}. Both must give the same dataset.
 */
class SparkSubmitIT {

  @TempDir static Path input;

  @BeforeAll
  static void copySample() {
    Fixtures.copyDataSample(input);
  }

  @Test
  void sparkSubmitAndTheLauncherWriteTheSameDataset(@TempDir Path work) throws Exception {
    Path viaSubmit = work.resolve("submit");
    Path viaLauncher = work.resolve("launcher");

    Result submit =
        run(
            submitRun(
                List.of(),
                List.of(),
                List.of("--master", "local[2]"),
                "--input",
                input.toString(),
                "--output",
                viaSubmit.toString()));
    Result launcher =
        run(launcher("run", "--input", input.toString(), "--output", viaLauncher.toString()));

    assertThat(submit.exitCode()).as(submit.stderr()).isZero();
    assertThat(launcher.exitCode()).as(launcher.stderr()).isZero();
    assertThat(launcher.stdout())
        .contains("6 records written to")
        .contains("records     14 read = 6 written + 4 duplicates + 4 rejected");
    assertThat(storedRows(viaSubmit)).hasSize(6).isEqualTo(storedRows(viaLauncher));
  }

  @Test
  void twoJobsStartedAtOnceOnOneOutputLeaveTheDatasetOfOneRun(@TempDir Path work) throws Exception {
    Path output = work.resolve("dataset");
    List<String> command =
        submitRun(
            List.of(),
            List.of(),
            List.of("--master", "local[1]"),
            "--input",
            input.toString(),
            "--output",
            output.toString());
    Process first = start(command, work.resolve("1.out"), work.resolve("1.err"));
    Process second = start(command, work.resolve("2.out"), work.resolve("2.err"));

    List<Integer> exitCodes = List.of(first.waitFor(), second.waitFor());

    // Refused with code 3, or, if it reached the lock after the first run ended, nothing added.
    assertThat(exitCodes).contains(0).allMatch(code -> code == 0 || code == 3);
    assertThat(storedRows(output)).hasSize(6).doesNotHaveDuplicates();
  }

  @Test
  void launcherReportsAUsageErrorInOneLineWithExitCodeTwo(@TempDir Path work) throws Exception {
    Result result =
        run(launcher("run", "--input", work.resolve("missing").toString(), "--output", "x"));

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.stderr().strip())
        .isEqualTo(
            "json-dedup run: Invalid --input: "
                + work.resolve("missing")
                + " does not exist (see 'json-dedup run --help')");
  }

  @Test
  void shadedJarHoldsTheAppAndPicocliButNothingOfSparkOrHadoop() throws IOException {
    try (JarFile jar = new JarFile(JAR.toFile())) {
      List<String> classes =
          jar.stream().map(JarEntry::getName).filter(name -> name.endsWith(".class")).toList();

      assertThat(classes)
          .allMatch(name -> name.startsWith("io/github/jsondedup/"), "our package only");
      assertThat(classes).anyMatch(name -> name.startsWith("io/github/jsondedup/shaded/picocli/"));
      assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class"))
          .isEqualTo("io.github.jsondedup.Main");
    }
  }
}
