package dev.testbed.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** How catalog and data path settings become the ATTACH of a DuckLake warehouse. */
class LakeLocationTest {

    @Test
    void relativeFileCatalogAndDataPathBecomeAbsolute() {
        LakeLocation location = new LakeLocation("target/lake/warehouse.ducklake", "target/lake/data");

        assertTrue(location.isFileCatalog());
        assertTrue(location.isLocalDataPath());
        assertEquals(Path.of("target/lake/warehouse.ducklake").toAbsolutePath().normalize().toString(), location.resolvedCatalog());
        assertEquals(Path.of("target/lake/data").toAbsolutePath().normalize() + "/", location.resolvedDataPath());
    }

    @Test
    void ducklakePrefixIsStripped() {
        LakeLocation location = new LakeLocation("  ducklake:/tmp/w.ducklake ", "/tmp/data/");

        assertEquals("/tmp/w.ducklake", location.catalog());
        assertTrue(location.isFileCatalog());
        assertTrue(location.attachSql("lake").startsWith("ATTACH 'ducklake:/tmp/w.ducklake' AS lake"), location.attachSql("lake"));
    }

    @Test
    void postgresCatalogIsNotAFileAndIsPassedThrough() {
        LakeLocation location = new LakeLocation("ducklake:postgres:dbname=x", "/tmp/data");

        assertFalse(location.isFileCatalog());
        assertEquals("postgres:dbname=x", location.resolvedCatalog());
        assertTrue(location.attachSql("lake").startsWith("ATTACH 'ducklake:postgres:dbname=x connect_timeout="), location.attachSql("lake"));
    }

    @Test
    void objectStoreDataPathIsNotLocalAndGetsATrailingSlash() {
        LakeLocation location = new LakeLocation("postgres:dbname=x", "s3://bucket/prefix");

        assertFalse(location.isLocalDataPath());
        assertEquals("s3://bucket/prefix/", location.resolvedDataPath());
        assertEquals("s3://bucket/prefix/", new LakeLocation("postgres:dbname=x", "s3://bucket/prefix/").resolvedDataPath());
    }

    @Test
    void quotesInPathsAreEscapedInTheAttach() {
        LakeLocation location = new LakeLocation("/tmp/o'brien.ducklake", "/tmp/o'brien/");

        assertTrue(location.attachSql("lake").contains("'ducklake:/tmp/o''brien.ducklake'"), location.attachSql("lake"));
        assertTrue(location.attachSql("lake").contains("DATA_PATH '/tmp/o''brien/'"), location.attachSql("lake"));
    }

    @Test
    void blankSettingsAreRejectedNamingTheProperty() {
        TestbedException catalog = assertThrows(TestbedException.class, () -> new LakeLocation(" ", "data"));
        TestbedException dataPath = assertThrows(TestbedException.class, () -> new LakeLocation("w.ducklake", null));

        assertTrue(catalog.getMessage().contains("testbed.catalog"), catalog.getMessage());
        assertTrue(dataPath.getMessage().contains("testbed.dataPath"), dataPath.getMessage());
    }

    @Test
    void relativeLocalPathsResolveAgainstTheGivenBaseButRemoteOnesStayAsTheyAre() {
        Path base = Path.of("/work/project");

        LakeLocation local = new LakeLocation("target/w.ducklake", "target/data").relativeTo(base);
        LakeLocation remote = new LakeLocation("postgres:dbname=x", "s3://bucket/p/").relativeTo(base);
        LakeLocation absolute = new LakeLocation("/abs/w.ducklake", "/abs/data/").relativeTo(base);

        assertEquals("/work/project/target/w.ducklake", local.resolvedCatalog());
        assertEquals("/work/project/target/data/", local.resolvedDataPath());
        assertEquals("postgres:dbname=x", remote.resolvedCatalog());
        assertEquals("s3://bucket/p/", remote.resolvedDataPath());
        assertEquals("/abs/w.ducklake", absolute.resolvedCatalog());
        assertEquals("/abs/data/", absolute.resolvedDataPath());
    }
}
