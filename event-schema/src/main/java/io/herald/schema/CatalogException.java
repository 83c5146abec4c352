package io.herald.schema;

import java.util.List;

/**
 * A catalogue that cannot be loaded: every problem found, each with the file and the JSON pointer inside it
 * ({@code /2/progress/0} in {@code namespaces.yaml}, {@code /properties/type} in a schema). The message lists them
 * one per line, so a service that refuses to start can print it as is.
 */
public final class CatalogException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    /**
     * One problem.
     *
     * @param file    the file, as the operator would find it (a path, or {@code classpath:...} for built-ins)
     * @param pointer the JSON pointer of the offending value inside the file; empty for the whole file
     * @param message what is wrong and, where possible, how to fix it
     */
    public record Problem(String file, String pointer, String message) {
        @Override
        public String toString() {
            return file + (pointer.isEmpty() ? "" : " at " + pointer) + ": " + message;
        }
    }

    private final transient List<Problem> problems;

    CatalogException(List<Problem> problems) {
        super(format(problems));
        this.problems = List.copyOf(problems);
    }

    /**
     * Every problem, in the order found.
     *
     * @return at least one problem
     */
    public List<Problem> problems() {
        return problems;
    }

    /**
     * The file of the first problem.
     *
     * @return the file
     */
    public String file() {
        return problems.get(0).file();
    }

    /**
     * The JSON pointer of the first problem.
     *
     * @return the pointer
     */
    public String pointer() {
        return problems.get(0).pointer();
    }

    private static String format(List<Problem> problems) {
        StringBuilder sb = new StringBuilder("invalid event catalogue (" + problems.size() + " problem"
            + (problems.size() == 1 ? "" : "s") + "):");
        for (Problem p : problems) {
            sb.append("\n  ").append(p);
        }
        return sb.toString();
    }
}
