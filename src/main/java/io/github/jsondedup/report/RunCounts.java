package io.github.jsondedup.report;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What one run did with its input (contract rule 9). Every record read is counted once: {@code
 * recordsRead = written + duplicates() + rejected + heldBack}. Records of quarantined files cannot
 * be counted, so those files are counted instead.
 *
 * @param heldBack good records of a run refused for too much bad input ({@code --max-rejected}):
 *     read and checked, but neither ruled on nor written; a run that is not refused holds none back
 */
@JsonIgnoreProperties(value = "duplicates", allowGetters = true)
public record RunCounts(
    long files,
    long quarantinedFiles,
    long recordsRead,
    long written,
    long exactDuplicates,
    long conflicts,
    long alreadyStored,
    long rejected,
    long heldBack) {

  /** The counts of a run that was not refused: nothing held back. */
  public RunCounts(
      long files,
      long quarantinedFiles,
      long recordsRead,
      long written,
      long exactDuplicates,
      long conflicts,
      long alreadyStored,
      long rejected) {
    this(
        files,
        quarantinedFiles,
        recordsRead,
        written,
        exactDuplicates,
        conflicts,
        alreadyStored,
        rejected,
        0);
  }

  /** Duplicates of every kind: in this batch (exact or conflicting) and of stored rows. */
  @JsonProperty
  public long duplicates() {
    return exactDuplicates + conflicts + alreadyStored;
  }

  /** Whether every record read is accounted for. */
  public boolean balanced() {
    return recordsRead == written + duplicates() + rejected + heldBack;
  }
}
