package io.github.jsondedup.table;

import io.github.jsondedup.config.InvalidSettingException;
import io.github.jsondedup.config.Settings;
import io.github.jsondedup.schema.Columns;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.UpdateProperties;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.spark.Spark3Util;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.analysis.NoSuchTableException;
import org.apache.spark.sql.catalyst.parser.ParseException;
import org.apache.spark.sql.connector.catalog.TableCatalog;

/**
 * The Iceberg tables a run writes to, found through the Spark catalogs the session is given ({@code
 * spark.sql.catalog.NAME}): a table is {@code id string, data string, ts timestamptz}, partitioned
 * by {@code days(ts)}, the folder layout's {@code date=} partitions.
 */
public final class IcebergTables {
  private IcebergTables() {}

  /** The table property that keeps the key the table is deduplicated on (contract rule 3). */
  public static final String KEY_PROPERTY = "json-dedup.key";

  /**
   * What keeps a run's costs bounded, set on the tables the job makes (a table that sets its own
   * values keeps them). Each commit writes a metadata file that names the ones before it, and
   * Iceberg keeps them all unless told: a week of one-file batches held thousands. And a Parquet
   * writer measures its buffer first after 100 rows, then as their size tells: 100 rows of 10 MB
   * values are a gigabyte; from the first row on, it stays within its row group.
   */
  static final Map<String, String> BOUNDED_COSTS =
      Map.of(
          TableProperties.METADATA_DELETE_AFTER_COMMIT_ENABLED, "true",
          TableProperties.METADATA_PREVIOUS_VERSIONS_MAX, "20",
          TableProperties.PARQUET_ROW_GROUP_CHECK_MIN_RECORD_COUNT, "1");

  /**
   * The table called {@code name} (CATALOG.DB.TABLE), created first if it does not exist, with
   * {@code key} as its {@link #KEY_PROPERTY} (in the commit that creates it).
   */
  public static Table openOrCreate(SparkSession spark, String name, List<String> key) {
    checkCatalog(spark, name);
    forgetCached(spark, name);
    String namespace = name.substring(0, name.lastIndexOf('.'));
    spark.sql("CREATE NAMESPACE IF NOT EXISTS " + namespace);
    spark.sql(
        "CREATE TABLE IF NOT EXISTS "
            + name
            + " ("
            + Columns.ID
            + " STRING, "
            + Columns.DATA
            + " STRING, "
            + Columns.TS
            + " TIMESTAMP) USING iceberg PARTITIONED BY (days("
            + Columns.TS
            + ")) TBLPROPERTIES ('format-version'='2', '"
            + TableProperties.WRITE_AUDIT_PUBLISH_ENABLED
            + "'='true', "
            + BOUNDED_COSTS.entrySet().stream()
                .map(property -> "'" + property.getKey() + "'='" + property.getValue() + "', ")
                .collect(Collectors.joining())
            + "'"
            + KEY_PROPERTY
            + "'='"
            + String.join(",", key)
            + "')");
    Table table = load(spark, name);
    checkSchema(name, table);
    // A run writes its files as a staged snapshot (write-audit-publish), then commits them itself,
    // validated against the other runs' commits (TableCommits). A table made by other means may
    // not allow staging yet.
    UpdateProperties missing = table.updateProperties();
    boolean anyMissing = false;
    if (!"true".equals(table.properties().get(TableProperties.WRITE_AUDIT_PUBLISH_ENABLED))) {
      missing.set(TableProperties.WRITE_AUDIT_PUBLISH_ENABLED, "true");
      anyMissing = true;
    }
    for (Map.Entry<String, String> property : BOUNDED_COSTS.entrySet()) {
      if (!table.properties().containsKey(property.getKey())) {
        missing.set(property.getKey(), property.getValue());
        anyMissing = true;
      }
    }
    if (anyMissing) {
      missing.commit();
      table.refresh();
    }
    return table;
  }

  /**
   * The existing table called {@code name}; an {@link InvalidSettingException} if there is none.
   */
  public static Table load(SparkSession spark, String name) {
    checkCatalog(spark, name);
    forgetCached(spark, name);
    try {
      return Spark3Util.loadIcebergTable(spark, name);
    } catch (NoSuchTableException e) {
      throw new InvalidSettingException(Settings.TABLE.name(), name + " does not exist");
    } catch (ParseException e) {
      throw new InvalidSettingException(
          Settings.TABLE.name(), "'" + name + "' is not a table name: " + e.getMessage());
    }
  }

  /**
   * Refuses a table whose columns are not a run's rows: {@code id} and {@code data} strings, {@code
   * ts} a timestamp with zone; other columns must be optional (a run leaves them null).
   */
  private static void checkSchema(String name, Table table) {
    Schema schema = table.schema();
    Map<String, Type> needed =
        Map.of(
            Columns.ID, Types.StringType.get(),
            Columns.DATA, Types.StringType.get(),
            Columns.TS, Types.TimestampType.withZone());
    List<String> wrong = new ArrayList<>();
    needed.forEach(
        (column, type) -> {
          Types.NestedField field = schema.findField(column);
          if (field == null || !field.type().equals(type)) {
            wrong.add(column + " " + (field == null ? "missing" : field.type()));
          }
        });
    schema.columns().stream()
        .filter(field -> !needed.containsKey(field.name()) && field.isRequired())
        .forEach(field -> wrong.add(field.name() + " required"));
    if (!wrong.isEmpty()) {
      throw new InvalidSettingException(
          Settings.TABLE.name(),
          name
              + " is not a table of json-dedup's rows ("
              + String.join(", ", wrong.stream().sorted().toList())
              + "): it needs id string, data string, ts timestamptz; name a new table, or another");
    }
  }

  /**
   * The location of the existing table {@code name}, from its catalog as the Spark settings {@code
   * sparkSettings} define it ({@code spark.sql.catalog.CATALOG.*}), with no Spark session: for
   * commands that read only a table's run reports. An {@link InvalidSettingException} if there is
   * no such table or catalog.
   */
  public static String location(
      Map<String, String> sparkSettings, Configuration hadoop, String name) {
    checkCatalog(sparkSettings::containsKey, name);
    String[] parts = name.split("\\.", 3);
    String prefix = "spark.sql.catalog." + parts[0] + ".";
    Map<String, String> options = new HashMap<>();
    sparkSettings.forEach(
        (key, value) -> {
          if (key.startsWith(prefix)) {
            options.put(key.substring(prefix.length()), value);
          }
        });
    if (!options.containsKey(CatalogUtil.ICEBERG_CATALOG_TYPE)
        && !options.containsKey(CatalogProperties.CATALOG_IMPL)) {
      // As Iceberg's SparkCatalog: a catalog of no type is a Hive metastore's.
      options.put(CatalogUtil.ICEBERG_CATALOG_TYPE, CatalogUtil.ICEBERG_CATALOG_TYPE_HIVE);
    }
    Catalog catalog = CatalogUtil.buildIcebergCatalog(parts[0], options, hadoop);
    try {
      return catalog.loadTable(TableIdentifier.of(parts[1], parts[2])).location();
    } catch (org.apache.iceberg.exceptions.NoSuchTableException e) {
      throw new InvalidSettingException(Settings.TABLE.name(), name + " does not exist");
    } finally {
      if (catalog instanceof java.io.Closeable closeable) {
        try {
          closeable.close();
        } catch (java.io.IOException e) {
          // Only the catalog's client connections: the location is read.
        }
      }
    }
  }

  /**
   * Drops what the session's catalog remembers of the table: a run's session outlives the run
   * ({@code JobSession}), and Iceberg's catalog keeps a table as it last loaded it, so a table
   * dropped and made again since, by anyone, would look unchanged.
   */
  private static void forgetCached(SparkSession spark, String name) {
    try {
      Spark3Util.CatalogAndIdentifier found = Spark3Util.catalogAndIdentifier(spark, name);
      if (found.catalog() instanceof TableCatalog catalog) {
        catalog.invalidateTable(found.identifier());
      }
    } catch (ParseException e) {
      throw new InvalidSettingException(
          Settings.TABLE.name(), "'" + name + "' is not a table name: " + e.getMessage());
    }
  }

  private static void checkCatalog(SparkSession spark, String name) {
    checkCatalog(key -> spark.conf().getOption(key).isDefined(), name);
  }

  private static void checkCatalog(java.util.function.Predicate<String> configured, String name) {
    String catalog = name.substring(0, name.indexOf('.'));
    String key = "spark.sql.catalog." + catalog;
    if (!configured.test(key)) {
      throw new InvalidSettingException(
          Settings.TABLE.name(),
          "the catalog '"
              + catalog
              + "' is not configured: give Spark "
              + key
              + "=org.apache.iceberg.spark.SparkCatalog and its type and warehouse, such as "
              + key
              + ".type=hadoop and "
              + key
              + ".warehouse=/data/warehouse, as spark-submit --conf KEY=VALUE or, with the"
              + " launcher, JSON_DEDUP_JAVA_OPTIONS=\"-DKEY=VALUE ...\" (see the README's \"Folder"
              + " or table\")");
    }
  }

  /** The error of a run whose table {@code name} was dropped while it ran. */
  public static IllegalStateException droppedDuringRun(String name, Exception cause) {
    return new IllegalStateException("The table " + name + " was dropped during the run", cause);
  }
}
