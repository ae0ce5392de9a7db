package io.github.jsondedup.cli;

import io.github.jsondedup.generate.DataGenerator;
import io.github.jsondedup.generate.GeneratorSettings;
import io.github.jsondedup.generate.GroundTruth;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code json-dedup generate}: test input with known duplicates, for benchmarks and trials. */
@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    description = {
      "Writes JSON record files shaped like the problem statement's, with duplicates, conflicts"
          + " and files that arrive twice, and beside them "
          + GroundTruth.FILE_NAME
          + ": the rows a correct run stores, per date.",
      "The same options and seed give the same files. No Spark is started."
    })
final class GenerateCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Option(
      names = "--output",
      required = true,
      paramLabel = "DIR",
      description = "A new or empty local directory.")
  private Path output;

  @Option(names = "--files", required = true, paramLabel = "N", description = "Files to write.")
  private int files;

  @Option(
      names = "--records-per-file",
      required = true,
      paramLabel = "K",
      description = "Records in each file.")
  private int recordsPerFile;

  @Option(
      names = "--duplicate-rate",
      paramLabel = "SHARE",
      defaultValue = "0.1",
      description =
          "Share of records that repeat an earlier record's id and ts (default: ${DEFAULT-VALUE}).")
  private double duplicateRate;

  @Option(
      names = "--conflict-share",
      paramLabel = "SHARE",
      defaultValue = "0.5",
      description =
          "Share of those repeats with other data: conflicts (default: ${DEFAULT-VALUE}).")
  private double conflictShare;

  @Option(
      names = "--cross-file-share",
      paramLabel = "SHARE",
      defaultValue = "0.5",
      description =
          "Share of repeats whose first record is in an earlier file (default: ${DEFAULT-VALUE}).")
  private double crossFileShare;

  @Option(
      names = "--copied-files",
      paramLabel = "SHARE",
      defaultValue = "0.02",
      description =
          "Share of files that are copies of an earlier file, arriving again (default:"
              + " ${DEFAULT-VALUE}).")
  private double copiedFiles;

  @Option(
      names = "--days",
      paramLabel = "DAYS",
      defaultValue = "30",
      description =
          "UTC days the timestamps spread over, from 2026-01-01 (default: ${DEFAULT-VALUE}).")
  private int days;

  @Option(
      names = "--seed",
      paramLabel = "S",
      defaultValue = "1",
      description = "Seed (default: ${DEFAULT-VALUE}).")
  private long seed;

  @Option(names = "--compact", description = "One line per file instead of one line per record.")
  private boolean compact;

  @Option(names = "--gzip", description = "Gzip each file (.json.gz).")
  private boolean gzip;

  @Override
  public Integer call() throws Exception {
    requireAtLeastOne("--files", files);
    requireAtLeastOne("--records-per-file", recordsPerFile);
    requireAtLeastOne("--days", days);
    requireShare("--duplicate-rate", duplicateRate);
    requireShare("--conflict-share", conflictShare);
    requireShare("--cross-file-share", crossFileShare);
    requireShare("--copied-files", copiedFiles);
    GeneratorSettings settings =
        new GeneratorSettings(
            files,
            recordsPerFile,
            duplicateRate,
            conflictShare,
            crossFileShare,
            copiedFiles,
            days,
            seed,
            compact,
            gzip);
    long started = System.nanoTime();
    GroundTruth truth = new DataGenerator(settings).writeTo(output);
    spec.commandLine()
        .getOut()
        .printf(
            Locale.ROOT,
            "Wrote %,d records in %,d files to %s in %.1f s: %,d distinct keys, %,d exact"
                + " duplicates, %,d conflicts. Ground truth: %s%n",
            truth.records(),
            truth.files(),
            output,
            (System.nanoTime() - started) / 1e9,
            truth.distinctKeys(),
            truth.exactDuplicates(),
            truth.conflicts(),
            output.resolve(GroundTruth.FILE_NAME));
    return ExitCodes.OK;
  }

  private void requireAtLeastOne(String option, long value) {
    if (value < 1) {
      throw new ParameterException(
          spec.commandLine(), "Invalid " + option + ": " + value + " is less than 1");
    }
  }

  private void requireShare(String option, double value) {
    if (!(value >= 0 && value <= 1)) {
      throw new ParameterException(
          spec.commandLine(),
          "Invalid " + option + ": " + value + " is not a share between 0 and 1");
    }
  }
}
