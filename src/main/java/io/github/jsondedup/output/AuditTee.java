package io.github.jsondedup.output;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.github.jsondedup.read.Arrival;
import io.github.jsondedup.report.Tally;
import io.github.jsondedup.schema.Columns;
import io.github.jsondedup.schema.RecordStatus;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SerializableWritable;
import org.apache.spark.TaskContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.TaskCompletionListener;

/**
 * The last step of the dedup's tasks (contract rules 6, 7 and 9): counts every ruled row into a
 * {@link Tally}, writes the rows a person may need to inspect (rejected records, quarantined files,
 * conflicts) as JSON lines into the run's staging folder, and passes on only the rows to write. So
 * the audit costs nothing where there is nothing to audit, and never another pass over the batch.
 *
 * <p>A task writes each kind to a file of its own attempt; the tally names the files of the attempt
 * that succeeded, which the driver then moves into place ({@link AuditOutputs}).
 */
public final class AuditTee implements Iterator<InternalRow> {
  private static final DateTimeFormatter SPARK_JSON_TIMESTAMP =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSXXX", Locale.ROOT)
          .withZone(ZoneOffset.UTC);
  private static final JsonFactory JSON = new JsonFactory();
  private static final int ARRIVAL = Columns.RULED.fieldIndex(Columns.ARRIVAL);
  private static final int STATUS = Columns.RULED.fieldIndex(Columns.STATUS);
  private static final int DATE = Columns.RULED.fieldIndex(Columns.DATE);
  private static final int SURVIVOR = Columns.RULED.fieldIndex(Columns.SURVIVOR);

  /** Where and how a step's tasks write their audit: serializable, sent with the tasks. */
  public record Sink(
      String staging,
      Broadcast<SerializableWritable<Configuration>> hadoop,
      Broadcast<List<String>> files,
      List<String> key,
      boolean conflicts)
      implements Serializable {
    /** This sink, keeping rejected records and quarantined files only. */
    public Sink withoutConflicts() {
      return new Sink(staging, hadoop, files, key, false);
    }
  }

  private final Iterator<InternalRow> rows;
  private final Sink sink;
  private final Tally tally;
  private final Tally.Part part = new Tally.Part();
  private final Map<RecordStatus, JsonGenerator> open = new EnumMap<>(RecordStatus.class);
  private final List<String> conflictFields;
  private InternalRow next;
  private boolean done;

  private AuditTee(Iterator<InternalRow> rows, Sink sink, Tally tally) {
    this.rows = rows;
    this.sink = sink;
    this.tally = tally;
    List<String> fields = new ArrayList<>(sink.key());
    Columns.RECORD_FIELDS.stream()
        .filter(field -> !sink.key().contains(field))
        .forEach(fields::add);
    this.conflictFields = fields;
    TaskContext.get().addTaskCompletionListener((TaskCompletionListener) context -> closeAll());
  }

  /**
   * {@code rows} of {@link Columns#RULED} counted into {@code tally} and audited into {@code sink}:
   * only the WRITTEN ones come out.
   */
  public static Iterator<InternalRow> apply(Iterator<InternalRow> rows, Sink sink, Tally tally) {
    return new AuditTee(rows, sink, tally);
  }

  @Override
  public boolean hasNext() {
    while (next == null && !done) {
      if (!rows.hasNext()) {
        finish();
        return false;
      }
      InternalRow row = rows.next();
      RecordStatus status = Tally.statusOf(row, STATUS);
      part.count(status, row.getLong(ARRIVAL));
      switch (status) {
        case WRITTEN -> {
          part.date(row.getInt(DATE));
          next = row;
        }
        case REJECTED, QUARANTINED -> audit(status, row);
        case CONFLICT -> {
          if (sink.conflicts()) {
            audit(status, row);
          }
        }
        default -> {}
      }
    }
    return next != null;
  }

  @Override
  public InternalRow next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    InternalRow row = next;
    next = null;
    return row;
  }

  private void finish() {
    done = true;
    closeAll();
    tally.add(part);
  }

  private void audit(RecordStatus status, InternalRow row) {
    try {
      JsonGenerator json = open.get(status);
      if (json == null) {
        json = open(status);
      }
      json.writeStartObject();
      long arrival = row.getLong(ARRIVAL);
      switch (status) {
        case REJECTED -> {
          source(json, arrival);
          string(json, Columns.REASON, row);
          string(json, Columns.ID, row);
          string(json, Columns.DATA, row);
          string(json, Columns.TS, Columns.TS_TEXT, row);
          string(json, Columns.SOURCE_TEXT, row);
        }
        case QUARANTINED -> {
          json.writeStringField(Columns.SOURCE_FILE, fileOf(arrival));
          string(json, Columns.REASON, row);
        }
        default -> {
          fields(json, row, Columns.RULED, conflictFields);
          source(json, arrival);
          InternalRow survivor = row.getStruct(SURVIVOR, Columns.SURVIVOR_SCHEMA.size());
          json.writeObjectFieldStart(Columns.SURVIVOR);
          if (!survivor.isNullAt(0)) {
            json.writeStringField(Columns.SOURCE_FILE, survivor.getUTF8String(0).toString());
          }
          if (!survivor.isNullAt(1)) {
            json.writeNumberField(Columns.SOURCE_POSITION, survivor.getLong(1));
          }
          fields(
              json,
              survivor,
              Columns.SURVIVOR_SCHEMA,
              conflictFields.subList(sink.key().size(), conflictFields.size()));
          json.writeEndObject();
        }
      }
      json.writeEndObject();
      json.writeRaw('\n');
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the audit of " + status.value() + " rows", e);
    }
  }

  // Spark's JSON writer's way: fields in order, nulls left out, timestamps in ISO with millis.
  private static void fields(
      JsonGenerator json, InternalRow row, StructType schema, List<String> names)
      throws IOException {
    for (String name : names) {
      int ordinal = schema.fieldIndex(name);
      if (row.isNullAt(ordinal)) {
        continue;
      }
      if (name.equals(Columns.TS)) {
        long micros = row.getLong(ordinal);
        json.writeStringField(
            name,
            SPARK_JSON_TIMESTAMP.format(
                Instant.ofEpochSecond(
                    Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000)));
      } else {
        json.writeStringField(name, row.getUTF8String(ordinal).toString());
      }
    }
  }

  private void source(JsonGenerator json, long arrival) throws IOException {
    json.writeStringField(Columns.SOURCE_FILE, fileOf(arrival));
    Long position = Arrival.position(arrival);
    if (position != null) {
      json.writeNumberField(Columns.SOURCE_POSITION, position);
    }
  }

  private String fileOf(long arrival) {
    return sink.files().value().get(Arrival.rank(arrival));
  }

  private static void string(JsonGenerator json, String field, InternalRow row) throws IOException {
    string(json, field, field, row);
  }

  private static void string(JsonGenerator json, String name, String field, InternalRow row)
      throws IOException {
    int ordinal = Columns.RULED.fieldIndex(field);
    if (!row.isNullAt(ordinal)) {
      json.writeStringField(name, row.getUTF8String(ordinal).toString());
    }
  }

  private JsonGenerator open(RecordStatus status) throws IOException {
    TaskContext task = TaskContext.get();
    Path path =
        new Path(
            new Path(sink.staging(), AuditOutputs.kindOf(status)),
            String.format(
                Locale.ROOT, "part-%05d-%d.json", task.partitionId(), task.taskAttemptId()));
    FileSystem fs = path.getFileSystem(sink.hadoop().value().value());
    JsonGenerator json =
        JSON.createGenerator((OutputStream) fs.create(path, false), JsonEncoding.UTF8);
    json.setRootValueSeparator(null);
    open.put(status, json);
    part.auditFile(AuditOutputs.kindOf(status), path.toString());
    return json;
  }

  private void closeAll() {
    IOException failed = null;
    for (JsonGenerator json : open.values()) {
      try {
        json.close();
      } catch (IOException e) {
        failed = e;
      }
    }
    open.clear();
    if (failed != null) {
      throw new UncheckedIOException("Cannot close an audit file", failed);
    }
  }
}
