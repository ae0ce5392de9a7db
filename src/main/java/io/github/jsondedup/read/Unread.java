package io.github.jsondedup.read;

/**
 * An input the file system failed to give after every try (contract rule 6): a file that could not
 * be opened or read, or a folder that could not be listed. It is neither quarantined nor recorded
 * as read, so the next run tries it again.
 *
 * @param path the file or folder, as listed
 * @param cause what the file system said, in one line
 */
public record Unread(String path, String cause) {}
