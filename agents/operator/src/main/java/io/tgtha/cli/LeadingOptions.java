package io.tgtha.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Lets the options every subcommand shares ({@link CommonOptions}: --host, --json, --netns, ...) come
 * before the subcommand's name, as operators write them for ssh-like tools: {@code tgtha --host n1
 * status} is run as {@code tgtha status --host n1}. picocli itself only accepts a subcommand's options
 * after its name. Only a leading run of such options followed by a subcommand name is moved; anything
 * else is left for picocli to accept or explain.
 */
final class LeadingOptions {
    private LeadingOptions() {
    }

    static String[] behindSubcommand(CommandLine root, String[] args) {
        CommandSpec common = commonOptions(root);
        if (common == null) {
            return args;
        }
        List<String> moved = new ArrayList<>();
        int i = 0;
        while (i < args.length && args[i].startsWith("--") && !args[i].equals("--")) {
            int eq = args[i].indexOf('=');
            OptionSpec option = common.findOption(eq < 0 ? args[i] : args[i].substring(0, eq));
            if (option == null) {
                return args;
            }
            moved.add(args[i]);
            if (eq < 0 && option.arity().max() > 0) {
                if (i + 1 >= args.length) {
                    return args;
                }
                moved.add(args[++i]);
            }
            i++;
        }
        if (moved.isEmpty() || i >= args.length || !root.getSubcommands().containsKey(args[i])
                || !(root.getSubcommands().get(args[i]).getCommandSpec().userObject() instanceof Subcommand)) {
            return args;
        }
        List<String> out = new ArrayList<>(args.length);
        out.add(args[i]);
        out.addAll(moved);
        out.addAll(Arrays.asList(args).subList(i + 1, args.length));
        return out.toArray(new String[0]);
    }

    /** The options of the {@link CommonOptions} mixin, as any subcommand carries them. */
    private static CommandSpec commonOptions(CommandLine root) {
        for (CommandLine sub : root.getSubcommands().values()) {
            if (sub.getCommandSpec().userObject() instanceof Subcommand) {
                return sub.getCommandSpec().mixins().get("common");
            }
        }
        return null;
    }
}
