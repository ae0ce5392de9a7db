package io.github.jsondedup.job;

import io.github.jsondedup.config.InvalidSettingException;
import io.github.jsondedup.config.Settings;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The output a checkpoint belongs to (contract rule 5), kept in {@code <checkpoint>/output.json}:
 * its name and the id of the dataset the checkpoint's files were read into. Used with another
 * output, the checkpoint is refused; used with its output deleted and built again since (another
 * dataset id), it starts over, since what it recorded as read is not in that dataset.
 *
 * @param output the folder or the table, as the run report names it
 * @param datasetId the {@link DatasetIdentity#id} of the dataset read into
 * @param ingestFolder the output's folder of run reports and audit; null in checkpoints from before
 *     they kept it
 */
record CheckpointOwner(String output, String datasetId, String ingestFolder) {
  private static final Logger LOG = LoggerFactory.getLogger(CheckpointOwner.class);

  /**
   * Binds {@code checkpoint} to {@code output}, whose dataset is {@code dataset}: refuses a
   * checkpoint of another output, and empties {@code log} when the output's dataset is not the one
   * the checkpoint read into (a checkpoint from before checkpoints knew their output is bound as it
   * is).
   */
  /** The owner {@code checkpoint} records, or null when no run has used it yet. */
  static CheckpointOwner of(Configuration hadoop, String checkpoint) {
    return JsonFiles.read(hadoop, new Path(checkpoint, "output.json"), CheckpointOwner.class);
  }

  static void bind(
      Configuration hadoop,
      String checkpoint,
      String output,
      String ingestFolder,
      DatasetIdentity dataset,
      FileLog log) {
    Path file = new Path(checkpoint, "output.json");
    CheckpointOwner owner = of(hadoop, checkpoint);
    if (owner != null && !owner.output().equals(output)) {
      throw new InvalidSettingException(
          Settings.CHECKPOINT.name(),
          String.format(
              java.util.Locale.ROOT,
              "%s records the files read into %s, not into %s; a checkpoint belongs to one output:"
                  + " give it its output, or give this output a new checkpoint",
              checkpoint,
              owner.output(),
              output));
    }
    if (owner != null
        && owner.datasetId().equals(dataset.id())
        && ingestFolder.equals(owner.ingestFolder())) {
      return;
    }
    if (owner != null && !owner.datasetId().equals(dataset.id()) && log.size() > 0) {
      LOG.info(
          "{} records {} files as read into a dataset that {} no longer holds (it was deleted or"
              + " built again since): reading every file again, whose stored keys still win",
          checkpoint,
          log.size(),
          output);
      // Emptied before the new owner is written: a run killed in between empties it again.
      log.clear();
    }
    JsonFiles.replace(hadoop, file, new CheckpointOwner(output, dataset.id(), ingestFolder));
  }
}
