package io.herald.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A namespace's channel name pattern, e.g. {@code exports:{userUuid}} or {@code workbook:{tenantId}:{workbookId}}:
 * literal text and {@code {placeholder}}s, parsed once. {@code {tenantId}} values may contain dots; every other
 * placeholder value consists of {@code [A-Za-z0-9_-]}. Immutable.
 */
final class ChannelPattern {

    static final String USER = "userUuid";
    static final String TENANT = "tenantId";

    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9]*");

    private final String template;
    private final String prefix;
    private final List<String> placeholders;
    private final List<String> literals;
    private final Pattern regex;

    private ChannelPattern(String template, List<String> literals, List<String> placeholders) {
        this.template = template;
        this.literals = List.copyOf(literals);
        this.placeholders = List.copyOf(placeholders);
        this.prefix = literals.get(0);
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < placeholders.size(); i++) {
            re.append(Pattern.quote(literals.get(i)));
            re.append(TENANT.equals(placeholders.get(i)) ? "([A-Za-z0-9_.-]+)" : "([A-Za-z0-9_-]+)");
        }
        re.append(Pattern.quote(literals.get(placeholders.size())));
        this.regex = Pattern.compile(re.toString());
    }

    /**
     * Parses a pattern.
     *
     * @throws IllegalArgumentException with a message saying what is wrong
     */
    static ChannelPattern parse(String template) {
        if (template == null || template.isEmpty()) {
            throw new IllegalArgumentException("pattern must not be empty");
        }
        List<String> literals = new ArrayList<>();
        List<String> names = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < template.length()) {
            char c = template.charAt(i);
            if (c == '{') {
                int end = template.indexOf('}', i);
                if (end < 0) {
                    throw new IllegalArgumentException("pattern '" + template + "' has an unclosed '{' at index " + i);
                }
                String name = template.substring(i + 1, end);
                if (!NAME.matcher(name).matches()) {
                    throw new IllegalArgumentException("pattern '" + template + "' has an invalid placeholder {" + name
                        + "}: use letters and digits, starting with a letter");
                }
                if (literal.isEmpty() && !names.isEmpty()) {
                    throw new IllegalArgumentException("pattern '" + template + "' has two placeholders with nothing"
                        + " between them; separate them with a literal such as ':'");
                }
                if (names.contains(name)) {
                    throw new IllegalArgumentException("pattern '" + template + "' uses {" + name + "} twice");
                }
                literals.add(literal.toString());
                literal.setLength(0);
                names.add(name);
                i = end + 1;
            } else if (c == '}') {
                throw new IllegalArgumentException("pattern '" + template + "' has an unmatched '}' at index " + i);
            } else {
                if (!ChannelName.allowedChar(c)) {
                    throw new IllegalArgumentException("pattern '" + template + "' contains '" + c + "' at index " + i
                        + "; channel names allow letters, digits and _ @ - : .");
                }
                literal.append(c);
                i++;
            }
        }
        literals.add(literal.toString());
        if (names.isEmpty()) {
            throw new IllegalArgumentException("pattern '" + template + "' has no placeholder: write e.g. 'reports:{userUuid}'");
        }
        if (literals.get(0).isEmpty()) {
            throw new IllegalArgumentException("pattern '" + template + "' must start with literal text, e.g. 'reports:'");
        }
        return new ChannelPattern(template, literals, names);
    }

    String template() {
        return template;
    }

    String prefix() {
        return prefix;
    }

    List<String> placeholders() {
        return placeholders;
    }

    boolean has(String placeholder) {
        return placeholders.contains(placeholder);
    }

    /** The short name of a {@code name@{tenantId}} pattern ({@code order_changes}), or null. */
    String shortName() {
        if (placeholders.size() == 1 && TENANT.equals(placeholders.get(0)) && prefix.endsWith("@")
                && literals.get(1).isEmpty() && prefix.length() > 1) {
            return prefix.substring(0, prefix.length() - 1);
        }
        return null;
    }

    /** The placeholder values of a matching name, in pattern order; null when {@code raw} does not match. */
    String[] match(String raw) {
        if (!raw.startsWith(prefix)) {
            return null;
        }
        Matcher m = regex.matcher(raw);
        if (!m.matches()) {
            return null;
        }
        String[] values = new String[placeholders.size()];
        for (int g = 0; g < values.length; g++) {
            values[g] = m.group(g + 1);
        }
        return values;
    }

    /** Substitutes the single placeholder of a one-placeholder pattern. */
    String fill(String value) {
        if (placeholders.size() != 1) {
            throw new IllegalArgumentException("pattern '" + template + "' has " + placeholders.size() + " placeholders");
        }
        return literals.get(0) + value + literals.get(1);
    }
}
