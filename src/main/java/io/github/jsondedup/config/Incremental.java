package io.github.jsondedup.config;

import java.time.Duration;
import java.util.Optional;

/**
 * What makes a run incremental (contract rule 5): only the files new or changed since read.
 *
 * @param checkpoint the folder that keeps which files were read
 * @param maxFilesPerBatch at most this many files per batch
 * @param watchInterval how often a watching run looks for new files; empty: do not watch
 */
public record Incremental(
    String checkpoint, int maxFilesPerBatch, Optional<Duration> watchInterval) {
  public Incremental {
    if (maxFilesPerBatch < 1) {
      throw new IllegalArgumentException("No files per batch");
    }
  }
}
