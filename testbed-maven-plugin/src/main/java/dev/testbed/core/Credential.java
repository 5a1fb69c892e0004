package dev.testbed.core;

/**
 * A user name (or S3 key id) and its secret, and where they came from. Never printed: {@link #toString()}
 * names only the source, so a credential can be passed around and logged without leaking.
 *
 * @param user   the user name or key id, or null when only a password is known
 * @param secret the password or secret access key
 * @param source where the credential was found, e.g. {@code <server> 'testbed-s3' in settings.xml}
 */
public record Credential(String user, String secret, String source) {

    public Credential {
        if (secret == null || secret.isEmpty()) {
            throw new IllegalArgumentException("a credential needs a secret (" + source + ")");
        }
    }

    @Override
    public String toString() {
        return "credentials from " + source;
    }
}
