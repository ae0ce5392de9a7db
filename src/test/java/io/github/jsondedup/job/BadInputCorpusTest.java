package io.github.jsondedup.job;

import static io.github.jsondedup.Fixtures.document;
import static io.github.jsondedup.Fixtures.record;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.jsondedup.Datasets;
import io.github.jsondedup.Fixtures;
import io.github.jsondedup.TestSpark;
import io.github.jsondedup.config.RunSettings;
import io.github.jsondedup.read.BadInputCorpus;
import io.github.jsondedup.read.BadInputCorpus.Case;
import io.github.jsondedup.report.RunCounts;
import io.github.jsondedup.report.RunReport;
import io.github.jsondedup.schema.Columns;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every case of {@link BadInputCorpus}, run beside a good file: the good records land, the bad ones
 * are rejected or quarantined with their reason, and every record read is accounted for.
 */
class BadInputCorpusTest {
  @TempDir Path input;
  @TempDir Path output;

  static Stream<Case> cases() {
    return BadInputCorpus.cases().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void badInputIsKeptAsideWithItsReasonAndGoodInputLands(Case bad) {
    Path file = Fixtures.write(input, bad.fileName(), 0, bad.bytes());
    Fixtures.write(input, "good.json", 1, document(record("other", "O", BadInputCorpus.TS)));
    String source = "file:" + file;

    RunReport report =
        new IngestJob(
                TestSpark.session(),
                RunSettings.of(List.of(input.toString()), output.toString())
                    .withKey(Columns.DEFAULT_KEY))
            .run();

    List<String> stored = ids(Datasets.storedRows(output));
    if (bad.written() == null) {
      assertThat(stored).contains("other").anyMatch(id -> id.startsWith("r"));
    } else {
      List<String> expected = new ArrayList<>(bad.written());
      expected.add("other");
      assertThat(stored).containsExactlyInAnyOrderElementsOf(expected);
    }
    List<String> rejected =
        Datasets.auditRows(report, "rejected", "source_position", "reason", "source_file").stream()
            .sorted(
                java.util.Comparator.comparingLong(line -> Long.parseLong(line.split("\\|")[0])))
            .toList();
    assertThat(rejected)
        .extracting(line -> line.split("\\|")[1])
        .containsExactlyElementsOf(bad.rejected());
    assertThat(rejected).allSatisfy(line -> assertThat(line).endsWith("|" + source));
    assertThat(Datasets.auditRows(report, "rejected", "source_text"))
        .allSatisfy(text -> assertThat(text).isNotBlank());
    List<String> quarantined = Datasets.auditRows(report, "quarantined", "source_file", "reason");
    if (bad.quarantined() == null) {
      assertThat(quarantined).isEmpty();
    } else {
      assertThat(quarantined)
          .singleElement()
          .asString()
          .startsWith(source + "|" + bad.quarantined());
    }
    RunCounts counts = report.counts();
    assertThat(counts.recordsRead())
        .as("read = written + duplicates + rejected")
        .isEqualTo(counts.written() + counts.duplicates() + counts.rejected());
    assertThat(counts.rejected()).isEqualTo(bad.rejected().size());
    assertThat(counts.written()).isEqualTo(stored.size());
  }

  private static List<String> ids(List<String> rows) {
    return rows.stream().map(row -> row.substring(0, row.indexOf('|'))).toList();
  }
}
