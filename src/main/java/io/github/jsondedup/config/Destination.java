package io.github.jsondedup.config;

import java.util.Optional;

/** Where a run stores its rows: a dataset folder, or an Iceberg table. */
public sealed interface Destination permits Destination.Folder, Destination.Table {

  /** What the run report names as the output: the folder, or the table. */
  String name();

  /**
   * A dataset folder of {@code date=} partitions, its audit and reports under its {@code _ingest/}.
   */
  record Folder(String path) implements Destination {
    @Override
    public String name() {
      return path;
    }
  }

  /**
   * An Iceberg table.
   *
   * @param name CATALOG.DB.TABLE
   * @param audit where audit outputs and reports go; empty: beside the table
   * @param commitRetries how often to rule again after other runs' commits to the same days
   */
  record Table(String name, Optional<String> audit, int commitRetries) implements Destination {}
}
