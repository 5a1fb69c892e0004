package dev.testbed.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.testbed.project.ParsedModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One compiler serves parallel workers: renders on several threads give what one thread gives. */
class ModelCompilerThreadsTest {

    @TempDir
    Path root;

    @Test
    void parallelParsesAndCompilesMatchSequentialOnes() throws Exception {
        TestProject p = new TestProject(root)
                .macro("macros/m.sql", "{% macro label(x) %}{{ return('m_' ~ x) }}{% endmacro %}{% macro twice(c) %}{{ c }} * 2{% endmacro %}")
                .var("factor", 3);
        int models = 60;
        for (int i = 0; i < models; i++) {
            String from = i == 0 ? "(select 1 as id)" : "{{ ref('m" + (i - 1) + "') }}";
            p.model("models/m" + i + ".sql", "{{ config(materialized='table', tags=['t" + (i % 3) + "']) }}"
                    + "{% set cols = range(" + (i % 5 + 1) + ") %}select {% for c in cols %}{{ twice('c' ~ c) }} as {{ label(c) }}, {% endfor %}"
                    + "{{ var('factor') }} as f from " + from);
        }
        ModelCompiler compiler = p.compiler();
        Map<String, String> sequential = new HashMap<>();
        for (int i = 0; i < models; i++) {
            sequential.put("m" + i, TestProject.compile(compiler, "m" + i, false));
        }

        ModelCompiler fresh = p.compiler();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < models; i++) {
                String name = "m" + i;
                results.add(pool.submit(() -> {
                    ParsedModel parsed = fresh.parse(p.file(name));
                    return fresh.compile(parsed, TestProject.context(fresh, false, "lake.main." + name));
                }));
            }
            for (int i = 0; i < models; i++) {
                assertEquals(sequential.get("m" + i), results.get(i).get(), "m" + i);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals("select c0 * 2 as m_0, c1 * 2 as m_1, 3 as f from lake.main.m5", sequential.get("m6"));
    }
}
