// Points the invocations at the test servers, and leaves an orphan object in the lake's bucket prefix (see invoker.properties).
import dev.testbed.it.TestServers
import java.nio.file.Files
import java.nio.file.attribute.FileTime

TestServers servers = TestServers.load(new File(basedir, '../../it-servers').toPath())
servers.createDatabase('maintain_lake')
TestServers.writeProperties(new File(basedir, 'shared.properties').toPath(), servers.buildProperties('maintain_lake', 'maintain-lake'))
// s3proxy keeps each object as a file of its own under its root, so a file there is an object of the bucket
def orphan = servers.s3Root().resolve(TestServers.BUCKET).resolve('maintain-lake/raw/raw_sales/testbed-killed-load.parquet')
Files.createDirectories(orphan.parent)
Files.writeString(orphan, 'PAR1' + 'x' * 10_000 + 'PAR1')
Files.setLastModifiedTime(orphan, FileTime.fromMillis(System.currentTimeMillis() - 2 * 3600_000L))
true
