package dev.testbed.compile;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** "Did you mean …?": the existing name closest to a misspelt one. */
public final class Names {

    private Names() {
    }

    /**
     * The candidate most likely meant by a misspelt {@code name} (ignoring case): the one with the smallest edit distance
     * (insertions, deletions, substitutions and swaps of neighbours), if that is at most a third of the name's length (at
     * least 1 for short names, 2 for longer ones, at most 4), or if one name begins with the other. Ties go to the first.
     */
    public static Optional<String> closest(String name, Collection<String> candidates) {
        String wanted = name.toLowerCase(Locale.ROOT);
        int limit = wanted.length() <= 3 ? 1 : Math.max(2, Math.min(4, wanted.length() / 3));
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            if (candidate == null || candidate.equals(name)) {
                continue;
            }
            String lower = candidate.toLowerCase(Locale.ROOT);
            int distance = distance(wanted, lower);
            boolean likely = distance <= limit || Math.min(wanted.length(), lower.length()) >= 4 && (lower.startsWith(wanted) || wanted.startsWith(lower));
            if (likely && distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return Optional.ofNullable(best);
    }

    /** {@code Did you mean 'x'?} for the closest candidate, else {@code otherwise}. */
    static String didYouMean(String name, Collection<String> candidates, String otherwise) {
        return closest(name, candidates).map(c -> "Did you mean '" + c + "'?").orElse(otherwise);
    }

    /** Optimal string alignment distance: Levenshtein plus swaps of neighbouring characters. */
    private static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(d[i - 1][j - 1] + cost, Math.min(d[i - 1][j], d[i][j - 1]) + 1);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
