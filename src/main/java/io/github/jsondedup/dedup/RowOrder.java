package io.github.jsondedup.dedup;

import java.io.Serializable;
import java.util.List;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Compares Spark rows on some of their fields as Spark's own ascending sort does: nulls first,
 * longs and timestamps by value, strings by their UTF-8 bytes. The dedup scan walks rows that Spark
 * sorted, so its idea of "before" and "same" must be exactly Spark's.
 */
final class RowOrder implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int[] ordinals;
  private final Kind[] kinds;

  private enum Kind {
    LONG,
    STRING
  }

  /** The order on {@code fields} of rows of {@code schema}. */
  RowOrder(StructType schema, List<String> fields) {
    ordinals = new int[fields.size()];
    kinds = new Kind[fields.size()];
    for (int i = 0; i < ordinals.length; i++) {
      ordinals[i] = schema.fieldIndex(fields.get(i));
      kinds[i] = kindOf(schema.apply(fields.get(i)).dataType());
    }
  }

  private static Kind kindOf(DataType type) {
    if (type.equals(DataTypes.StringType)) {
      return Kind.STRING;
    }
    if (type.equals(DataTypes.LongType) || type.equals(DataTypes.TimestampType)) {
      return Kind.LONG;
    }
    throw new IllegalArgumentException("No order for " + type);
  }

  int compare(InternalRow a, InternalRow b) {
    for (int i = 0; i < ordinals.length; i++) {
      int field = ordinals[i];
      boolean aNull = a.isNullAt(field);
      boolean bNull = b.isNullAt(field);
      if (aNull || bNull) {
        if (aNull != bNull) {
          return aNull ? -1 : 1;
        }
        continue;
      }
      int order =
          switch (kinds[i]) {
            case LONG -> Long.compare(a.getLong(field), b.getLong(field));
            case STRING -> a.getUTF8String(field).compareTo(b.getUTF8String(field));
          };
      if (order != 0) {
        return order;
      }
    }
    return 0;
  }

  boolean same(InternalRow a, InternalRow b) {
    return compare(a, b) == 0;
  }
}
