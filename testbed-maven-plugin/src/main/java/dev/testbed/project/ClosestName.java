package dev.testbed.project;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * "Did you mean ...?" for names a user typed: the closest candidate by edit distance (Levenshtein,
 * case-insensitive), if it is close enough to be a plausible typo or a missing prefix/suffix.
 */
public final class ClosestName {

    private ClosestName() {
    }

    /**
     * The candidate most like {@code wanted}, or empty if none is close. Ties go to the alphabetically first
     * candidate, so the suggestion is deterministic.
     */
    public static Optional<String> among(String wanted, Collection<String> candidates) {
        String target = wanted.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            String lower = candidate.toLowerCase(Locale.ROOT);
            int distance = distance(target, lower);
            if (!closeEnough(target, lower, distance)) {
                continue;
            }
            if (distance < bestDistance || distance == bestDistance && candidate.compareTo(best) < 0) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return Optional.ofNullable(best);
    }

    /** " Did you mean 'x'?" with a leading space, or an empty string: for appending to a message. */
    public static String didYouMean(String wanted, Collection<String> candidates) {
        return among(wanted, candidates).map(name -> " Did you mean '" + name + "'?").orElse("");
    }

    private static boolean closeEnough(String wanted, String candidate, int distance) {
        if (distance == 0) {
            return true;
        }
        if (distance >= Math.max(wanted.length(), candidate.length())) {
            return false; // nothing in common
        }
        int shorter = Math.min(wanted.length(), candidate.length());
        if (distance <= Math.max(2, shorter / 3)) {
            return true;
        }
        // "sales" for "stg_sales": one name contains the other and it is not a trivial fragment
        return shorter >= 4 && (candidate.contains(wanted) || wanted.contains(candidate));
    }

    /** Levenshtein distance with two rows. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
