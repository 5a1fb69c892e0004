package dev.testbed.compile;

/** dbt's {@code exceptions} object: {@code exceptions.raise_compiler_error(message)} fails the model with the message. */
public final class JinjaExceptions {

    static final JinjaExceptions INSTANCE = new JinjaExceptions();

    private JinjaExceptions() {
    }

    @SuppressWarnings("checkstyle:MethodName")
    public String raise_compiler_error(Object message) {
        throw Render.current().fail(String.valueOf(message), null);
    }

    /** dbt's {@code exceptions.warn}: accepted, and ignored. */
    public String warn(Object message) {
        return "";
    }
}
