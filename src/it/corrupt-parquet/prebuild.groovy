// Runs before invocation 1. Writes a small valid data set with the plugin's own generator (another
// seed than pom.xml, so a load of it is never mistaken for "already loaded"), then derives three bad
// folders from it with DuckDB. Each folder holds all four tables as one file each (the generator's
// month files of sales are first joined into one sales.parquet, as a user might bring them);
// exactly one file is bad.
import dev.testbed.core.DuckDbSettings
import dev.testbed.core.Reporter
import dev.testbed.generate.DataGenerator
import dev.testbed.generate.GeneratorConfig
import java.nio.file.Files
import java.nio.file.StandardCopyOption
import java.sql.SQLException
import groovy.transform.Field
import dev.testbed.it.ItDatabase

File bad = basedir.toPath().toAbsolutePath().normalize().resolve('target/bad').toFile()
File source = new File(bad, 'source')
def stems = ['customers', 'stores', 'products', 'sales']

def config = GeneratorConfig.scaled(0.01, 99, GeneratorConfig.DEFAULT_START, GeneratorConfig.DEFAULT_END, source.toPath())
new DataGenerator(DuckDbSettings.defaults().withThreads(1), Reporter.CONSOLE).generate(config, true)

@Field ItDatabase db = new ItDatabase()
// one sales.parquet from the generator's sales/ folder, with the generator's Parquet options
db.execute("""COPY (SELECT * FROM read_parquet('${new File(source, 'sales').absolutePath}/*.parquet'))
       TO '${new File(source, 'sales.parquet')}' (FORMAT parquet, COMPRESSION zstd, PARQUET_VERSION v2)""")

File folder(File parent, String name, List<String> copied, File from) {
    File dir = new File(parent, name)
    dir.mkdirs()
    copied.each { Files.copy(new File(from, "${it}.parquet").toPath(), new File(dir, "${it}.parquet").toPath(), StandardCopyOption.REPLACE_EXISTING) }
    return dir
}

try {
    // (a) schema mismatch: customer_id written as VARCHAR, everything else unchanged
    File schema = folder(bad, 'schema-mismatch', stems - 'customers', source)
    db.execute("""COPY (SELECT * REPLACE (CAST(customer_id AS VARCHAR) AS customer_id)
                 FROM read_parquet('${new File(source, 'customers.parquet')}'))
           TO '${new File(schema, 'customers.parquet')}' (FORMAT parquet)""")
    assert db.rows("SELECT column_type FROM (DESCRIBE SELECT * FROM read_parquet('${new File(schema, 'customers.parquet')}')) WHERE column_name = 'customer_id'") == [['VARCHAR']]

    // (b) truncated: the first half of sales.parquet, so no footer and no PAR1 at the end
    File truncated = folder(bad, 'truncated', stems - 'sales', source)
    byte[] sales = new File(source, 'sales.parquet').bytes
    new File(truncated, 'sales.parquet').bytes = Arrays.copyOf(sales, sales.length.intdiv(2))

    // (c) corrupt data pages: overwrite the column chunk that holds the file's middle byte (page
    //     header and data) with a fixed pattern; the footer at the end stays intact
    File corrupt = folder(bad, 'corrupt-pages', stems - 'sales', source)
    File salesCopy = new File(corrupt, 'sales.parquet')
    def chunks = db.rows("""SELECT path_in_schema, coalesce(dictionary_page_offset, data_page_offset), total_compressed_size
                         FROM parquet_metadata('${new File(source, 'sales.parquet')}') ORDER BY 2""")
    long middle = sales.length.intdiv(2)
    def chunk = chunks.find { (it[1] as long) <= middle && middle < (it[1] as long) + (it[2] as long) }
    assert chunk: "no column chunk covers byte $middle of sales.parquet: $chunks"
    byte[] damaged = sales.clone()
    Arrays.fill(damaged, chunk[1] as int, (chunk[1] as int) + (chunk[2] as int), (byte) 0xEE)
    salesCopy.bytes = damaged
    println "corrupt-pages: overwrote column ${chunk[0]} (${chunk[2]} bytes at offset ${chunk[1]}) of sales.parquet"
    // the footer still reads and declares every row, but the rows themselves cannot be read
    long declared = db.rows("SELECT num_rows FROM parquet_file_metadata('$salesCopy')")[0][0] as long
    assert declared == (db.rows("SELECT count(*) FROM read_parquet('${new File(source, 'sales.parquet')}')")[0][0] as long)
    try {
        db.rows("SELECT * FROM read_parquet('$salesCopy')")
        assert false: 'the corrupted sales.parquet still reads'
    } catch (SQLException expected) {
        println "corrupt-pages: DuckDB cannot read it: ${expected.message.readLines().find { it.contains('Error') }}"
    }

    // (d) half-generated: what a generate-data run killed part way leaves: the generator's own layout without its
    //     manifest (deleted first, written last), the last months missing, and the month in progress as a .part file
    File half = folder(bad, 'half-generated', stems - 'sales', source)
    File halfSales = new File(half, 'sales')
    halfSales.mkdirs()
    def months = new File(source, 'sales').listFiles().findAll { it.name.endsWith('.parquet') }.sort { it.name }
    months.take(months.size() - 8).each { Files.copy(it.toPath(), new File(halfSales, it.name).toPath(), StandardCopyOption.REPLACE_EXISTING) }
    File inProgress = months[months.size() - 8]
    new File(halfSales, inProgress.name + '.part').bytes = Arrays.copyOf(inProgress.bytes, inProgress.bytes.length.intdiv(2))
    assert !new File(half, 'testbed-dataset.properties').exists()
} finally {
    db.close()
}
true // the invoker fails a hook script that returns anything but null or true
