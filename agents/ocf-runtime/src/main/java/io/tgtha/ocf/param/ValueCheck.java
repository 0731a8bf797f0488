// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.ocf.param;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * A check of one parameter's value: an empty result means valid, otherwise the rule it breaks. The
 * message {@link Parameters#validate()} prints names the parameter, so a rule says only what is wrong
 * ("must be one of tgt"). The common rules are declared with the parameter from the factories here;
 * an agent writes its own only for syntax that is its own (an IQN, a portal list).
 */
@FunctionalInterface
public interface ValueCheck {
    Optional<String> problemWith(String value);

    /** This rule, then {@code next} on a value this one accepted. */
    default ValueCheck and(ValueCheck next) {
        return v -> problemWith(v).or(() -> next.problemWith(v));
    }

    /** Valid when {@code ok} holds, otherwise {@code rule} (e.g. "must be a power of two"). */
    static ValueCheck that(Predicate<String> ok, String rule) {
        return v -> ok.test(v) ? Optional.empty() : Optional.of(rule);
    }

    /**
     * Valid when {@code parser} accepts the value; a refusal is the {@link IllegalArgumentException} it
     * throws, whose message says what is wrong ("port 0 is outside 1-65535"). For syntax a library already
     * parses with such messages, so the rule is written once, in the parser.
     */
    static ValueCheck parsedBy(Function<String, ?> parser) {
        return v -> {
            try {
                parser.apply(v);
                return Optional.empty();
            } catch (IllegalArgumentException e) {
                return Optional.of(e.getMessage());
            }
        };
    }

    /** The whole value matches {@code regex}; {@code rule} says in words what that means. */
    static ValueCheck matching(String regex, String rule) {
        Pattern p = Pattern.compile(regex);
        return that(v -> p.matcher(v).matches(), rule);
    }

    /** Exactly one of {@code allowed} (case-sensitive). */
    static ValueCheck oneOf(String... allowed) {
        List<String> values = Arrays.asList(allowed);
        return that(values::contains, "must be one of " + String.join(", ", values));
    }

    /** An absolute path without {@code ..} segments. */
    static ValueCheck absolutePath() {
        return v -> {
            Path p = Path.of(v);
            if (!p.isAbsolute()) {
                return Optional.of("must be an absolute path");
            }
            for (Path segment : p) {
                if (segment.toString().equals("..")) {
                    return Optional.of("must not contain '..'");
                }
            }
            return Optional.empty();
        };
    }

    /** An absolute path naming an existing regular file (a symbolic link to one is followed). */
    static ValueCheck regularFile() {
        return absolutePath().and(v -> {
            Path p = Path.of(v);
            if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS) && !Files.exists(p)) {
                return Optional.of("does not exist");
            }
            return Files.isRegularFile(p) ? Optional.empty() : Optional.of("is not a regular file");
        });
    }

    /**
     * A space-separated list whose every word {@code word} accepts; the first word refused is named.
     * An empty list is refused: an agent that allows "none" leaves the parameter unset.
     */
    static ValueCheck words(ValueCheck word) {
        return v -> {
            String[] words = v.trim().split("\\s+");
            if (words.length == 1 && words[0].isEmpty()) {
                return Optional.of("is empty");
            }
            return Arrays.stream(words).map(w -> word.problemWith(w).map(p -> "'" + w + "' " + p))
                    .flatMap(Optional::stream).findFirst();
        };
    }
}
