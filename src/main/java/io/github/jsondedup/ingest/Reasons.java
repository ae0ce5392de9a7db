package io.github.jsondedup.ingest;

/** Why a file was quarantined or a record rejected: short, and saying what to fix. */
public final class Reasons {
  public static final String EMPTY_FILE = "empty file: no JSON document";
  public static final String UNREADABLE =
      "not a JSON document of the form {\"records\": [{...}, ...]}: invalid JSON, or records"
          + " is not an array of objects";
  public static final String NO_RECORDS_ARRAY = "no records array in the document";
  public static final String RECORD_NOT_OBJECT = "record is not an object";
  public static final String MISSING_ID = "missing id";
  public static final String EMPTY_ID = "empty id";
  public static final String MISSING_TS = "missing ts";
  public static final String UNPARSABLE_TS =
      "unparsable ts: expected an ISO-8601 instant with Z or an offset, like"
          + " 2019-04-23T17:25:43.111Z, at most 6 fraction digits";
  public static final String TS_OUT_OF_RANGE = "ts out of range: years 0001 to 9999";

  private Reasons() {}
}
