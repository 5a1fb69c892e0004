package dev.testbed.core;

import java.util.List;

/**
 * The first few of a list of problems, for a build failure message that must stay readable: the whole list is in the
 * log lines above it and in the reports.
 */
public final class Shortlist {

    /** How many items a failure message names. */
    public static final int SHOWN = 3;

    private Shortlist() {
    }

    /** The first {@link #SHOWN} items, then {@code and N more}, all joined by {@code separator}. */
    public static String join(List<String> items, String separator) {
        List<String> shown = items.subList(0, Math.min(SHOWN, items.size()));
        String text = String.join(separator, shown);
        return items.size() > shown.size() ? text + separator + "and " + (items.size() - shown.size()) + " more" : text;
    }
}
