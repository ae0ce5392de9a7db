package io.github.jsondedup.job;

import io.github.jsondedup.config.InvalidSettingException;
import io.github.jsondedup.config.Settings;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * What a dataset is, kept with it: an id made by the first run that wrote to it, and the key it is
 * deduplicated on (contract rule 3: the key belongs to the dataset). A checkpoint names the id of
 * the dataset it read into ({@link CheckpointOwner}), so that a dataset deleted and built again is
 * told from the one the checkpoint knew.
 *
 * @param id a random UUID, new for each new dataset
 * @param key the key columns of every run on the dataset
 */
record DatasetIdentity(String id, List<String> key) {

  /** A new dataset's identity. */
  static DatasetIdentity create(List<String> key) {
    return new DatasetIdentity(UUID.randomUUID().toString(), List.copyOf(key));
  }

  /** Refuses a run on {@code output} with another key than the dataset's. */
  DatasetIdentity refuseOtherKey(String output, List<String> runKey) {
    if (!Set.copyOf(key).equals(Set.copyOf(runKey))) {
      throw new InvalidSettingException(
          Settings.KEY.name(),
          String.format(
              java.util.Locale.ROOT,
              "%s is deduplicated on --key %s, and this run asks for --key %s; a dataset keeps the"
                  + " key it was built with: run with --key %s, or write to a new output",
              output,
              String.join(",", key),
              String.join(",", runKey),
              String.join(",", key)));
    }
    return this;
  }
}
