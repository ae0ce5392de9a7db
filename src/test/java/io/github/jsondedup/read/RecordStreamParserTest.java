package io.github.jsondedup.read;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.jsondedup.Fixtures;
import io.github.jsondedup.schema.Reasons;
import io.github.jsondedup.schema.RecordStatus;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordStreamParserTest {
  @Test
  void readsRecordsInOrderWithTheirPositionsAndText() {
    List<ParsedRecord> parsed =
        parse(
            "{\"meta\": {\"a\": [1, 2]}, \"records\": [\n"
                + "  {\"id\": \"1\", \"data\": \"A\", \"ts\": \"2019-04-23T10:00:00Z\"},\n"
                + "  {\"ts\": \"2019-04-23T11:00:00Z\", \"id\": 2, \"extra\": {\"x\": [[]]}}\n"
                + "], \"after\": true}");

    assertThat(parsed)
        .containsExactly(
            ParsedRecord.valid(
                0,
                "1",
                "A",
                "2019-04-23T10:00:00Z",
                "{\"id\": \"1\", \"data\": \"A\", \"ts\": \"2019-04-23T10:00:00Z\"}"),
            ParsedRecord.valid(
                1,
                "2",
                null,
                "2019-04-23T11:00:00Z",
                "{\"ts\": \"2019-04-23T11:00:00Z\", \"id\": 2, \"extra\": {\"x\": [[]]}}"));
  }

  @Test
  void aBadRecordIsRejectedAloneWithItsText() {
    List<ParsedRecord> parsed =
        parse(
            "{\"records\": [42, {\"id\": {\"x\": 1}, \"ts\": \"t\"}, {\"id\": \"3\", \"id\":"
                + " \"4\"}, {\"id\": \"5\", \"ts\": \"2019-04-23T10:00:00Z\"}]}");

    assertThat(parsed)
        .extracting(ParsedRecord::position, ParsedRecord::status, ParsedRecord::reason)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                0L, RecordStatus.REJECTED, Reasons.RECORD_NOT_OBJECT),
            org.assertj.core.groups.Tuple.tuple(1L, RecordStatus.REJECTED, Reasons.ID_NOT_TEXT),
            org.assertj.core.groups.Tuple.tuple(
                2L, RecordStatus.REJECTED, Reasons.duplicateField("id")),
            org.assertj.core.groups.Tuple.tuple(3L, RecordStatus.VALID, null));
    assertThat(parsed.get(0).text()).isEqualTo("42");
    assertThat(parsed.get(1).text()).isEqualTo("{\"id\": {\"x\": 1}, \"ts\": \"t\"}");
  }

  @Test
  void aTruncatedFileKeepsTheRecordsBeforeTheBreak() {
    List<ParsedRecord> parsed =
        parse(
            "{\"records\": [{\"id\": \"1\", \"ts\": \"2019-04-23T10:00:00Z\"}, {\"id\": \"2\","
                + " \"ts\": \"2019-04-23T10:00:00Z\"}, {\"id\": \"3\", \"ts\": \"20");

    assertThat(parsed).hasSize(3);
    assertThat(parsed.get(1).status()).isEqualTo(RecordStatus.VALID);
    assertThat(parsed.get(2).status()).isEqualTo(RecordStatus.QUARANTINED);
    assertThat(parsed.get(2).reason())
        .isEqualTo(Reasons.brokenOff("the file ends in the middle of the document", 2));
  }

  @Test
  void fileLevelProblemsQuarantineTheFile() {
    assertThat(reasonsOf("   \n ")).containsExactly(Reasons.EMPTY_FILE);
    assertThat(reasonsOf("[1, 2]")).containsExactly(Reasons.NOT_AN_OBJECT_DOCUMENT);
    assertThat(reasonsOf("{\"other\": 1}")).containsExactly(Reasons.NO_RECORDS_ARRAY);
    assertThat(reasonsOf("{\"records\": null}")).containsExactly(Reasons.NO_RECORDS_ARRAY);
    assertThat(reasonsOf("{\"records\": \"x\"}")).containsExactly(Reasons.RECORDS_NOT_ARRAY);
    assertThat(reasonsOf("{\"records\": {}}")).containsExactly(Reasons.RECORDS_NOT_ARRAY);
    assertThat(parse("{\"records\": []}"))
        .extracting(ParsedRecord::status)
        .containsExactly(RecordStatus.NO_RECORDS);
    assertThat(reasonsOf("{\"records\": []} {\"x\": 1}").get(1))
        .startsWith("unexpected content after the end of the document at line 1");
  }

  @Test
  void gzipDataUnderAJsonNameIsSaidToBeGzip() {
    byte[] gzip = Fixtures.gzip("{\"records\": []}".getBytes(StandardCharsets.UTF_8));

    assertThat(reasonsOf(gzip)).containsExactly(Reasons.GZIP_WITHOUT_EXTENSION);
  }

  @Test
  void invalidUtf8BreaksTheFileAfterTheRecordsBeforeIt() {
    byte[] head =
        "{\"records\": [{\"id\": \"1\", \"ts\": \"2019-04-23T10:00:00Z\"}, {\"id\": \""
            .getBytes(StandardCharsets.UTF_8);
    byte[] tail = "\"}]}".getBytes(StandardCharsets.UTF_8);
    byte[] file = new byte[head.length + 2 + tail.length];
    System.arraycopy(head, 0, file, 0, head.length);
    file[head.length] = (byte) 0xC3;
    file[head.length + 1] = (byte) 0x28;
    System.arraycopy(tail, 0, file, head.length + 2, tail.length);

    List<ParsedRecord> parsed = parse(file);

    assertThat(parsed).hasSize(2);
    assertThat(parsed.get(1).reason())
        .startsWith("invalid JSON at line 1")
        .contains("UTF-8")
        .endsWith("the 1 record before it was read");
  }

  @Test
  void aNumberIsKeptAsTheTextSparksReaderGivesIt() {
    List<ParsedRecord> parsed =
        parse(
            "{\"records\": [{\"id\": 1e3, \"data\": 1.50}, {\"id\": -0, \"data\": [1.50]},"
                + " {\"id\": 12345678901234567890123}]}");

    assertThat(parsed)
        .extracting(ParsedRecord::id)
        .containsExactly("1000.0", "0", "12345678901234567890123");
    assertThat(parsed).extracting(ParsedRecord::data).containsExactly("1.5", "[1.5]", null);
  }

  @Test
  void anUnpairedSurrogateIsRejectedAndAPairIsKept() {
    List<ParsedRecord> parsed =
        parse(
            "{\"records\": [{\"id\": \"x\\ud800\", \"ts\": \"t\"},"
                + " {\"id\": \"y\", \"data\": \"\\udc00\"},"
                + " {\"id\": \"z\\ud83d\\ude00\"}]}");

    assertThat(parsed)
        .extracting(ParsedRecord::status, ParsedRecord::reason)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(RecordStatus.REJECTED, Reasons.LONE_SURROGATE),
            org.assertj.core.groups.Tuple.tuple(RecordStatus.REJECTED, Reasons.LONE_SURROGATE),
            org.assertj.core.groups.Tuple.tuple(RecordStatus.VALID, null));
    assertThat(parsed.get(2).id()).isEqualTo("z\ud83d\ude00");
  }

  @Test
  void aDocumentNamingRecordsTwiceIsQuarantined() {
    List<ParsedRecord> parsed =
        parse("{\"records\": [{\"id\": \"1\"}], \"n\": 1, \"records\": [{\"id\": \"2\"}]}");

    assertThat(parsed).extracting(ParsedRecord::id).containsExactly("1", null);
    assertThat(parsed.get(1).status()).isEqualTo(RecordStatus.QUARANTINED);
    assertThat(parsed.get(1).reason())
        .isEqualTo(Reasons.brokenOff(Reasons.RECORDS_TWICE, 1))
        .startsWith("the document names records twice");
  }

  @Test
  void aValueOverTheLimitIsOneRejectedRecordAndItsNeighboursAreRead() {
    // 100 MB in the data of the second record, and in an ignored field of the third.
    String big = "x".repeat(100 * 1024 * 1024);
    String good = "{\"id\": \"1\", \"data\": \"a\", \"ts\": \"2019-04-23T10:00:00Z\"}";
    List<ParsedRecord> parsed =
        parse(
            "{\"records\": ["
                + good
                + ", {\"id\": \"2\", \"data\": \""
                + big
                + "\", \"ts\": \"2019-04-23T10:00:00Z\"}, {\"id\": \"3\", \"note\": \""
                + big
                + "\", \"ts\": \"2019-04-23T10:00:00Z\"}, "
                + good.replace("\"1\"", "\"4\"")
                + "]}");

    assertThat(parsed)
        .extracting(ParsedRecord::id, ParsedRecord::status, ParsedRecord::reason)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("1", RecordStatus.VALID, null),
            org.assertj.core.groups.Tuple.tuple(
                "2", RecordStatus.REJECTED, Reasons.STRING_TOO_LONG),
            org.assertj.core.groups.Tuple.tuple(
                "3", RecordStatus.REJECTED, Reasons.STRING_TOO_LONG),
            org.assertj.core.groups.Tuple.tuple("4", RecordStatus.VALID, null));
    assertThat(parsed.get(1).data()).hasSize(Reasons.MAX_STRING_BYTES);
    assertThat(parsed.get(1).text()).as("the audit's text, cut too").hasSizeLessThan(big.length());
  }

  @Test
  void aValueAtTheLimitIsKeptWhole() {
    String value = "\u00e9".repeat(Reasons.MAX_STRING_BYTES / 2);
    List<ParsedRecord> parsed =
        parse(
            "{\"records\": [{\"id\": \"1\", \"data\": \""
                + value
                + "\", \"ts\": \"2019-04-23T10:00:00Z\"}]}");

    assertThat(parsed).extracting(ParsedRecord::status).containsExactly(RecordStatus.VALID);
    assertThat(parsed.get(0).data()).isEqualTo(value);
  }

  @Test
  void aRecordThatIsAStringKeepsItsWholeText() {
    List<ParsedRecord> parsed = parse("{\"records\": [\"a whole string\", 42]}");

    assertThat(parsed).extracting(ParsedRecord::text).containsExactly("\"a whole string\"", "42");
  }

  private static List<String> reasonsOf(String text) {
    return reasonsOf(text.getBytes(StandardCharsets.UTF_8));
  }

  private static List<String> reasonsOf(byte[] bytes) {
    return parse(bytes).stream().map(ParsedRecord::reason).toList();
  }

  private static List<ParsedRecord> parse(String text) {
    return parse(text.getBytes(StandardCharsets.UTF_8));
  }

  private static List<ParsedRecord> parse(byte[] bytes) {
    List<ParsedRecord> all = new ArrayList<>();
    try {
      new RecordStreamParser(new ByteArrayInputStream(bytes)).forEachRemaining(all::add);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return all;
  }
}
