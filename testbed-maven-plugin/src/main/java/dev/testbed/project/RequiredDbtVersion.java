package dev.testbed.project;

import dev.testbed.core.TestbedException;
import dev.testbed.project.YamlTree.ListNode;
import dev.testbed.project.YamlTree.Node;
import dev.testbed.project.YamlTree.Scalar;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * dbt_project.yml's {@code require-dbt-version}, checked as dbt-core checks it against the dbt this plugin builds like:
 * packages declare the dbt versions they work with, and a package made for another dbt must fail here as it fails in dbt
 * rather than build something else.
 */
public final class RequiredDbtVersion {

    /** The dbt-core release whose behaviour the plugin reproduces (and checks itself against in the differential IT). */
    public static final String DBT_VERSION = "1.11.4";

    // dbt_common.semver: an optional matcher, then major.minor.patch, then an optional pre-release and build
    private static final Pattern SPECIFIER = Pattern.compile(
            "\\s*(?<matcher>>=|>|<=|<|=)?\\s*(?<major>0|[1-9]\\d*)\\.(?<minor>0|[1-9]\\d*)\\.(?<patch>0|[1-9]\\d*)"
                    + "(?:-(?<prerelease>[0-9A-Za-z.-]+))?(?:\\+[0-9A-Za-z.-]+)?\\s*");

    private record Version(int major, int minor, int patch, String prerelease) implements Comparable<Version> {
        @Override
        public int compareTo(Version other) {
            int base = major != other.major ? Integer.compare(major, other.major)
                    : minor != other.minor ? Integer.compare(minor, other.minor) : Integer.compare(patch, other.patch);
            if (base != 0 || java.util.Objects.equals(prerelease, other.prerelease)) {
                return base;
            }
            // a pre-release comes before its release
            return prerelease == null ? 1 : other.prerelease == null ? -1 : prerelease.compareTo(other.prerelease);
        }
    }

    private record Specifier(String matcher, Version version, String text) {
        boolean accepts(Version installed) {
            int order = installed.compareTo(version);
            return switch (matcher) {
                case ">=" -> order >= 0;
                case ">" -> order > 0;
                case "<=" -> order <= 0;
                case "<" -> order < 0;
                default -> order == 0;
            };
        }
    }

    private RequiredDbtVersion() {
    }

    private static Version version(Matcher matched) {
        return new Version(Integer.parseInt(matched.group("major")), Integer.parseInt(matched.group("minor")), Integer.parseInt(matched.group("patch")),
                matched.group("prerelease"));
    }

    /**
     * Fails, with dbt's message, when {@code node} (the {@code require-dbt-version} value, a string or a list of strings; may
     * be null) excludes {@value #DBT_VERSION}.
     *
     * @param file    the dbt_project.yml, as named in messages
     * @param project the name of the project or package that requires it
     */
    public static void check(String file, Node node, String project) {
        if (node == null || node instanceof Scalar scalar && scalar.value() == null) {
            return;
        }
        List<Node> items = node instanceof ListNode list ? list.items() : List.of(node);
        List<Specifier> specifiers = new ArrayList<>();
        for (Node item : items) {
            String text = item instanceof Scalar scalar && scalar.value() != null ? String.valueOf(scalar.value()) : null;
            Matcher matcher = text == null ? null : SPECIFIER.matcher(text);
            if (matcher == null || !matcher.matches()) {
                throw new TestbedException(file + ", line " + item.line() + ": require-dbt-version: '" + text + "' is not a version specifier",
                        "Write versions as dbt does, with major.minor.patch and an optional >=, >, <=, < or =: e.g. [\">=1.3.0\", \"<2.0.0\"].");
            }
            specifiers.add(new Specifier(matcher.group("matcher") == null ? "=" : matcher.group("matcher"), version(matcher), text.strip()));
        }
        Matcher ours = SPECIFIER.matcher(DBT_VERSION);
        Version installed = ours.matches() ? version(ours) : null;
        if (!specifiers.stream().allMatch(specifier -> specifier.accepts(installed))) {
            // dbt-core's INVALID_VERSION_ERROR, with the plugin in the place of the installed dbt
            throw new TestbedException(file + ", line " + node.line() + ": This version of dbt is not supported with the '" + project + "' package.\n"
                    + "  Installed version of dbt: =" + DBT_VERSION + " (this plugin builds as dbt-core " + DBT_VERSION + " does)\n"
                    + "  Required version of dbt for '" + project + "': " + specifiers.stream().map(Specifier::text).toList(),
                    "Use a version of the '" + project + "' package made for dbt " + DBT_VERSION + ", or change its require-dbt-version if you know it works.");
        }
    }
}
