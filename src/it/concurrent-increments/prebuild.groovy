import dev.testbed.it.TestServers

TestServers servers = TestServers.load(new File(basedir, '../../it-servers').toPath())
servers.createDatabase('increments_lake')
TestServers.writeProperties(new File(basedir, 'shared.properties').toPath(), servers.buildProperties('increments_lake', 'increments-lake'))
true
