package io.github.jsondedup.read;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class LongStringCutTest {
  private static final int CAP = 8;

  @Test
  void shortStringsPassWholeAndLongOnesAreCutWhereTheyPassTheLimit() throws IOException {
    String json = "{\"a\": \"12345678\", \"b\": \"123456789abc\", \"c\": [\"x\"]}";

    LongStringCut cut = new LongStringCut(stream(json), CAP);
    String out = new String(cut.readAllBytes(), StandardCharsets.UTF_8);

    assertThat(out).isEqualTo("{\"a\": \"12345678\", \"b\": \"12345678\", \"c\": [\"x\"]}");
    int at = out.indexOf("\", \"c\"");
    assertThat(cut.cutBetween(0, at - 1)).as("before the cut").isFalse();
    assertThat(cut.cutBetween(at - 1, out.length())).isTrue();
    assertThat(cut.cutBetween(0, out.length())).as("a cut is told once").isFalse();
  }

  @Test
  void aCutNeverSplitsAnEscapeOrACharacter() throws IOException {
    String json = "[\"1234567\\u00e9\\\"zzzz\", \"123456\u00e9\u00e9\u00e9\", \"1234567\\\\\\\"\"]";

    String out = new String(new LongStringCut(stream(json), CAP).readAllBytes(), UTF8);

    JsonNode parsed = new ObjectMapper().readTree(out);
    assertThat(parsed.get(0).asText()).isEqualTo("1234567\u00e9");
    assertThat(parsed.get(1).asText()).isEqualTo("123456\u00e9");
    assertThat(parsed.get(2).asText()).isEqualTo("1234567\\");
  }

  /** Random documents of strings with escapes and multi-byte characters, read byte by byte too. */
  @RepeatedTest(50)
  void whatIsLeftIsValidJsonWithEveryStringWithinTheLimit() throws IOException {
    Random random = new Random();
    List<String> values = new ArrayList<>();
    StringBuilder json = new StringBuilder("[");
    int count = 1 + random.nextInt(20);
    for (int i = 0; i < count; i++) {
      StringBuilder value = new StringBuilder();
      int length = random.nextInt(3 * CAP);
      for (int c = 0; c < length; c++) {
        value.append(
            switch (random.nextInt(6)) {
              case 0 -> '"';
              case 1 -> '\\';
              case 2 -> '\u00e9';
              case 3 -> '\u20ac';
              case 4 -> '\n';
              default -> (char) ('a' + random.nextInt(26));
            });
      }
      values.add(value.toString());
      json.append(i == 0 ? "" : ", ")
          .append(new ObjectMapper().writeValueAsString(value.toString()));
    }
    json.append(']');

    byte[] whole = new LongStringCut(stream(json.toString()), CAP).readAllBytes();
    byte[] byByte = readByteByByte(new LongStringCut(stream(json.toString()), CAP));

    assertThat(byByte).isEqualTo(whole);
    JsonNode parsed = new ObjectMapper().readTree(whole);
    assertThat(parsed.size()).isEqualTo(count);
    for (int i = 0; i < count; i++) {
      String value = values.get(i);
      String left = parsed.get(i).asText();
      int escapedBytes = new ObjectMapper().writeValueAsBytes(value).length - 2;
      if (escapedBytes <= CAP) {
        assertThat(left).isEqualTo(value);
      } else {
        assertThat(value).startsWith(left);
        assertThat(new ObjectMapper().writeValueAsBytes(left).length - 2).isBetween(CAP, CAP + 5);
      }
    }
  }

  private static final java.nio.charset.Charset UTF8 = StandardCharsets.UTF_8;

  private static InputStream stream(String text) {
    return new ByteArrayInputStream(text.getBytes(UTF8));
  }

  private static byte[] readByteByByte(InputStream in) throws IOException {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    int b;
    while ((b = in.read()) >= 0) {
      out.write(b);
    }
    return out.toByteArray();
  }
}
