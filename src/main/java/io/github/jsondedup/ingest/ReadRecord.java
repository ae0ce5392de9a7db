package io.github.jsondedup.ingest;

/**
 * One row of the streaming reader, checked, as a Java bean: Spark's bean encoder turns it into its
 * own row format with generated code, several times cheaper than converting a {@code Row}. Times
 * are numbers here ({@code ts} in microseconds, {@code date} in days since the epoch, the
 * modification time in milliseconds) and become Spark's types in the reader's projection.
 */
public final class ReadRecord {
  private String sourceFile;
  private long sourceMtime;
  private Long sourcePosition;
  private String id;
  private String data;
  private String tsText;
  private String status;
  private String reason;
  private String sourceText;
  private Long tsMicros;
  private Integer dateDays;

  public String getSourceFile() {
    return sourceFile;
  }

  public void setSourceFile(String sourceFile) {
    this.sourceFile = sourceFile;
  }

  public long getSourceMtime() {
    return sourceMtime;
  }

  public void setSourceMtime(long sourceMtime) {
    this.sourceMtime = sourceMtime;
  }

  public Long getSourcePosition() {
    return sourcePosition;
  }

  public void setSourcePosition(Long sourcePosition) {
    this.sourcePosition = sourcePosition;
  }

  public String getId() {
    return id;
  }

  public void setId(String id) {
    this.id = id;
  }

  public String getData() {
    return data;
  }

  public void setData(String data) {
    this.data = data;
  }

  public String getTsText() {
    return tsText;
  }

  public void setTsText(String tsText) {
    this.tsText = tsText;
  }

  public String getStatus() {
    return status;
  }

  public void setStatus(String status) {
    this.status = status;
  }

  public String getReason() {
    return reason;
  }

  public void setReason(String reason) {
    this.reason = reason;
  }

  public String getSourceText() {
    return sourceText;
  }

  public void setSourceText(String sourceText) {
    this.sourceText = sourceText;
  }

  public Long getTsMicros() {
    return tsMicros;
  }

  public void setTsMicros(Long tsMicros) {
    this.tsMicros = tsMicros;
  }

  public Integer getDateDays() {
    return dateDays;
  }

  public void setDateDays(Integer dateDays) {
    this.dateDays = dateDays;
  }
}
