package dev.testbed.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.testbed.core.Credential;
import dev.testbed.core.TestbedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.crypto.DefaultSettingsDecrypter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sonatype.plexus.components.cipher.DefaultPlexusCipher;
import org.sonatype.plexus.components.sec.dispatcher.DefaultSecDispatcher;

/** Maven's own decrypter (the component the plugin gets injected) over a real settings-security.xml. */
class LakeCredentialsTest {

    private static final String MASTER = "unit-master-password";

    @TempDir
    Path work;

    private DefaultSettingsDecrypter decrypter(String master) throws Exception {
        DefaultPlexusCipher cipher = new DefaultPlexusCipher();
        // as mvn --encrypt-master-password does: the master password encrypted with the fixed key "settings.security"
        Path security = work.resolve("settings-security.xml");
        Files.writeString(security, "<settingsSecurity><master>" + cipher.encryptAndDecorate(master, "settings.security")
                + "</master></settingsSecurity>");
        return new DefaultSettingsDecrypter(new DefaultSecDispatcher(cipher, Map.of(), security.toString()));
    }

    private static Settings settings(Server... servers) {
        Settings settings = new Settings();
        for (Server server : servers) {
            settings.addServer(server);
        }
        return settings;
    }

    private static Server server(String id, String username, String password) {
        Server server = new Server();
        server.setId(id);
        server.setUsername(username);
        server.setPassword(password);
        return server;
    }

    @Test
    void anEncryptedServerPasswordIsDecrypted() throws Exception {
        String encrypted = new DefaultPlexusCipher().encryptAndDecorate("s3-secret-Yk2", MASTER);
        LakeCredentials credentials = new LakeCredentials(settings(server("testbed-s3", "key-id", encrypted)), decrypter(MASTER), Map.of());

        Credential s3 = credentials.s3("testbed-s3");

        assertEquals("key-id", s3.user());
        assertEquals("s3-secret-Yk2", s3.secret());
        assertEquals("credentials from <server> 'testbed-s3' in settings.xml", s3.toString());
    }

    @Test
    void aServerWinsOverTheEnvironmentAndTheEnvironmentIsTheFallback() throws Exception {
        Map<String, String> env = Map.of("AWS_ACCESS_KEY_ID", "env-key", "AWS_SECRET_ACCESS_KEY", "env-secret", "AWS_DEFAULT_REGION", "eu-west-3");
        LakeCredentials credentials = new LakeCredentials(settings(server("mine", "server-key", "server-secret")), decrypter(MASTER), env);

        assertEquals("server-secret", credentials.s3("mine").secret());
        Credential fallback = credentials.s3("testbed-s3");
        assertEquals("env-key", fallback.user());
        assertEquals("env-secret", fallback.secret());
        assertTrue(fallback.toString().contains("AWS_ACCESS_KEY_ID"), fallback.toString());
        assertEquals("eu-west-3", credentials.region());
        assertNull(new LakeCredentials(settings(), decrypter(MASTER), Map.of()).s3("testbed-s3"));
    }

    @Test
    void withoutAServerTheCatalogPasswordIsLeftToLibpq() throws Exception {
        LakeCredentials credentials = new LakeCredentials(settings(server("testbed-catalog", null, "pg-pass")), decrypter(MASTER), Map.of());

        assertEquals("pg-pass", credentials.catalog("testbed-catalog").secret());
        assertNull(credentials.catalog("other"));
    }

    @Test
    void aPasswordThatCannotBeDecryptedFailsNamingTheServerWithoutThePassword() throws Exception {
        String encrypted = new DefaultPlexusCipher().encryptAndDecorate("pg-pass-Q8", "another-master");
        LakeCredentials credentials = new LakeCredentials(settings(server("team-pg", null, encrypted)), decrypter(MASTER), Map.of());

        TestbedException e = assertThrows(TestbedException.class, () -> credentials.catalog("team-pg"));

        assertTrue(e.getMessage().contains("<server> 'team-pg'"), e.getMessage());
        assertTrue(!e.getMessage().contains("pg-pass-Q8"), e.getMessage());
    }
}
