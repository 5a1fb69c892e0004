package dev.testbed.compile;

/**
 * dbt's {@code exceptions} object: {@code exceptions.raise_compiler_error(message)} fails the model with the message,
 * {@code exceptions.warn(message)} warns.
 */
public final class JinjaExceptions {

    static final JinjaExceptions INSTANCE = new JinjaExceptions();

    private JinjaExceptions() {
    }

    @SuppressWarnings("checkstyle:MethodName")
    public String raise_compiler_error(Object message) {
        throw Render.current().fail(String.valueOf(message), null);
    }

    /** dbt's {@code exceptions.warn(message)}: a warning in the build's log, where the render has one. */
    public String warn(Object message) {
        Render render = Render.current();
        if (render != null && render.reporter() != null) {
            render.reporter().warn(String.valueOf(message));
        }
        return "";
    }
}
