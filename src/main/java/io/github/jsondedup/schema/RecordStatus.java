package io.github.jsondedup.schema;

import java.util.Locale;

/**
 * What became of one input row. Every record read ends in exactly one of WRITTEN, DUPLICATE,
 * CONFLICT, ALREADY_STORED or REJECTED, which is what makes {@code read = written + duplicates +
 * rejected} hold; QUARANTINED, NO_RECORDS and UNREAD rows stand for whole files.
 */
public enum RecordStatus {
  /** Passed validation; the dedup step has not ruled on it yet. */
  VALID,
  /** The survivor of its key: goes into the dataset. */
  WRITTEN,
  /** Same key and same values as its survivor. */
  DUPLICATE,
  /** Same key as its survivor, different values: counted apart and kept for audit. */
  CONFLICT,
  /** Its key is already in the dataset from an earlier run, which always wins. */
  ALREADY_STORED,
  /** A record that cannot be stored (no id, no ts, bad ts): kept with a reason. */
  REJECTED,
  /** A whole file that could not be read as a document: kept with a reason. */
  QUARANTINED,
  /** Marks a valid file whose {@code records} array is empty, so that it is seen as read. */
  NO_RECORDS,
  /**
   * A whole file the file system failed to give (contract rule 6): not bad data, so neither
   * quarantined nor logged as read; the run drops whatever it read of it, and the next run reads it
   * again.
   */
  UNREAD;

  private static final RecordStatus[] BY_CODE = values();

  /**
   * The status as one byte, where Spark's row would take 16 for its text: the {@code status}
   * column's value from the reader to the audit. Codes live only within a run; what is written for
   * people (the report, the audit files) is {@link #value()}.
   */
  @SuppressWarnings("EnumOrdinal")
  public byte code() {
    return (byte) ordinal();
  }

  /** The status of {@code code}. */
  public static RecordStatus ofCode(int code) {
    return BY_CODE[code];
  }

  /** The value stored in the {@link Columns#STATUS} column. */
  public String value() {
    return name().toLowerCase(Locale.ROOT);
  }
}
