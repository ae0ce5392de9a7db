package io.github.jsondedup.read;

import static io.github.jsondedup.Fixtures.record;

import io.github.jsondedup.Fixtures;
import io.github.jsondedup.schema.Reasons;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Broken inputs as real producers send them, each with what the job must make of it: the records
 * that land, the reasons of the rejected ones, and the reason a file is quarantined for. Every case
 * file also holds (where it can) one good record, {@code keep}, which must land whatever the rest.
 */
public final class BadInputCorpus {
  public static final String TS = "2019-04-23T10:00:00Z";
  static final String GOOD = record("keep", "K", TS);

  /**
   * One broken input.
   *
   * @param fileName the name it is written under (its extension picks the codec)
   * @param written the ids that must land
   * @param rejected the reasons of the records that must be rejected, in position order
   * @param quarantined the start of the reason the file is quarantined for, or null
   */
  public record Case(
      String name,
      String fileName,
      byte[] bytes,
      List<String> written,
      List<String> rejected,
      String quarantined) {
    @Override
    public String toString() {
      return name;
    }
  }

  private BadInputCorpus() {}

  public static List<Case> cases() {
    return List.of(
        quarantined(
            "truncated document",
            "{\"records\": [" + GOOD + ", {\"id\": \"2\", \"ts\": \"2019-",
            List.of("keep"),
            Reasons.brokenOff("the file ends in the middle of the document", 1)),
        quarantined("empty file", "", List.of(), Reasons.EMPTY_FILE),
        quarantined("whitespace only", " \n\t\r\n  ", List.of(), Reasons.EMPTY_FILE),
        quarantined(
            "records missing", "{\"rows\": [" + GOOD + "]}", List.of(), Reasons.NO_RECORDS_ARRAY),
        quarantined("records null", "{\"records\": null}", List.of(), Reasons.NO_RECORDS_ARRAY),
        quarantined(
            "records an object",
            "{\"records\": " + GOOD + "}",
            List.of(),
            Reasons.RECORDS_NOT_ARRAY),
        quarantined(
            "records a string", "{\"records\": \"[]\"}", List.of(), Reasons.RECORDS_NOT_ARRAY),
        rejected("record a number", "42", Reasons.RECORD_NOT_OBJECT),
        rejected("record an array", "[" + GOOD + "]", Reasons.RECORD_NOT_OBJECT),
        rejected("record null", "null", Reasons.RECORD_NOT_OBJECT),
        rejected("id missing", "{\"data\": \"x\", \"ts\": \"" + TS + "\"}", Reasons.MISSING_ID),
        rejected("id null", "{\"id\": null, \"ts\": \"" + TS + "\"}", Reasons.MISSING_ID),
        rejected("id empty", "{\"id\": \"\", \"ts\": \"" + TS + "\"}", Reasons.EMPTY_ID),
        rejected(
            "id an object", "{\"id\": {\"v\": 1}, \"ts\": \"" + TS + "\"}", Reasons.ID_NOT_TEXT),
        rejected("id an array", "{\"id\": [\"1\"], \"ts\": \"" + TS + "\"}", Reasons.ID_NOT_TEXT),
        rejected("id a boolean", "{\"id\": true, \"ts\": \"" + TS + "\"}", Reasons.ID_NOT_TEXT),
        rejected(
            "id past a double's range",
            "{\"id\": 1e400, \"ts\": \"" + TS + "\"}",
            Reasons.numberOutOfRange("id", "1e400")),
        rejected(
            "id a double cannot tell from zero",
            "{\"id\": -1.5e-400, \"ts\": \"" + TS + "\"}",
            Reasons.numberOutOfRange("id", "-1.5e-400")),
        rejected(
            "data past a double's range",
            "{\"id\": \"1\", \"data\": 2E+400, \"ts\": \"" + TS + "\"}",
            Reasons.numberOutOfRange("data", "2E+400")),
        rejected("ts missing", "{\"id\": \"1\", \"data\": \"x\"}", Reasons.MISSING_TS),
        rejected("ts null", "{\"id\": \"1\", \"ts\": null}", Reasons.MISSING_TS),
        rejected("ts a number", "{\"id\": \"1\", \"ts\": 1556013600}", Reasons.TS_NOT_TEXT),
        rejected("ts not a date", tsRecord("next tuesday"), Reasons.UNPARSABLE_TS),
        rejected("ts a date without time", tsRecord("2019-04-23"), Reasons.UNPARSABLE_TS),
        rejected("ts without a zone", tsRecord("2019-04-23T10:00:00"), Reasons.UNPARSABLE_TS),
        rejected("ts in year 0", tsRecord("0000-04-23T10:00:00Z"), Reasons.TS_OUT_OF_RANGE),
        rejected("ts in year 10000", tsRecord("+10000-04-23T10:00:00Z"), Reasons.TS_OUT_OF_RANGE),
        rejected(
            "ts with a zone name",
            tsRecord("2019-04-23T10:00:00 Europe/Paris"),
            Reasons.UNPARSABLE_TS),
        rejected(
            "ts with 7 fraction digits",
            tsRecord("2019-04-23T10:00:00.1234567Z"),
            Reasons.UNPARSABLE_TS),
        // data is the producer's payload: a number or an object is kept as its JSON text.
        landed("data a number", record("n", null, TS).replace("}", ", \"data\": 42}"), "n"),
        landed(
            "data an object",
            "{\"id\": \"o\", \"data\": {\"a\": [1, 2]}, \"ts\": \"" + TS + "\"}",
            "o"),
        rejected(
            "duplicate field in a record",
            "{\"id\": \"1\", \"ts\": \"" + TS + "\", \"id\": \"2\"}",
            Reasons.duplicateField("id")),
        landed("deep nesting in an ignored field", deeplyNested(100_000), "deep"),
        landed("a 10 MB data string", record("big", "x".repeat(10 * 1024 * 1024), TS), "big"),
        landed("1,000 extra fields", manyFields(1_000), "wide"),
        new Case(
            "UTF-8 byte order mark",
            "bom.json",
            concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, utf8(document())),
            List.of("keep"),
            List.of(),
            null),
        new Case(
            "invalid UTF-8",
            "invalid-utf8.json",
            concat(
                utf8("{\"records\": [" + GOOD + ", {\"id\": \""),
                new byte[] {(byte) 0xC3, (byte) 0x28},
                utf8("\", \"ts\": \"" + TS + "\"}]}")),
            List.of("keep"),
            List.of(),
            "invalid JSON at line 1"),
        new Case(
            "binary junk", "junk.json", junk(4096), List.of(), List.of(), "invalid JSON at line"),
        new Case(
            "xz data",
            "records.json.xz",
            concat(new byte[] {(byte) 0xFD, '7', 'z', 'X', 'Z', 0}, junk(64)),
            List.of(),
            List.of(),
            "xz data, which this job does not decompress"),
        quarantined(
            "CSV under a .json name",
            "id,data,ts\n1,A," + TS + "\n",
            List.of(),
            "invalid JSON at line 1, column 4: Unrecognized token 'id'"),
        quarantined(
            "top-level array of documents",
            "[" + document() + "]",
            List.of(),
            Reasons.NOT_AN_OBJECT_DOCUMENT),
        quarantined(
            "content after the document",
            document() + "\n{\"records\": []}",
            List.of("keep"),
            Reasons.afterDocument(1, "at line 2, column 1")),
        new Case(
            "gzip cut short",
            "cut.json.gz",
            cutShort(Fixtures.gzip(utf8(manyRecords(20_000))), 0.5),
            null, // some records before the break: how many depends on the compressed stream
            List.of(),
            "the file cannot be read: java.io.EOFException"),
        new Case(
            "gzip under a .json name",
            "compressed.json",
            Fixtures.gzip(utf8(document())),
            List.of(),
            List.of(),
            Reasons.GZIP_WITHOUT_EXTENSION));
  }

  /** A document of the good record. */
  static String document() {
    return "{\"records\": [" + GOOD + "]}";
  }

  private static Case quarantined(String name, String text, List<String> written, String reason) {
    return new Case(name, slug(name) + ".json", utf8(text), written, List.of(), reason);
  }

  /** The good record, then {@code bad}, then the good record's twin under another id. */
  private static Case rejected(String name, String bad, String reason) {
    String text = "{\"records\": [" + GOOD + ", " + bad + ", " + record("after", "A", TS) + "]}";
    return new Case(
        name, slug(name) + ".json", utf8(text), List.of("keep", "after"), List.of(reason), null);
  }

  private static Case landed(String name, String record, String id) {
    String text = "{\"records\": [" + GOOD + ", " + record + "]}";
    return new Case(name, slug(name) + ".json", utf8(text), List.of("keep", id), List.of(), null);
  }

  private static String tsRecord(String ts) {
    return "{\"id\": \"1\", \"ts\": \"" + ts + "\"}";
  }

  private static String deeplyNested(int depth) {
    return "{\"id\": \"deep\", \"nested\": "
        + "[".repeat(depth)
        + "]".repeat(depth)
        + ", \"ts\": \""
        + TS
        + "\"}";
  }

  private static String manyFields(int fields) {
    StringBuilder json = new StringBuilder("{\"id\": \"wide\"");
    for (int i = 0; i < fields; i++) {
      json.append(", \"f").append(i).append("\": ").append(i);
    }
    return json.append(", \"ts\": \"").append(TS).append("\"}").toString();
  }

  static String manyRecords(int records) {
    StringBuilder json = new StringBuilder("{\"records\": [\n");
    for (int i = 0; i < records; i++) {
      json.append(i == 0 ? "" : ",\n").append(record("r" + i, "payload " + i, TS));
    }
    return json.append("\n]}\n").toString();
  }

  private static String slug(String name) {
    return name.replaceAll("[^A-Za-z0-9]+", "-");
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  private static byte[] junk(int size) {
    byte[] bytes = new byte[size];
    new Random(7).nextBytes(bytes);
    bytes[0] = 0x00; // not a gzip header, not a BOM: plain binary
    return bytes;
  }

  private static byte[] cutShort(byte[] bytes, double kept) {
    return Arrays.copyOf(bytes, (int) (bytes.length * kept));
  }
}
