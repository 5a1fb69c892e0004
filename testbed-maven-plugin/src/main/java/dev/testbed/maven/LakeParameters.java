package dev.testbed.maven;

import dev.testbed.core.LakeAccess;
import dev.testbed.core.LakeLocation;
import dev.testbed.core.S3Settings;
import java.nio.file.Path;

/**
 * Where the lake lives and how to reach it, as the goals' parameters give it; the credentials come from
 * settings.xml or the environment ({@link LakeCredentials}), never from these.
 */
record LakeParameters(String catalog, String dataPath, String catalogServerId, String s3Endpoint, String s3Region,
                      String s3UrlStyle, Boolean s3UseSsl, String s3ServerId) {

    /** The lake's location with its credentials; relative paths are relative to {@code basedir}. */
    LakeLocation location(Path basedir, LakeCredentials credentials) {
        S3Settings s3 = new S3Settings(blankToNull(s3Endpoint), s3Region != null && !s3Region.isBlank() ? s3Region : credentials.region(),
                blankToNull(s3UrlStyle), s3UseSsl, credentials.s3(s3ServerId));
        LakeAccess access = new LakeAccess(s3, credentials.catalog(catalogServerId), s3ServerId, catalogServerId);
        return new LakeLocation(catalog, dataPath, access).relativeTo(basedir);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
