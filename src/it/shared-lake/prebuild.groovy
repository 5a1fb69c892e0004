// Points the invocations at the test servers: one properties file per invocation (see invoker.properties).
import dev.testbed.it.TestServers

TestServers servers = TestServers.load(new File(basedir, '../../it-servers').toPath())
servers.createDatabase('shared_lake')
int closedPort = new ServerSocket(0).withCloseable { it.localPort } // nothing listens there afterwards

Map<String, String> shared = servers.buildProperties('shared_lake', 'shared-lake') + [
        'testbed.catalog.serverId': 'it-pg-encrypted',
        'testbed.outputDirectory' : 'target/testbed-shared',
]
def write = { String name, Map<String, String> values -> TestServers.writeProperties(new File(basedir, name).toPath(), values) }
write('shared.properties', shared)
write('wrong-s3.properties', shared + ['testbed.s3.serverId': 'it-s3-wrong', 'testbed.outputDirectory': 'target/testbed-wrong-s3'])
write('wrong-pg.properties', shared + ['testbed.catalog.serverId': 'it-pg-wrong', 'testbed.outputDirectory': 'target/testbed-wrong-pg'])
write('no-catalog.properties', shared + ['testbed.catalog': "postgres:dbname=shared_lake host=127.0.0.1 port=$closedPort user=postgres".toString()])
write('no-endpoint.properties', shared + ['testbed.s3.endpoint': "127.0.0.1:$closedPort".toString()])
true
