package dev.testbed.core;

/** A named, typed column of a table in the warehouse contract. */
public record Column(String name, ColumnType type) {
}
