package io.github.jsondedup.schema;

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

  public static final String NOT_AN_OBJECT_DOCUMENT =
      "not a document of the form {\"records\": [...]}: the file's top-level JSON value is not"
          + " an object";
  public static final String RECORDS_NOT_ARRAY = "records is not an array";

  /** The limit on one string of a record, a value or a name: both readers keep to it. */
  public static final int MAX_STRING_BYTES = 16 * 1024 * 1024;

  public static final String STRING_TOO_LONG =
      "a string over 16 MiB (the limit on one value or field name, in UTF-8 bytes): its text here"
          + " is cut there";
  public static final String GZIP_WITHOUT_EXTENSION =
      "gzip data in a file not named .gz: rename it to end in .gz to have it decompressed";

  /**
   * Why a file that starts with {@code head} is compressed data rather than JSON, or null: what to
   * do about it depends on whether a Hadoop codec reads that format.
   */
  public static String compressedData(byte[] head) {
    if (startsWith(head, 0x1f, 0x8b)) {
      return GZIP_WITHOUT_EXTENSION;
    }
    if (startsWith(head, 'B', 'Z', 'h')) {
      return "bzip2 data in a file not named .bz2: rename it to end in .bz2 to have it"
          + " decompressed";
    }
    String format =
        startsWith(head, 0xfd, '7', 'z', 'X', 'Z', 0x00)
            ? "xz"
            : startsWith(head, 'P', 'K', 0x03, 0x04)
                ? "zip"
                : startsWith(head, 0x28, 0xb5, 0x2f, 0xfd) ? "zstd" : null;
    return format == null
        ? null
        : format
            + " data, which this job does not decompress: decompress it, or compress it as .gz"
            + " or .bz2";
  }

  private static boolean startsWith(byte[] head, int... magic) {
    if (head.length < magic.length) {
      return false;
    }
    for (int i = 0; i < magic.length; i++) {
      if ((head[i] & 0xff) != magic[i]) {
        return false;
      }
    }
    return true;
  }

  public static final String ID_NOT_TEXT = "id is not a string or a number";
  public static final String LONE_SURROGATE =
      "a field holds an unpaired UTF-16 surrogate (an escape like \\ud800 alone), which no UTF-8"
          + " text can hold: fix the producer's escaping";
  public static final String RECORDS_TWICE =
      "the document names records twice, so which array is meant cannot be known";
  public static final String TS_NOT_TEXT =
      "ts is not a string: expected an ISO-8601 instant like 2019-04-23T17:25:43.111Z";

  /**
   * A number with no faithful canonical text: past a double's range, or so small that a double
   * holds it as zero.
   */
  public static String numberOutOfRange(String field, String number) {
    return field
        + NUMBER_OUT_OF_RANGE
        + (number.length() > 40 ? number.substring(0, 40) + "..." : number)
        + "), so it has no faithful text: quote it to keep it as written";
  }

  private static final String NUMBER_OUT_OF_RANGE = " is a number a double cannot hold (";

  private static boolean isNumberOutOfRange(String reason) {
    return reason.contains(NUMBER_OUT_OF_RANGE);
  }

  /** A record naming one of its fields twice: which value is meant cannot be known. */
  public static String duplicateField(String field) {
    return DUPLICATE_FIELD + field + " in the record";
  }

  private static final String DUPLICATE_FIELD = "duplicate field ";

  private static final String NOTHING_READ = "; no record was read from the file";
  private static final String RECORDS_READ = " records before it were read";

  /** A file that stops being a readable document part-way. */
  public static String brokenOff(String what, long recordsKept) {
    return what
        + (recordsKept == 0
            ? NOTHING_READ
            : "; the "
                + recordsKept
                + (recordsKept == 1 ? " record before it was read" : RECORDS_READ));
  }

  /** Whether {@code reason} is that of a file that stopped being a readable document. */
  public static boolean isBreak(String reason) {
    return reason.endsWith(NOTHING_READ)
        || reason.endsWith(RECORDS_READ)
        || reason.endsWith(" record before it was read");
  }

  /**
   * Whether a record rejected for {@code reason} by the streaming parser reads as a good record, or
   * as one rejected for another reason, under Spark's JSON reader (which keeps the last of two
   * fields, replaces unpaired surrogates, turns any value into text and a number past a double's
   * range into {@code Infinity}).
   */
  public static boolean unseenBySparkJson(String reason) {
    return reason.equals(ID_NOT_TEXT)
        || reason.equals(TS_NOT_TEXT)
        || reason.equals(LONE_SURROGATE)
        || reason.startsWith(DUPLICATE_FIELD)
        || isNumberOutOfRange(reason);
  }

  /**
   * {@code reason}, a break's ({@link #isBreak}), said of a reader that keeps none of the file's
   * records when it breaks (Spark's JSON reader reads a document whole or not at all).
   */
  public static String withNothingRead(String reason) {
    return reason.substring(0, reason.lastIndexOf("; ")) + NOTHING_READ;
  }

  /** Something after the document's end: the records are in, the file is still suspect. */
  public static String afterDocument(long recordsKept, String where) {
    return brokenOff("unexpected content after the end of the document " + where, recordsKept);
  }

  /** A listed file that could not be opened (deleted since, or no permission). */
  public static String cannotOpen(Exception e) {
    return "the file cannot be opened: " + e;
  }

  private Reasons() {}
}
