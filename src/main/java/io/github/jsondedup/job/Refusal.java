package io.github.jsondedup.job;

import io.github.jsondedup.config.RejectLimit;
import io.github.jsondedup.dedup.KeyScan;
import io.github.jsondedup.output.AuditOutputs;
import io.github.jsondedup.output.AuditTee;
import io.github.jsondedup.report.RunCounts;
import io.github.jsondedup.report.RunReport;
import io.github.jsondedup.report.StepMetrics;
import io.github.jsondedup.report.Tally;
import java.util.Locale;
import java.util.Map;

/**
 * The reject limit ({@code --max-rejected}, contract rule 6): a batch with more bad input than it
 * allows stores nothing, and keeps its rejected records and quarantined files for a person to see.
 */
final class Refusal {
  private Refusal() {}

  /**
   * Whether {@code read} has more bad input than {@code limit}: rejected records and quarantined
   * files count alike, as shares of the records read and the files quarantined.
   */
  static boolean due(RejectLimit limit, BatchRead read) {
    long quarantined = read.quarantinedFiles();
    return limit.exceededBy(read.rejected() + quarantined, read.records() + quarantined);
  }

  /**
   * Keeps the batch's bad input and writes its report, before it stores anything; the exception to
   * end the run with.
   */
  static TooManyRejectedException refuse(Batch batch, BatchRead read) {
    long rejected = read.rejected();
    long quarantined = read.quarantinedFiles();
    // Nothing was ruled on or written: every record read that was not rejected is held back.
    RunCounts counts =
        read.counts(batch.start().files().size())
            .rejected(rejected)
            .heldBack(read.records() - rejected)
            .build();
    batch.describe(
        StepMetrics.AUDIT, "keep " + rejected + " rejected records and " + quarantined + " files");
    Tally auditTally = Tally.register(batch.spark().sparkContext());
    AuditTee.Sink badInputOnly = batch.sink().withoutConflicts();
    Map<String, String> audit =
        batch
            .timings()
            .time(
                StepMetrics.AUDIT,
                () -> {
                  KeyScan.classify(read.rows(), null, batch.spread(), batch.sink().files())
                      .toJavaRDD()
                      .mapPartitions(rows -> AuditTee.apply(rows, badInputOnly, auditTally))
                      .foreachPartition(rows -> rows.forEachRemaining(row -> {}));
                  return AuditOutputs.publish(
                      batch.hadoop(),
                      batch.layout(),
                      batch.runId(),
                      auditTally.sum().auditFiles(),
                      read.unreadable());
                });
    RunReport report = BatchReport.refused(batch, read, counts, audit);
    StringBuilder where = new StringBuilder();
    audit.forEach(
        (kind, path) ->
            where
                .append(" The ")
                .append(
                    kind.equals(AuditOutputs.REJECTED) ? "rejected records" : "quarantined files")
                .append(" are in ")
                .append(path)
                .append('.'));
    return new TooManyRejectedException(
        String.format(
            Locale.ROOT,
            "%d of %d records rejected and %d of %d files quarantined, above the max-rejected limit"
                + " of %s: nothing was written to the dataset.%s The run report is %s",
            rejected,
            counts.recordsRead(),
            quarantined,
            counts.files(),
            batch.settings().maxRejected(),
            where,
            report.reportFile()),
        report);
  }
}
