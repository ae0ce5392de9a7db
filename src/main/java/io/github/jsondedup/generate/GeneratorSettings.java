package io.github.jsondedup.generate;

/**
 * What {@code json-dedup generate} makes: {@code files} files of {@code recordsPerFile} records.
 *
 * @param duplicateRate share of the records in original files that repeat an earlier record's key
 * @param conflictShare share of those repeats whose {@code data} differs from the survivor's
 * @param crossFileShare share of the repeats whose earlier record is in an earlier file (the rest
 *     repeat a record earlier in the same file)
 * @param copiedFiles share of the files that are byte copies of an earlier file, arriving later
 * @param days the records' timestamps spread over this many UTC days from 2026-01-01
 */
public record GeneratorSettings(
    int files,
    int recordsPerFile,
    double duplicateRate,
    double conflictShare,
    double crossFileShare,
    double copiedFiles,
    int days,
    long seed,
    boolean compact,
    boolean gzip) {

  /** Files written from scratch; the rest are copies of them. */
  int originalFiles() {
    return Math.max(1, files - (int) Math.round(files * copiedFiles));
  }

  long records() {
    return (long) files * recordsPerFile;
  }
}
