package io.github.jsondedup.read;

import io.github.jsondedup.schema.RecordStatus;

/**
 * One entry of a parsed file: a record (with its position in the {@code records} array), or the
 * file's own problem (no position) when it is not, or stops being, a readable document.
 *
 * @param text the record's original JSON text, for the audit of a rejected record
 */
record ParsedRecord(
    Long position,
    String id,
    String data,
    String tsText,
    RecordStatus status,
    String reason,
    String text) {

  static ParsedRecord valid(long position, String id, String data, String ts, String text) {
    return new ParsedRecord(position, id, data, ts, RecordStatus.VALID, null, text);
  }

  static ParsedRecord rejected(
      long position, String id, String data, String ts, String reason, String text) {
    return new ParsedRecord(position, id, data, ts, RecordStatus.REJECTED, reason, text);
  }

  static ParsedRecord fileProblem(String reason) {
    return new ParsedRecord(null, null, null, null, RecordStatus.QUARANTINED, reason, null);
  }

  /** A file the file system failed to give, after every try: {@code cause} says how. */
  static ParsedRecord unread(String cause) {
    return new ParsedRecord(null, null, null, null, RecordStatus.UNREAD, cause, null);
  }

  static ParsedRecord noRecords() {
    return new ParsedRecord(null, null, null, null, RecordStatus.NO_RECORDS, null, null);
  }
}
