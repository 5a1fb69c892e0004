import dev.testbed.it.TestServers

TestServers servers = TestServers.load(new File(basedir, '../../it-servers').toPath())
servers.createDatabase('concurrent_lake')
TestServers.writeProperties(new File(basedir, 'shared.properties').toPath(), servers.buildProperties('concurrent_lake', 'concurrent-lake'))
true
