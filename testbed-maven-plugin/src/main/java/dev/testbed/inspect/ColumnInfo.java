package dev.testbed.inspect;

/** A column of a lake table with its type and, where a properties file gives one, its description. */
public record ColumnInfo(String name, String type, String description) {
}
