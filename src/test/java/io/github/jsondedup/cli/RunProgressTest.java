package io.github.jsondedup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RunProgressTest {
  @Test
  void theLineSaysTheStepTheRecordsReadTheirRateAndTheTasks() {
    assertThat(
            RunProgress.line(
                "json-dedup: read, validate and spread 1000 files",
                2_400_000,
                12.0,
                12.0,
                7,
                4_000))
        .isEqualTo(
            "json-dedup: read, validate and spread 1000 files · 2,400,000 rows read (200,000/s)"
                + " · tasks 7/4,000 · 12 s");
  }

  @Test
  void afterReadingTheRateIsThatOfReadingNotOfTheWholeRun() {
    assertThat(RunProgress.line("json-dedup: dedupe and write", 2_400_000, 12.0, 60.0, 1, 4))
        .isEqualTo(
            "json-dedup: dedupe and write · 2,400,000 rows read (200,000/s) · tasks 1/4 · 60 s");
  }

  @Test
  void beforeAnyRecordOrTaskTheLineSaysOnlyTheStepAndTheTime() {
    assertThat(RunProgress.line("json-dedup: write new rows", 0, 0, 3.4, 0, 0))
        .isEqualTo("json-dedup: write new rows · 3 s");
  }
}
