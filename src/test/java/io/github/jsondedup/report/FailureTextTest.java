package io.github.jsondedup.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;

/** A failure of the environment in one line: what, where, what to do (contract rule 6). */
class FailureTextTest {
  @Test
  void aFullDiskUnderSparksLayersIsSaidFromItsInnermostCauseAndTheOutputItNames() {
    Throwable error =
        new IllegalStateException(
            "Job aborted due to stage failure: Task 1 in stage 2.0 failed 1 times, most recent"
                + " failure: Lost task 1.0: org.apache.spark.SparkException: [TASK_WRITE_FAILED]"
                + " Task failed while writing rows to file:/data/out.\n\tat org.apache...",
            new RuntimeException(
                "[TASK_WRITE_FAILED] Task failed while writing rows to file:/data/out.",
                new Error(
                    "java.io.IOException: No space left on device",
                    new IOException("No space left on device"))));

    assertThat(FailureText.of(error, "nothing was stored"))
        .isEqualTo(
            "cannot write file:/data/out: No space left on device; nothing was stored, run again"
                + " when there is space");
  }

  @Test
  void aPermissionNamesThePathOnceAndWhatToDo() {
    Throwable error =
        new UncheckedIOException(
            "Cannot take the lock file:/out/_ingest/lock: Permission denied",
            new IOException("Permission denied: file:/out/_ingest/lock"));

    assertThat(FailureText.of(error, "nothing was stored"))
        .isEqualTo(
            "cannot write file:/out/_ingest/lock: Permission denied; nothing was stored, give this"
                + " user the right to write there, and run again");
  }

  @Test
  void runningOutOfMemorySaysHowToGiveMore() {
    assertThat(
            FailureText.of(
                new RuntimeException("task failed", new OutOfMemoryError("Java heap space")),
                "nothing was stored"))
        .startsWith("ran out of memory (Java heap space); nothing was stored: give the run more");
    assertThat(FailureText.isOutOfMemory(new RuntimeException("x"))).isFalse();
  }

  @Test
  void aFailureOfNoKnownKindStillFitsOneLine() {
    String line =
        FailureText.of(new IllegalStateException("something odd\n\tat a.b.C(C.java:1)"), null);

    assertThat(line)
        .doesNotContain("\n")
        .contains("something odd")
        .endsWith("--verbose shows the stack trace)");
  }
}
