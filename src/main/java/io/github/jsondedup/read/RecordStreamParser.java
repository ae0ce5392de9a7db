package io.github.jsondedup.read;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.io.JsonEOFException;
import io.github.jsondedup.schema.Columns;
import io.github.jsondedup.schema.Reasons;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Queue;

/**
 * Reads one input document, {@code {"records": [{...}, ...]}}, as a stream of records with
 * Jackson's streaming parser: one record in memory at a time, whatever the file's size. A bad
 * record is rejected alone; where the file itself breaks (invalid JSON, a truncated upload, a
 * damaged compressed stream) the records before the break are kept and the file gets one
 * QUARANTINED entry saying where and why. A failure of the file system to give the bytes ({@link
 * ReadFailure}) is no break: it is thrown, as an {@link UncheckedIOException}.
 */
final class RecordStreamParser implements Iterator<ParsedRecord>, Closeable {
  /**
   * No nesting limit (ignored fields are skipped without recursion); strings come cut at their
   * limit ({@link LongStringCut}), so that Jackson's own limit is never reached.
   */
  private static final JsonFactory JSON =
      JsonFactory.builder()
          .streamReadConstraints(
              StreamReadConstraints.builder()
                  .maxNestingDepth(Integer.MAX_VALUE)
                  .maxStringLength(2 * Reasons.MAX_STRING_BYTES)
                  .maxNumberLength(100_000)
                  .build())
          .build();

  private final LongStringCut cut;
  private final CapturingInputStream input;
  private final JsonParser parser;
  private final Queue<ParsedRecord> ready = new ArrayDeque<>(2);
  private State state = State.START;
  private long position;

  private enum State {
    START,
    IN_RECORDS,
    AFTER_RECORDS,
    DONE
  }

  /** A parser of {@code in}; throws a {@link ReadFailure} if its first bytes cannot be read. */
  RecordStreamParser(InputStream in) throws IOException {
    this.cut = new LongStringCut(in);
    this.input = new CapturingInputStream(cut);
    this.parser = JSON.createParser(input);
  }

  @Override
  public boolean hasNext() {
    while (ready.isEmpty() && state != State.DONE) {
      try {
        advance();
      } catch (IOException | RuntimeException e) {
        // The file system failed, not the file: the caller tries again or leaves it unread.
        ReadFailure.in(e)
            .ifPresent(
                failure -> {
                  state = State.DONE;
                  throw new UncheckedIOException(failure);
                });
        ready.add(ParsedRecord.fileProblem(breakReason(e)));
        state = State.DONE;
      }
    }
    return !ready.isEmpty();
  }

  @Override
  public ParsedRecord next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    return ready.remove();
  }

  @Override
  public void close() throws IOException {
    parser.close();
  }

  /** Moves on until at least one entry is ready or the document is done. */
  private void advance() throws IOException {
    switch (state) {
      case START -> findRecords();
      case IN_RECORDS -> nextRecord();
      case AFTER_RECORDS -> finishDocument();
      case DONE -> {}
    }
  }

  /** From the top of the file to the first element of {@code records}. */
  private void findRecords() throws IOException {
    JsonToken first = parser.nextToken();
    if (first == null) {
      quarantine(Reasons.EMPTY_FILE);
      return;
    }
    if (first != JsonToken.START_OBJECT) {
      quarantine(Reasons.NOT_AN_OBJECT_DOCUMENT);
      return;
    }
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      JsonToken value = parser.nextToken();
      if (!Columns.RECORDS_ARRAY.equals(name)) {
        parser.skipChildren();
      } else if (value == JsonToken.START_ARRAY) {
        state = State.IN_RECORDS;
        return;
      } else if (value == JsonToken.VALUE_NULL) {
        quarantine(Reasons.NO_RECORDS_ARRAY);
        return;
      } else {
        quarantine(Reasons.RECORDS_NOT_ARRAY);
        return;
      }
    }
    quarantine(Reasons.NO_RECORDS_ARRAY);
  }

  private void nextRecord() throws IOException {
    JsonToken token = parser.nextToken();
    if (token == JsonToken.END_ARRAY) {
      if (position == 0) {
        ready.add(ParsedRecord.noRecords());
      }
      state = State.AFTER_RECORDS;
      return;
    }
    if (token == null) {
      throw new JsonTruncatedException();
    }
    long start = parser.currentTokenLocation().getByteOffset();
    input.keepFrom(start);
    if (token != JsonToken.START_OBJECT) {
      // A string is read lazily: finished here, so that the audit keeps all of its text.
      parser.finishToken();
      parser.skipChildren();
      ready.add(rejected(Reasons.RECORD_NOT_OBJECT, start));
      return;
    }
    ready.add(record(start));
  }

  /** One record object, from its START_OBJECT to its END_OBJECT. */
  private ParsedRecord record(long start) throws IOException {
    String id = null;
    String data = null;
    String ts = null;
    boolean seenId = false;
    boolean seenData = false;
    boolean seenTs = false;
    String problem = null;
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      JsonToken value = parser.nextToken();
      switch (name) {
        case Columns.ID -> {
          problem = seenId ? firstOf(problem, Reasons.duplicateField(name)) : problem;
          seenId = true;
          if (value == JsonToken.VALUE_NULL) {
            id = null;
          } else {
            problem = firstOf(problem, numberProblem(name, value));
            // Kept as Spark's reader gives it, for the audit when it is not a string or number.
            id = textOf(value);
            if (value != JsonToken.VALUE_STRING && !value.isNumeric()) {
              problem = firstOf(problem, Reasons.ID_NOT_TEXT);
            }
          }
        }
        case Columns.TS -> {
          problem = seenTs ? firstOf(problem, Reasons.duplicateField(name)) : problem;
          seenTs = true;
          if (value == JsonToken.VALUE_STRING) {
            ts = parser.getText();
          } else if (value != JsonToken.VALUE_NULL) {
            problem = firstOf(problem, Reasons.TS_NOT_TEXT);
            // Kept as Spark's reader gives it, for the audit.
            ts = textOf(value);
          }
        }
        case Columns.DATA -> {
          problem = seenData ? firstOf(problem, Reasons.duplicateField(name)) : problem;
          seenData = true;
          problem = firstOf(problem, numberProblem(name, value));
          data = value == JsonToken.VALUE_NULL ? null : textOf(value);
        }
        default -> parser.skipChildren();
      }
    }
    if (hasLoneSurrogate(id) || hasLoneSurrogate(data) || hasLoneSurrogate(ts)) {
      problem = firstOf(problem, Reasons.LONE_SURROGATE);
    }
    String text = textFrom(start);
    if (cut.cutBetween(start, parser.currentLocation().getByteOffset())) {
      problem = Reasons.STRING_TOO_LONG;
    }
    long at = position++;
    return problem == null
        ? ParsedRecord.valid(at, id, data, ts, text)
        : ParsedRecord.rejected(at, id, data, ts, problem, text);
  }

  /**
   * A string as itself, any other value as its JSON text as Spark's JSON reader writes it for a
   * string column (Jackson's copy of the value: a number in its canonical form, {@code 1e3} as
   * {@code 1000.0}, {@code 1.50} as {@code 1.5}), so that both readers give one text for one value.
   */
  private String textOf(JsonToken value) throws IOException {
    if (value == JsonToken.VALUE_STRING) {
      return parser.getText();
    }
    StringWriter json = new StringWriter();
    try (JsonGenerator generator = JSON.createGenerator(json)) {
      generator.copyCurrentStructure(parser);
    }
    return json.toString();
  }

  /**
   * Why a number has no faithful canonical text, or null: the canonical text is that of a double,
   * so a number past a double's range would read as {@code Infinity} (and two such numbers as one
   * key), and one too small but not zero as {@code 0.0}.
   */
  private String numberProblem(String field, JsonToken value) throws IOException {
    if (value != JsonToken.VALUE_NUMBER_FLOAT) {
      return null;
    }
    double number = parser.getDoubleValue();
    boolean underflow = number == 0 && parser.getText().matches("[-+]?[0.]*[1-9].*");
    return Double.isInfinite(number) || underflow
        ? Reasons.numberOutOfRange(field, parser.getText())
        : null;
  }

  private ParsedRecord rejected(String reason, long start) {
    cut.cutBetween(start, parser.currentLocation().getByteOffset());
    return ParsedRecord.rejected(position++, null, null, null, reason, textFrom(start));
  }

  private String textFrom(long start) {
    long end = parser.currentLocation().getByteOffset();
    return new String(input.bytes(start, end), StandardCharsets.UTF_8);
  }

  /** After the records array: the rest of the document must still be well-formed JSON. */
  private void finishDocument() throws IOException {
    input.keepFrom(parser.currentLocation().getByteOffset());
    JsonToken token;
    while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
      if (Columns.RECORDS_ARRAY.equals(parser.currentName())) {
        quarantine(Reasons.brokenOff(Reasons.RECORDS_TWICE, position));
        return;
      }
      parser.nextToken();
      parser.skipChildren();
    }
    if (token == null) {
      throw new JsonTruncatedException();
    }
    if (parser.nextToken() != null) {
      quarantine(Reasons.afterDocument(position, location(parser.currentTokenLocation())));
      return;
    }
    state = State.DONE;
  }

  private void quarantine(String reason) {
    ready.add(ParsedRecord.fileProblem(reason));
    state = State.DONE;
  }

  /** Why the file broke off, where, and what was kept before. */
  private String breakReason(Exception e) {
    if (e instanceof JsonTruncatedException || e instanceof JsonEOFException) {
      return Reasons.brokenOff("the file ends in the middle of the document", position);
    }
    if (position == 0 && state == State.START) {
      String compressed = Reasons.compressedData(input.bytes(0, 6));
      if (compressed != null) {
        return compressed;
      }
    }
    if (e instanceof JsonProcessingException json) {
      return Reasons.brokenOff(
          "invalid JSON " + location(json.getLocation()) + ": " + json.getOriginalMessage(),
          position);
    }
    return Reasons.brokenOff("the file cannot be read: " + e, position);
  }

  private static String location(JsonLocation where) {
    return where == null
        ? "(at an unknown place)"
        : "at line " + where.getLineNr() + ", column " + where.getColumnNr();
  }

  /**
   * Whether {@code text} holds half of a UTF-16 surrogate pair alone (JSON allows the escape {@code
   * \ud800} by itself): no UTF-8 text can hold it, and Spark would store a {@code ?} instead.
   */
  static boolean hasLoneSurrogate(String text) {
    if (text == null) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return true;
      }
    }
    return false;
  }

  private static String firstOf(String problem, String another) {
    return problem != null ? problem : another;
  }

  /** The input ended before the document did. */
  private static final class JsonTruncatedException extends IOException {
    private static final long serialVersionUID = 1L;
  }
}
