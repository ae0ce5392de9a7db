package io.github.jsondedup;

import static io.github.jsondedup.JobProcesses.PROJECT;
import static io.github.jsondedup.JobProcesses.launcher;
import static io.github.jsondedup.JobProcesses.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.jsondedup.JobProcesses.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scripts in {@code bin/} as a user calls them. */
class ScriptsIT {
  @Test
  void localClusterHelpPrintsItsUsageAndAWrongCommandSaysSo() throws Exception {
    Result help = run(List.of(PROJECT.resolve("bin/local-cluster").toString(), "--help"));
    Result wrong = run(List.of(PROJECT.resolve("bin/local-cluster").toString(), "begin"));

    assertThat(help.exitCode()).isZero();
    assertThat(help.stdout()).startsWith("Usage: bin/local-cluster start | submit ARGS...");
    assertThat(wrong.exitCode()).isEqualTo(2);
    assertThat(wrong.stderr())
        .startsWith("local-cluster: unknown command 'begin'")
        .contains("Usage: bin/local-cluster");
  }

  @Test
  void theLauncherKeepsSparksEventLogWhereTheUserSays(@TempDir Path work) throws Exception {
    Path events = work.resolve("events");
    Path input = Fixtures.copyDataSample(work.resolve("input"));

    Result result =
        run(
            launcher(
                "run", "--input", input.toString(), "--output", work.resolve("out").toString()),
            Map.of("JSON_DEDUP_EVENT_LOG", events.toString()));

    assertThat(result.exitCode()).as(result.stderr()).isZero();
    try (Stream<Path> logs = Files.list(events)) {
      Path log =
          logs.filter(file -> file.getFileName().toString().startsWith("local-"))
              .findFirst()
              .orElseThrow();
      assertThat(Files.readString(log))
          .contains("\"Event\":\"SparkListenerApplicationStart\"")
          .contains("json-dedup: read, validate and spread");
    }
  }

  @Test
  void theLauncherRemovesTheSparkScratchThatKilledRunsLeft(@TempDir Path work) throws Exception {
    Path tmp = Files.createDirectories(work.resolve("tmp"));
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    Path ofAKilledRun = Files.createDirectories(tmp.resolve("json-dedup-scratch-" + gone.pid()));
    Files.writeString(ofAKilledRun.resolve("shuffle_0_0_0.data"), "47 MB of it, once");
    Path ofARunningOne =
        Files.createDirectories(tmp.resolve("json-dedup-scratch-" + ProcessHandle.current().pid()));
    Path input = Fixtures.copyDataSample(work.resolve("input"));

    Result result =
        run(
            launcher(
                "run", "--input", input.toString(), "--output", work.resolve("out").toString()),
            Map.of("JSON_DEDUP_JAVA_OPTIONS", "-Djava.io.tmpdir=" + tmp));

    assertThat(result.exitCode()).as(result.stderr()).isZero();
    assertThat(ofAKilledRun).as("the scratch of a process that is gone").doesNotExist();
    assertThat(ofARunningOne).as("the scratch of a process still running").exists();
    try (Stream<Path> left = Files.list(tmp)) {
      assertThat(left.map(path -> path.getFileName().toString()))
          .as("what the run left: at most its own scratch folder, emptied by Spark")
          .allMatch(name -> name.startsWith("json-dedup-scratch-") || name.startsWith("hsperf"));
    }
  }
}
