package io.github.jsondedup;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.jsondedup.ingest.Columns;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded jar as users run it, in processes of its own: through Spark's own submit path ({@code
 * org.apache.spark.deploy.SparkSubmit}, the class behind {@code spark-submit}, with Spark's jars
 * from Maven) and through the launcher {@code bin/json-dedup}. Both must give the same dataset.
 */
class SparkSubmitIT {
  private static final Path PROJECT = Path.of(System.getProperty("jsondedup.projectDir"));
  private static final Path JAR = Path.of(System.getProperty("jsondedup.jar"));
  private static final Path CLASSPATH_DIR = Path.of(System.getProperty("jsondedup.classpathDir"));

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
            sparkSubmit(
                "--master",
                "local[2]",
                "--class",
                "io.github.jsondedup.Main",
                JAR.toString(),
                "run",
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
    assertThat(rows(viaSubmit)).hasSize(6).isEqualTo(rows(viaLauncher));
  }

  @Test
  void launcherReportsAUsageErrorInOneLineWithExitCodeTwo(@TempDir Path work) throws Exception {
    Result result =
        run(launcher("run", "--input", work.resolve("missing").toString(), "--output", "x"));

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.stderr().strip())
        .isEqualTo(
            "json-dedup run: Input path does not exist: "
                + work.resolve("missing")
                + " (see 'json-dedup run --help')");
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

  private static List<String> rows(Path dataset) {
    return TestSpark.session()
        .read()
        .schema(Columns.DATASET_SCHEMA)
        .parquet(dataset.toString())
        .orderBy(Columns.ID, Columns.TS)
        .collectAsList()
        .stream()
        .map(Row::toString)
        .toList();
  }

  private static List<String> sparkSubmit(String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("@" + PROJECT.resolve("conf/java17-spark.args"));
    command.add("-Dlog4j2.configurationFile=" + PROJECT.resolve("conf/log4j2.properties"));
    command.add("-cp");
    command.add(
        Files.readString(CLASSPATH_DIR.resolve("provided.txt")).strip()
            + File.pathSeparator
            + Files.readString(CLASSPATH_DIR.resolve("runtime.txt")).strip());
    command.add("org.apache.spark.deploy.SparkSubmit");
    command.addAll(List.of("--conf", "spark.ui.enabled=false"));
    command.addAll(List.of("--conf", "spark.driver.host=127.0.0.1"));
    command.addAll(List.of(args));
    return command;
  }

  private static List<String> launcher(String... args) {
    List<String> command = new ArrayList<>();
    command.add(PROJECT.resolve("bin/json-dedup").toString());
    command.addAll(List.of(args));
    return command;
  }

  private record Result(int exitCode, String stdout, String stderr) {}

  private static Result run(List<String> command) throws Exception {
    Path out = Files.createTempFile("json-dedup-it", ".out");
    Path err = Files.createTempFile("json-dedup-it", ".err");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(PROJECT.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile());
    builder.environment().put("JSON_DEDUP_DRIVER_MEMORY", "1g");
    Process process = builder.start();
    if (!process.waitFor(5, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError("Timed out: " + command);
    }
    return new Result(
        process.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }
}
