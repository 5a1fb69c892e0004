package dev.testbed.maven;

import dev.testbed.core.Credential;
import dev.testbed.core.TestbedException;
import java.util.Map;
import java.util.Optional;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.building.SettingsProblem;
import org.apache.maven.settings.crypto.DefaultSettingsDecryptionRequest;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.apache.maven.settings.crypto.SettingsDecryptionResult;

/**
 * Finds the lake's credentials the Maven way: a {@code <server>} in settings.xml (passwords encrypted with
 * {@code mvn --encrypt-password} are decrypted), else the standard environment variables. Credentials never
 * come from the POM.
 */
final class LakeCredentials {

    private final Settings settings;
    private final SettingsDecrypter decrypter;
    private final Map<String, String> environment;

    LakeCredentials(Settings settings, SettingsDecrypter decrypter, Map<String, String> environment) {
        this.settings = settings;
        this.decrypter = decrypter;
        this.environment = environment;
    }

    /** S3 key id and secret: {@code <server>} {@code serverId} (username, password), else AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY. */
    Credential s3(String serverId) {
        Optional<Credential> server = server(serverId);
        if (server.isPresent()) {
            return server.get();
        }
        String keyId = environment.get("AWS_ACCESS_KEY_ID");
        String secret = environment.get("AWS_SECRET_ACCESS_KEY");
        if (keyId != null && !keyId.isBlank() && secret != null && !secret.isBlank()) {
            return new Credential(keyId, secret, "environment variables AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY");
        }
        return null;
    }

    /** The region when no parameter sets it: AWS_REGION, else AWS_DEFAULT_REGION, else null. */
    String region() {
        String region = environment.get("AWS_REGION");
        return region != null && !region.isBlank() ? region : environment.get("AWS_DEFAULT_REGION");
    }

    /** The PostgreSQL catalog's password from {@code <server>} {@code serverId}; null leaves it to libpq (PGPASSWORD, ~/.pgpass). */
    Credential catalog(String serverId) {
        return server(serverId).orElse(null);
    }

    private Optional<Credential> server(String serverId) {
        if (serverId == null || serverId.isBlank() || settings == null) {
            return Optional.empty();
        }
        Server server = settings.getServer(serverId);
        if (server == null || server.getPassword() == null || server.getPassword().isEmpty()) {
            return Optional.empty();
        }
        Server decrypted = server;
        if (decrypter != null) {
            SettingsDecryptionResult result = decrypter.decrypt(new DefaultSettingsDecryptionRequest(server));
            for (SettingsProblem problem : result.getProblems()) {
                if (problem.getSeverity() != SettingsProblem.Severity.WARNING) {
                    throw new TestbedException("Cannot decrypt the password of <server> '" + serverId + "' in settings.xml: "
                            + problem.getMessage(),
                            "Check ~/.m2/settings-security.xml (the master password) or re-encrypt with mvn --encrypt-password.");
                }
            }
            decrypted = result.getServer();
        }
        return Optional.of(new Credential(decrypted.getUsername(), decrypted.getPassword(), "<server> '" + serverId + "' in settings.xml"));
    }
}
