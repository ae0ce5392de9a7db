package io.github.jsondedup.dedup;

import io.github.jsondedup.read.Arrival;
import io.github.jsondedup.schema.Columns;
import io.github.jsondedup.schema.RecordStatus;
import io.github.jsondedup.sparkcompat.CatalystRows;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * The dedup (contract rules 3, 4, 5, 7) as one scan per task over rows that Spark spread and sorted
 * by key, then arrival ({@link KeySpread}): the first row of each key is its survivor, and every
 * later row is ruled against it as it passes. The stored rows of the task's keys come as a second
 * sorted stream, merged in; a stored row sorts before every new record with its key, so it is the
 * survivor whenever there is one. Nothing is buffered but the current key's survivor, whatever a
 * task's size: Spark's sort spills to disk instead.
 */
public final class KeyScan implements Iterator<InternalRow> {
  private static final StructType SPREAD = KeySpread.SPREAD;
  private static final int ARRIVAL = SPREAD.fieldIndex(Columns.ARRIVAL);
  private static final int ID = SPREAD.fieldIndex(Columns.ID);
  private static final int DATA = SPREAD.fieldIndex(Columns.DATA);
  private static final int TS = SPREAD.fieldIndex(Columns.TS);
  private static final int DATE = SPREAD.fieldIndex(Columns.DATE);
  private static final int STATUS_CODE = SPREAD.fieldIndex(KeySpread.STATUS_CODE);
  private static final int EXTRA = SPREAD.fieldIndex(KeySpread.EXTRA);
  private static final int EXTRA_FIELDS = KeySpread.EXTRA_SCHEMA.size();
  private static final int STORED_FILE = KeySpread.EXTRA_SCHEMA.fieldIndex(Columns.STORED_FILE);
  private static final int RULED_ARRIVAL = Columns.RULED.fieldIndex(Columns.ARRIVAL);
  private static final int RULED_ID = Columns.RULED.fieldIndex(Columns.ID);
  private static final int RULED_DATA = Columns.RULED.fieldIndex(Columns.DATA);
  private static final int RULED_TS_TEXT = Columns.RULED.fieldIndex(Columns.TS_TEXT);
  private static final int RULED_STATUS = Columns.RULED.fieldIndex(Columns.STATUS);
  private static final int RULED_REASON = Columns.RULED.fieldIndex(Columns.REASON);
  private static final int RULED_SOURCE_TEXT = Columns.RULED.fieldIndex(Columns.SOURCE_TEXT);
  private static final int RULED_TS = Columns.RULED.fieldIndex(Columns.TS);
  private static final int RULED_DATE = Columns.RULED.fieldIndex(Columns.DATE);
  private static final int RULED_SURVIVOR = Columns.RULED.fieldIndex(Columns.SURVIVOR);

  private static final byte WRITTEN = RecordStatus.WRITTEN.code();
  private static final byte DUPLICATE = RecordStatus.DUPLICATE.code();
  private static final byte CONFLICT = RecordStatus.CONFLICT.code();
  private static final byte ALREADY_STORED = RecordStatus.ALREADY_STORED.code();

  private final Iterator<InternalRow> batch;
  private final Iterator<InternalRow> stored;
  private final RowOrder keyOrder;
  private final RowOrder valueOrder;
  private final List<String> files;
  private InternalRow storedHead;
  private InternalRow survivor;

  private KeyScan(
      Iterator<InternalRow> batch,
      Iterator<InternalRow> stored,
      KeySpread spread,
      List<String> files) {
    this.batch = batch;
    this.stored = stored;
    this.keyOrder = new RowOrder(SPREAD, spread.groupFields());
    List<String> values = new ArrayList<>(Columns.RECORD_FIELDS);
    values.removeAll(spread.key());
    this.valueOrder = new RowOrder(SPREAD, values);
    this.files = files;
  }

  /**
   * The dedup: rules on every row of {@code batch} ({@link KeySpread#batch}, as Catalyst rows)
   * against the others and against the {@code stored} rows ({@link Columns#DATASET_SCHEMA} with
   * their {@link Columns#STORED_FILE}, or null when nothing is stored), giving rows of {@link
   * Columns#RULED} in the batch's order, none for stored rows. {@code files} are the batch's files
   * in survivor order ({@link Arrival#ranked}), by their Spark paths, for the survivors' sources.
   */
  public static RDD<InternalRow> classify(
      RDD<InternalRow> batch,
      Dataset<Row> stored,
      KeySpread spread,
      Broadcast<List<String>> files) {
    // Spark's adaptive execution plans an empty side as no partitions at all.
    if (batch.getNumPartitions() == 0) {
      return batch;
    }
    RDD<InternalRow> storedRows = stored == null ? null : CatalystRows.of(spread.stored(stored));
    if (storedRows == null || storedRows.getNumPartitions() == 0) {
      return batch
          .toJavaRDD()
          .mapPartitions(
              rows -> new KeyScan(rows, Collections.emptyIterator(), spread, files.value()))
          .rdd();
    }
    return batch
        .toJavaRDD()
        .zipPartitions(
            storedRows.toJavaRDD(),
            (rows, storedPart) -> new KeyScan(rows, storedPart, spread, files.value()))
        .rdd();
  }

  @Override
  public boolean hasNext() {
    return batch.hasNext();
  }

  @Override
  public InternalRow next() {
    if (!batch.hasNext()) {
      throw new NoSuchElementException();
    }
    InternalRow row = batch.next();
    byte status = row.getByte(STATUS_CODE);
    if (RecordStatus.ofCode(status) != RecordStatus.VALID) {
      return ruled(row, status, null);
    }
    if (survivor == null || !keyOrder.same(row, survivor)) {
      survivor = storedWithKeyOf(row);
      if (survivor == null) {
        // Sorted rows are reused by the sort's iterator: the survivor is kept as a copy.
        survivor = row.copy();
        return ruled(row, WRITTEN, null);
      }
    }
    boolean isStored = survivor.getLong(ARRIVAL) == Arrival.STORED;
    if (valueOrder.same(row, survivor)) {
      return ruled(row, isStored ? ALREADY_STORED : DUPLICATE, isStored ? null : survivor);
    }
    return ruled(row, CONFLICT, survivor);
  }

  /** The stored row with {@code row}'s key, as a copy, or null; skips stored rows before it. */
  private InternalRow storedWithKeyOf(InternalRow row) {
    while (true) {
      if (storedHead == null) {
        if (!stored.hasNext()) {
          return null;
        }
        storedHead = stored.next();
      }
      int order = keyOrder.compare(storedHead, row);
      if (order > 0) {
        return null;
      }
      InternalRow head = storedHead;
      storedHead = null;
      if (order == 0) {
        return head.copy();
      }
    }
  }

  /** {@code row} as a row of {@link Columns#RULED} with {@code status}. */
  private InternalRow ruled(InternalRow row, byte status, InternalRow survivorRow) {
    InternalRow extra = row.isNullAt(EXTRA) ? null : row.getStruct(EXTRA, EXTRA_FIELDS);
    Object[] values = new Object[Columns.RULED.size()];
    values[RULED_ARRIVAL] = row.getLong(ARRIVAL);
    values[RULED_ID] = row.isNullAt(ID) ? null : row.getUTF8String(ID);
    values[RULED_DATA] = row.isNullAt(DATA) ? null : row.getUTF8String(DATA);
    values[RULED_STATUS] = status;
    if (!row.isNullAt(TS)) {
      values[RULED_TS] = row.getLong(TS);
      values[RULED_DATE] = row.getInt(DATE);
    }
    if (extra != null) {
      values[RULED_TS_TEXT] = extra.isNullAt(0) ? null : extra.getUTF8String(0);
      values[RULED_REASON] = extra.isNullAt(1) ? null : extra.getUTF8String(1);
      values[RULED_SOURCE_TEXT] = extra.isNullAt(2) ? null : extra.getUTF8String(2);
    }
    if (survivorRow != null) {
      values[RULED_SURVIVOR] = survivorOf(survivorRow);
    }
    return new GenericInternalRow(values);
  }

  private InternalRow survivorOf(InternalRow row) {
    long arrival = row.getLong(ARRIVAL);
    boolean isStored = arrival == Arrival.STORED;
    return new GenericInternalRow(
        new Object[] {
          isStored
              ? row.getStruct(EXTRA, EXTRA_FIELDS).getUTF8String(STORED_FILE)
              : UTF8String.fromString(files.get(Arrival.rank(arrival))),
          isStored ? null : Arrival.position(arrival),
          row.isNullAt(ID) ? null : row.getUTF8String(ID),
          row.isNullAt(DATA) ? null : row.getUTF8String(DATA),
          row.isNullAt(TS) ? null : row.getLong(TS)
        });
  }
}
