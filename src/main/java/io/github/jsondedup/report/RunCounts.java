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
 * @param unreadFiles files and folders the file system failed to give after every try: not read,
 *     not counted in {@code files}, and read again by the next run
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
    long heldBack,
    long unreadFiles) {

  /** Counts named one by one, every other count 0: {@code RunCounts.of().files(5).written(3)}. */
  public static Builder of() {
    return new Builder();
  }

  /** The counts of {@link #of()}, each set by its name. */
  public static final class Builder {
    private long files;
    private long quarantinedFiles;
    private long recordsRead;
    private long written;
    private long exactDuplicates;
    private long conflicts;
    private long alreadyStored;
    private long rejected;
    private long heldBack;
    private long unreadFiles;

    private Builder() {}

    public Builder files(long count) {
      files = count;
      return this;
    }

    public Builder quarantinedFiles(long count) {
      quarantinedFiles = count;
      return this;
    }

    public Builder recordsRead(long count) {
      recordsRead = count;
      return this;
    }

    public Builder written(long count) {
      written = count;
      return this;
    }

    public Builder exactDuplicates(long count) {
      exactDuplicates = count;
      return this;
    }

    public Builder conflicts(long count) {
      conflicts = count;
      return this;
    }

    public Builder alreadyStored(long count) {
      alreadyStored = count;
      return this;
    }

    public Builder rejected(long count) {
      rejected = count;
      return this;
    }

    public Builder heldBack(long count) {
      heldBack = count;
      return this;
    }

    public Builder unreadFiles(long count) {
      unreadFiles = count;
      return this;
    }

    public RunCounts build() {
      return new RunCounts(
          files,
          quarantinedFiles,
          recordsRead,
          written,
          exactDuplicates,
          conflicts,
          alreadyStored,
          rejected,
          heldBack,
          unreadFiles);
    }
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
