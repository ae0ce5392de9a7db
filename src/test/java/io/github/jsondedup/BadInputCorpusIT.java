package io.github.jsondedup;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.jsondedup.JobProcesses.Result;
import io.github.jsondedup.read.BadInputCorpus;
import io.github.jsondedup.read.BadInputCorpus.Case;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole bad-input corpus in one run of the launcher, as a user would meet it: the run succeeds,
 * prints no stack trace, accounts for every record and writes its report.
 */
class BadInputCorpusIT {
  private static final Pattern BALANCE =
      Pattern.compile(
          "records +([\\d,]+) read = ([\\d,]+) written \\+ ([\\d,]+) duplicates \\+ ([\\d,]+)"
              + " rejected");

  @Test
  void noBrokenInputStopsTheRunOrPrintsAStackTrace(@TempDir Path input, @TempDir Path work)
      throws Exception {
    List<Case> cases = BadInputCorpus.cases();
    for (int i = 0; i < cases.size(); i++) {
      Fixtures.write(input, cases.get(i).fileName(), i, cases.get(i).bytes());
    }
    Path output = work.resolve("dataset");

    Result run =
        JobProcesses.run(
            JobProcesses.launcher(
                "run", "--input", input.toString(), "--output", output.toString()));

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    assertThat(run.stderr()).doesNotContain("\tat ").doesNotContain("Exception in");
    Matcher balance = BALANCE.matcher(run.stdout());
    assertThat(balance.find()).as(run.stdout()).isTrue();
    assertThat(count(balance.group(1)))
        .isEqualTo(count(balance.group(2)) + count(balance.group(3)) + count(balance.group(4)));
    assertThat(run.stdout()).contains(cases.size() + " read, ");
    assertEveryCaseKeptAsItsOwnRunWouldKeepIt(cases, input, output);
    try (Stream<Path> reports = Files.list(output.resolve("_ingest/runs"))) {
      assertThat(reports.map(path -> path.getFileName().toString()))
          .filteredOn(name -> !name.startsWith(".")) // Hadoop's checksum files
          .singleElement()
          .asString()
          .endsWith(".json");
    }
  }

  /** A count as the summary prints it, with thousands separators. */
  private static long count(String printed) {
    return Long.parseLong(printed.replace(",", ""));
  }

  /**
   * Each case's rejected records (with their reasons, in position order) and quarantined file, and
   * the ids that land: what a run of the case alone keeps (the corpus's good records repeat from
   * file to file, so the dataset is checked as the union).
   */
  private static void assertEveryCaseKeptAsItsOwnRunWouldKeepIt(
      List<Case> cases, Path input, Path output) {
    List<String> rejected =
        Datasets.auditRows(output, "rejected", "source_file", "source_position", "reason");
    List<String> quarantined = Datasets.auditRows(output, "quarantined", "source_file", "reason");
    Set<String> expectedIds = new TreeSet<>();
    for (Case bad : cases) {
      String source = "file:" + input.resolve(bad.fileName());
      assertThat(
              rejected.stream()
                  .filter(line -> line.startsWith(source + "|"))
                  .sorted(Comparator.comparingLong(line -> Long.parseLong(line.split("\\|")[1])))
                  .map(line -> line.split("\\|", 3)[2]))
          .as(bad.name())
          .containsExactlyElementsOf(bad.rejected());
      List<String> kept =
          quarantined.stream().filter(line -> line.startsWith(source + "|")).toList();
      if (bad.quarantined() == null) {
        assertThat(kept).as(bad.name()).isEmpty();
      } else {
        assertThat(kept)
            .as(bad.name())
            .singleElement()
            .asString()
            .startsWith(source + "|" + bad.quarantined());
      }
      if (bad.written() != null) {
        expectedIds.addAll(bad.written());
      }
    }
    Set<String> stored = new TreeSet<>();
    Datasets.storedRows(output).forEach(row -> stored.add(row.split("\\|")[0]));
    assertThat(stored).containsAll(expectedIds);
    assertThat(stored)
        .filteredOn(id -> !expectedIds.contains(id))
        .allMatch(id -> id.startsWith("r"));
  }
}
