package io.github.jsondedup.report;

import java.util.List;
import java.util.Map;

/**
 * The machine-readable record of one run, written as JSON under {@code _ingest/runs/}.
 *
 * @param audit where this run's rejected records, quarantined files and conflicts were written
 *     (only those it had), by kind
 * @param timingsMillis wall time per step, in the order the steps ran
 */
public record RunReport(
    String runId,
    String startedAt,
    String finishedAt,
    List<String> inputs,
    String output,
    List<String> key,
    RunCounts counts,
    List<String> partitions,
    Map<String, String> audit,
    Map<String, Long> timingsMillis) {}
