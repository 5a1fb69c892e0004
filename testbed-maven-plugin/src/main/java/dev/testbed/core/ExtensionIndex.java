package dev.testbed.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Python package index in the "simple" format (PEP 503), where DuckDB's extensions are published as wheels
 * ({@code duckdb-extension-<name>}). The simple format is what every PyPI mirror serves (Nexus, Artifactory,
 * devpi), so a company mirror works as well as pypi.org.
 *
 * @param url      the index root, such as {@code https://pypi.org/simple}
 * @param progress who hears about downloads (a wheel is ~12 MB, worth a line in the log)
 */
public record ExtensionIndex(String url, Reporter progress) {

    public static final String DEFAULT_URL = "https://pypi.org/simple";

    /** One file the index lists for a project, with the sha256 the index vouches for. */
    public record Link(String fileName, URI uri, String sha256) {
    }

    private static final Pattern ANCHOR = Pattern.compile("<a\\s[^>]*?href\\s*=\\s*[\"']([^\"']+)[\"'][^>]*>([^<]*)</a>",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern SHA256 = Pattern.compile("sha256=([0-9a-fA-F]{64})");

    public ExtensionIndex {
        url = url == null || url.isBlank() ? DEFAULT_URL : url.strip().replaceAll("/+$", "");
        progress = progress == null ? Reporter.CONSOLE : progress;
    }

    public static ExtensionIndex pypi() {
        return new ExtensionIndex(DEFAULT_URL, Reporter.CONSOLE);
    }

    /** The page that lists {@code project}'s files: the index root plus the project's normalized name (PEP 503). */
    public URI projectPage(String project) {
        String normalized = project.toLowerCase(Locale.ROOT).replaceAll("[-_.]+", "-");
        return URI.create(url + "/" + normalized + "/");
    }

    /** Every file the index lists for {@code project}. */
    public List<Link> links(String project) throws IOException {
        URI page = projectPage(project);
        HttpResponse<String> response = send(HttpRequest.newBuilder(page).header("Accept", "text/html")
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException(page + " answered HTTP " + response.statusCode()
                    + (response.statusCode() == 404 ? " (the index does not hold " + project + ")" : ""));
        }
        List<Link> links = new ArrayList<>();
        Matcher anchor = ANCHOR.matcher(response.body());
        while (anchor.find()) {
            String href = anchor.group(1).replace("&amp;", "&");
            URI target = page.resolve(href);
            Matcher hash = SHA256.matcher(target.getRawFragment() == null ? "" : target.getRawFragment());
            URI withoutFragment = URI.create(target.toString().replaceFirst("#.*$", ""));
            links.add(new Link(anchor.group(2).strip(), withoutFragment, hash.find() ? hash.group(1).toLowerCase(Locale.ROOT) : null));
        }
        return links;
    }

    /**
     * Downloads {@code link} to {@code target}, refusing it unless its sha256 is the one the index gave:
     * the binary is loaded into the build's JVM, so an unverified file must never reach DuckDB.
     */
    public void download(Link link, Path target) throws IOException {
        if (link.sha256() == null) {
            throw new IOException(url + " gives no sha256 for " + link.fileName() + ", so it cannot be verified; use an index that does");
        }
        HttpResponse<InputStream> response = send(HttpRequest.newBuilder(link.uri()).timeout(Duration.ofMinutes(10)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                throw new IOException(link.uri() + " answered HTTP " + response.statusCode());
            }
            long size = response.headers().firstValueAsLong("Content-Length").orElse(-1);
            progress.info("Downloading " + link.fileName() + (size > 0 ? String.format(Locale.ROOT, " (%.1f MB)", size / 1e6) : "")
                    + " from " + link.uri().getHost() + " ...");
            MessageDigest digest = sha256();
            try (InputStream in = new DigestInputStream(body, digest); OutputStream out = Files.newOutputStream(target)) {
                in.transferTo(out);
            }
            String actual = HexFormat.of().formatHex(digest.digest());
            if (!actual.equals(link.sha256())) {
                throw new IOException("the sha256 of " + link.uri() + " is " + actual + ", but " + url + " says " + link.sha256()
                        + "; the file was refused (a broken download or a tampered mirror)");
            }
        }
    }

    private static <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) throws IOException {
        // Java's default proxy selector: -Dhttps.proxyHost/-Dhttps.proxyPort (and http.nonProxyHosts) reach it from the mvn command line
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(15)).proxy(ProxySelector.getDefault())
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        try {
            return client.send(request, handler);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while fetching " + request.uri(), e);
        } catch (IOException e) {
            // HttpClient's own messages are often empty (a refused connection is "java.net.ConnectException" alone)
            throw new IOException("cannot fetch " + request.uri() + ": "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
