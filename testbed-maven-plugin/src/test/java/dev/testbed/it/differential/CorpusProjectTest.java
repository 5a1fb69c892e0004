package dev.testbed.it.differential;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading the corpus: the projects that ship follow the convention, and one that does not is named before anything runs. */
class CorpusProjectTest {

    private static final Path CORPUS = Path.of("../src/it/dbt-differential/corpus");

    @TempDir
    Path dir;

    @Test
    void theShippedCorpusIsReadWithItsScriptsAndTheLakeAlias() {
        List<CorpusProject> corpus = CorpusProject.discover(CORPUS);
        List<String> names = corpus.stream().map(CorpusProject::name).toList();
        assertTrue(names.containsAll(List.of("basic", "incremental")), names.toString());
        CorpusProject incremental = corpus.get(names.indexOf("incremental"));
        assertTrue(incremental.setupSql().orElseThrow().contains("CREATE TABLE raw.sales"));
        assertTrue(incremental.betweenRunsSql().orElseThrow().contains("INSERT INTO raw.sales"));
        corpus.forEach(project -> assertEquals("lake", project.lakeAlias(), project.name()));
    }

    @Test
    void theAliasIsTheOneOfTheAttachmentOfTheLakesCatalog() throws IOException {
        Path profiles = Files.writeString(dir.resolve("profiles.yml"), """
                diff:
                  target: dev
                  outputs:
                    dev:
                      type: duckdb
                      attach:
                        - path: "{{ env_var('DIFF_LAKE_DIR') }}/other.duckdb"
                          alias: other
                          read_only: true
                        - path: "ducklake:{{ env_var('DIFF_LAKE_DIR') }}/warehouse.ducklake"
                          alias: warehouse
                      database: warehouse
                """);
        assertEquals("warehouse", CorpusProject.lakeAlias(profiles));
    }

    @Test
    void aFolderThatIsNoDbtProjectIsNamed() throws IOException {
        Files.createDirectories(dir.resolve("corpus/half"));
        Files.writeString(dir.resolve("corpus/half/profiles.yml"), "diff: {}\n");
        AssertionError failure = assertThrows(AssertionError.class, () -> CorpusProject.discover(dir.resolve("corpus")));
        assertTrue(failure.getMessage().contains(dir.resolve("corpus/half") + " has no dbt_project.yml"), failure.getMessage());
    }
}
