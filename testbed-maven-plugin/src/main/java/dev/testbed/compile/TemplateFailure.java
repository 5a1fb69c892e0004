package dev.testbed.compile;

/**
 * Thrown by a template function after it recorded its problem in the {@link Render}, to stop the function. Jinjava catches
 * it and carries on; the recorded problem is what the user sees.
 */
final class TemplateFailure extends RuntimeException {

    TemplateFailure(String message) {
        super(message, null, false, false);
    }
}
