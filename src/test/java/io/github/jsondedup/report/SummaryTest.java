package io.github.jsondedup.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.jsondedup.schema.Columns;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SummaryTest {
  @Test
  void countsHaveThousandsSeparators() {
    String summary =
        Summary.format(
            report(
                Columns.DEFAULT_KEY,
                RunCounts.of()
                    .files(1_000)
                    .quarantinedFiles(2)
                    .recordsRead(10_000_000)
                    .written(9_500_000)
                    .exactDuplicates(1_000)
                    .conflicts(2_000)
                    .alreadyStored(497_000)
                    .build(),
                List.of("2019-04-23")));

    assertThat(summary)
        .contains("9,500,000 records written")
        .contains("files       1,000 read, 2 quarantined")
        .contains(
            "records     10,000,000 read = 9,500,000 written + 500,000 duplicates + 0 rejected")
        .contains("duplicates  1,000 exact, 2,000 conflicting (same key, other data), 497,000");
  }

  @Test
  void aRefusedRunSaysWhatItHeldBackSoTheRecordsAddUp() {
    String summary =
        Summary.format(
            report(
                Columns.DEFAULT_KEY,
                RunCounts.of().files(1).recordsRead(14).rejected(5).heldBack(9).build(),
                List.of()));

    assertThat(summary)
        .contains(
            "records     14 read = 0 written + 0 duplicates + 5 rejected + 9 held back (the run"
                + " was refused)");
  }

  @Test
  void aConflictIsNamedByTheFieldsOutsideTheKey() {
    RunCounts counts = RunCounts.of().files(1).recordsRead(2).written(1).conflicts(1).build();

    assertThat(Summary.format(report(List.of(Columns.ID), counts, List.of())))
        .contains("1 conflicting (same key, other data or ts)");
    assertThat(Summary.format(report(List.of(Columns.ID, Columns.DATA), counts, List.of())))
        .contains("1 conflicting (same key, other ts)");
  }

  @Test
  void manyPartitionsAreSaidAsTheirCountFirstAndLast() {
    List<String> thirty =
        IntStream.range(0, 30)
            .mapToObj(day -> LocalDate.parse("2019-04-01").plusDays(day).toString())
            .toList();

    assertThat(Summary.partitions(thirty))
        .isEqualTo("30 dates, date=2019-04-01 to date=2019-04-30 (the report lists them)");
    assertThat(Summary.partitions(thirty.subList(0, 2)))
        .isEqualTo("date=2019-04-01, date=2019-04-02");
    assertThat(Summary.partitions(List.of())).isEqualTo("none");
  }

  private static RunReport report(List<String> key, RunCounts counts, List<String> partitions) {
    return new RunReport(
        "run-1",
        RunReport.SUCCEEDED,
        0,
        "test",
        "streaming",
        "2026-01-01T00:00:00Z",
        "2026-01-01T00:00:01Z",
        List.of("in"),
        List.of(),
        List.of(),
        0,
        "out",
        "out/_ingest",
        "out/_ingest/runs/run-1.json",
        key,
        counts,
        partitions,
        Map.of(),
        0,
        0,
        List.of(),
        null,
        0,
        Map.of("total", 1000L),
        Map.of(),
        List.of(),
        null,
        null);
  }
}
