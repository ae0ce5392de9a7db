package io.github.jsondedup.job;

import io.github.jsondedup.config.RejectLimit;
import io.github.jsondedup.config.UsageException;
import io.github.jsondedup.read.InputReader;
import io.github.jsondedup.schema.Columns;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;

/**
 * What one run ingests, already checked: inputs, the output dataset and the key columns.
 *
 * @param key the record fields that make two records duplicates (contract rule 3)
 * @param lockWait how long to wait for another run that is writing to the output
 * @param reader how files become records
 * @param maxRejected above this many rejected records the run writes nothing to the dataset
 */
public record IngestOptions(
    List<String> inputs,
    String output,
    List<String> key,
    Duration lockWait,
    InputReader reader,
    RejectLimit maxRejected) {
  public IngestOptions(List<String> inputs, String output, List<String> key) {
    this(inputs, output, key, Duration.ZERO, InputReader.STREAMING, RejectLimit.NONE);
  }

  /** The same options, read with {@code reader}. */
  public IngestOptions withReader(InputReader reader) {
    return new IngestOptions(inputs, output, key, lockWait, reader, maxRejected);
  }

  /** The same options, with {@code limit} on rejected records. */
  public IngestOptions withMaxRejected(RejectLimit limit) {
    return new IngestOptions(inputs, output, key, lockWait, reader, limit);
  }

  public IngestOptions {
    inputs = List.copyOf(inputs);
    key = List.copyOf(key);
    if (lockWait.isNegative()) {
      throw new UsageException("Invalid --wait-for-lock: " + lockWait.toSeconds() + " < 0");
    }
    if (inputs.isEmpty()) {
      throw new UsageException("Missing --input: give at least one input path");
    }
    if (key.isEmpty()) {
      throw new UsageException("Invalid --key: give at least one of " + Columns.RECORD_FIELDS);
    }
    for (String field : key) {
      if (!Columns.RECORD_FIELDS.contains(field)) {
        throw new UsageException(
            "Invalid --key field: '" + field + "' (choose from " + Columns.RECORD_FIELDS + ")");
      }
    }
    if (new HashSet<>(key).size() != key.size()) {
      throw new UsageException("Invalid --key: a field appears twice in " + key);
    }
  }
}
