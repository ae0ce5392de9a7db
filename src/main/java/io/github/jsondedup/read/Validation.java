package io.github.jsondedup.read;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.try_to_timestamp;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.year;

import io.github.jsondedup.schema.Columns;
import io.github.jsondedup.schema.Reasons;
import io.github.jsondedup.schema.RecordStatus;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Checks each record (contract rules 2, 3, 6) and parses {@code ts} to an instant, from which the
 * UTC {@code date} follows. A failing record is REJECTED with its reason, never dropped.
 */
public final class Validation {
  /**
   * ISO-8601 with {@code Z} or a {@code +HH:MM} offset and 0 to 6 fraction digits. A timestamp with
   * no zone, a date alone or a 7th fraction digit does not parse: guessing would store a wrong
   * instant.
   */
  static final String TS_PATTERN = "yyyy-MM-dd'T'HH:mm:ss[.SSSSSS]XXX";

  private Validation() {}

  /**
   * Adds {@link Columns#TS} (a timestamp) and {@link Columns#DATE}, and turns VALID rows that fail
   * a check into REJECTED rows with a reason. Needs the session time zone to be UTC, for the date.
   */
  public static Dataset<Row> validate(Dataset<Row> records) {
    Column ts = try_to_timestamp(col(Columns.TS_TEXT), lit(TS_PATTERN));
    Column problem =
        when(col(Columns.ID).isNull(), lit(Reasons.MISSING_ID))
            .when(col(Columns.ID).equalTo(""), lit(Reasons.EMPTY_ID))
            .when(col(Columns.TS_TEXT).isNull(), lit(Reasons.MISSING_TS))
            .when(ts.isNull(), lit(Reasons.UNPARSABLE_TS))
            .when(not(year(ts).between(1, 9999)), lit(Reasons.TS_OUT_OF_RANGE));
    Column valid = col(Columns.STATUS).equalTo(RecordStatus.VALID.code());
    Column accepted = valid.and(problem.isNull());
    Column rejected = valid.and(problem.isNotNull());
    // withColumns evaluates every expression against the input rows, so the order is irrelevant.
    Map<String, Column> checked = new LinkedHashMap<>();
    checked.put(Columns.TS, when(accepted, ts));
    checked.put(Columns.DATE, when(accepted, to_date(ts)));
    checked.put(
        Columns.STATUS,
        when(rejected, lit(RecordStatus.REJECTED.code())).otherwise(col(Columns.STATUS)));
    checked.put(Columns.REASON, when(rejected, problem).otherwise(col(Columns.REASON)));
    // Only the audit of rejected records needs what the input spelled: not carried through
    // shuffles.
    Column anyRejected = rejected.or(col(Columns.STATUS).equalTo(RecordStatus.REJECTED.code()));
    checked.put(Columns.TS_TEXT, when(anyRejected, col(Columns.TS_TEXT)));
    checked.put(Columns.SOURCE_TEXT, when(anyRejected, col(Columns.SOURCE_TEXT)));
    return records.withColumns(checked);
  }
}
