package dev.testbed.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.testbed.core.DuckDb;
import dev.testbed.core.DuckDbSettings;
import java.sql.Connection;
import org.junit.jupiter.api.Test;

/** The head start on the project's classes: armed only for a build that parses the project, started by DuckDB's start, once. */
class ClassWarmUpTest {

    @Test
    void itReadsYamlAndRendersAMacroAsTheParseDoesFirst() {
        assertEquals("M!", ClassWarmUp.load());
    }

    @Test
    void itLoadsThePluginsOwnParseAndRunClassesWithoutInitialisingThem() {
        int loaded = ClassWarmUp.loadRunClasses();
        assertTrue(loaded > 200, loaded + " classes of dev.testbed.project, compile, graph, tests, state, run, engine and results");
    }

    @Test
    void armedItStartsWithTheNextDuckDbAndNeverAgainInThisJvm() throws Exception {
        assertFalse(ClassWarmUp.armIf(false), "no goal parses the project later: nothing to load ahead");

        ClassWarmUp.armIf(true);
        try (Connection started = DuckDb.open(DuckDbSettings.defaults())) {
            assertEquals(1, DuckDb.queryLong(started, "SELECT 1"));
        }

        assertFalse(ClassWarmUp.start(), "the DuckDB start (or an earlier one in this JVM) has started it already");
        assertFalse(ClassWarmUp.armIf(true), "once started, it is never armed again");
    }
}
