package io.github.jsondedup;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The packaged job run as users run it, in a process of its own (integration tests). */
final class JobProcesses {
  static final Path PROJECT = Path.of(System.getProperty("jsondedup.projectDir"));
  static final Path JAR = Path.of(System.getProperty("jsondedup.jar"));
  private static final Path CLASSPATH_DIR = Path.of(System.getProperty("jsondedup.classpathDir"));

  private JobProcesses() {}

  /** What a finished process printed, and how it ended. */
  record Result(int exitCode, String stdout, String stderr) {}

  /**
   * {@code org.apache.spark.deploy.SparkSubmit} (the class behind {@code spark-submit}) on Spark's
   * jars from Maven, submitting the shaded jar; {@code jvmOptions} and {@code extraClasspath} go to
   * the JVM, {@code sparkSubmitArgs} after the class name.
   */
  static List<String> sparkSubmit(
      List<String> jvmOptions, List<Path> extraClasspath, List<String> sparkSubmitArgs)
      throws IOException {
    List<String> classpath = new ArrayList<>();
    extraClasspath.forEach(path -> classpath.add(path.toString()));
    classpath.add(Files.readString(CLASSPATH_DIR.resolve("provided.txt")).strip());
    classpath.add(Files.readString(CLASSPATH_DIR.resolve("runtime.txt")).strip());
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("@" + PROJECT.resolve("conf/java17-spark.args"));
    // The tests' inputs are small: the quick compiler, as the launcher takes for small inputs.
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-Djava.io.tmpdir=" + scratch());
    command.add("-Dlog4j2.configurationFile=" + PROJECT.resolve("conf/log4j2.properties"));
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(String.join(File.pathSeparator, classpath));
    command.add("org.apache.spark.deploy.SparkSubmit");
    command.addAll(List.of("--conf", "spark.ui.enabled=false"));
    command.addAll(List.of("--conf", "spark.driver.host=127.0.0.1"));
    command.addAll(sparkSubmitArgs);
    return command;
  }

  /**
   * {@code json-dedup run runArgs} submitted through {@link #sparkSubmit}, with {@code sparkArgs}
   * (the master, {@code --conf}s) before the jar.
   */
  static List<String> submitRun(
      List<String> jvmOptions, List<Path> extraClasspath, List<String> sparkArgs, String... runArgs)
      throws IOException {
    List<String> submit = new ArrayList<>(sparkArgs);
    submit.addAll(List.of("--class", "io.github.jsondedup.Main", JAR.toString(), "run"));
    submit.addAll(List.of(runArgs));
    return sparkSubmit(jvmOptions, extraClasspath, submit);
  }

  /**
   * {@code json-dedup run runArgs} submitted through {@link #sparkSubmit} on {@code local[2]} with
   * {@code conf/spark-local.conf} and {@code sparkArgs} (more {@code --conf}s), as a user on one
   * machine would submit it.
   */
  static List<String> submitLocalRun(List<String> sparkArgs, String... runArgs) throws IOException {
    List<String> submit = new ArrayList<>();
    submit.addAll(
        List.of(
            "--master",
            "local[2]",
            "--properties-file",
            PROJECT.resolve("conf/spark-local.conf").toString()));
    submit.addAll(sparkArgs);
    return submitRun(List.of(), List.of(), submit, runArgs);
  }

  /** The launcher, {@code bin/json-dedup}, with {@code args}. */
  static List<String> launcher(String... args) {
    List<String> command = new ArrayList<>();
    command.add(PROJECT.resolve("bin/json-dedup").toString());
    command.addAll(List.of(args));
    return command;
  }

  /** Starts {@code command} in the project folder, its output going to {@code stdout}. */
  static Process start(List<String> command, Path stdout, Path stderr) throws IOException {
    return start(command, stdout, stderr, Map.of());
  }

  /** Starts {@code command} with more {@code environment}, as {@link #start} does. */
  static Process start(
      List<String> command, Path stdout, Path stderr, Map<String, String> environment)
      throws IOException {
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(PROJECT.toFile())
            .redirectOutput(stdout.toFile())
            .redirectError(stderr.toFile());
    builder.environment().put("JSON_DEDUP_DRIVER_MEMORY", "1g");
    builder.environment().put("JSON_DEDUP_JAVA_OPTIONS", "-Djava.io.tmpdir=" + scratch());
    builder.environment().putAll(environment);
    return builder.start();
  }

  /**
   * Where the processes' temporary files go (Spark's scratch space follows): a killed process
   * cleans nothing up, and the tests leave nothing in the machine's temporary folder.
   */
  private static Path scratch() {
    try {
      return Files.createDirectories(PROJECT.resolve("target/it-scratch"));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Runs {@code command} to its end (5 minutes at most). */
  static Result run(List<String> command) throws Exception {
    return run(command, Map.of());
  }

  /** Runs {@code command} with more {@code environment} to its end (5 minutes at most). */
  static Result run(List<String> command, Map<String, String> environment) throws Exception {
    Path out = Files.createTempFile("json-dedup-it", ".out");
    Path err = Files.createTempFile("json-dedup-it", ".err");
    try {
      Process process = start(command, out, err, environment);
      if (!process.waitFor(5, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new AssertionError("Timed out: " + command);
      }
      return new Result(
          process.exitValue(),
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  /** Waits for {@code line} in {@code stdout}, or just waits {@code timeout} when it is null. */
  static boolean awaitLine(Path stdout, Path stderr, String line, Duration timeout)
      throws Exception {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      if (line != null && Files.readString(stdout, StandardCharsets.UTF_8).contains(line)) {
        return true;
      }
      Thread.sleep(100);
    }
    if (line != null) {
      throw new AssertionError(
          "No '" + line + "' in time; the job said: " + Files.readString(stderr));
    }
    return false;
  }
}
