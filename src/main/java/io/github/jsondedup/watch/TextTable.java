package io.github.jsondedup.watch;

import java.util.List;

/** Rows of text as aligned columns: names left-aligned, figures right-aligned. */
final class TextTable {
  private static final String GAP = "  ";

  private TextTable() {}

  /**
   * {@code rows} (the first is the header) as lines of aligned columns; the first {@code
   * leftAligned} columns are aligned left, the others right.
   */
  static String align(List<String[]> rows, int leftAligned) {
    int columns = rows.get(0).length;
    int[] widths = new int[columns];
    for (String[] row : rows) {
      for (int i = 0; i < columns; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    StringBuilder text = new StringBuilder();
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < columns; i++) {
        if (i > 0) {
          line.append(GAP);
        }
        String pad = " ".repeat(widths[i] - row[i].length());
        line.append(i < leftAligned ? row[i] + pad : pad + row[i]);
      }
      text.append(line.toString().stripTrailing()).append('\n');
    }
    return text.toString();
  }
}
