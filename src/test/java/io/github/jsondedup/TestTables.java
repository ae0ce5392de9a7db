package io.github.jsondedup;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.unix_date;
import static org.apache.spark.sql.functions.unix_micros;

import io.github.jsondedup.schema.Columns;
import io.github.jsondedup.table.LocalCommitLock;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.sql.SparkSession;

/**
 * Iceberg tables in the tests' session: each test its own Hadoop catalog, in a folder of its own.
 */
public final class TestTables {
  private static final AtomicInteger CATALOGS = new AtomicInteger();

  private TestTables() {}

  /** A new Hadoop catalog of the tests' session, its warehouse in {@code warehouse}; its name. */
  public static String catalog(Path warehouse) {
    String name = "test_catalog_" + CATALOGS.incrementAndGet();
    register(TestSpark.session(), name, warehouse);
    return name;
  }

  /**
   * Gives {@code spark} (a session of its own, as another run's) the Hadoop catalog {@code name}
   * with its warehouse in {@code warehouse}.
   */
  public static void register(SparkSession spark, String name, Path warehouse) {
    String key = "spark.sql.catalog." + name;
    spark.conf().set(key, "org.apache.iceberg.spark.SparkCatalog");
    spark.conf().set(key + ".type", "hadoop");
    spark.conf().set(key + ".warehouse", warehouse.toUri().toString());
    spark.conf().set(key + ".lock-impl", LocalCommitLock.class.getName());
  }

  /** The table's rows as {@link Datasets#storedRows} gives a folder's: {@code id|data|ts|date}. */
  public static List<String> rows(String table) {
    // Other processes may have committed since the catalog last looked.
    TestSpark.session().catalog().refreshTable(table);
    return Datasets.lines(
        TestSpark.session()
            .read()
            .format("iceberg")
            .load(table)
            .select(
                col(Columns.ID),
                col(Columns.DATA),
                unix_micros(col(Columns.TS)),
                unix_date(to_date(col(Columns.TS)))));
  }
}
