using System.CommandLine;

namespace Trainer.Coordinator.App;

/// <summary>
/// Every option of every command may also come from the environment, as containers and
/// Kubernetes expect: <c>--checkpoint-every</c> is <c>TRAINER_CHECKPOINT_EVERY</c>. The command
/// line wins over the environment. A value from the environment is added to the arguments before
/// they are parsed, so it gets the very checks the option has; a refusal then names the variable.
/// </summary>
internal static class EnvironmentOptions
{
    /// <summary>The variable an option is read from: TRAINER_ and its name in capitals, dashes as underscores.</summary>
    public static string VariableOf(Option option) => "TRAINER_" + option.Name.TrimStart('-').ToUpperInvariant().Replace('-', '_');

    /// <summary>
    /// <paramref name="args"/> with the command's options that it lacks and the environment has;
    /// <paramref name="used"/> lists each variable taken, as NAME=VALUE (for error messages).
    /// </summary>
    public static string[] Apply(RootCommand root, string[] args, Func<string, string?> environment, out IReadOnlyList<string> used)
    {
        var taken = new List<string>();
        used = taken;
        var command = (Command)root;
        var position = 0;
        // The subcommand path (e.g. bench scaling) is the leading words that name subcommands.
        while (position < args.Length && command.Subcommands.FirstOrDefault(c => c.Name == args[position]) is { } sub)
        {
            command = sub;
            position++;
        }
        if (command == root) return args;
        var added = new List<string>();
        foreach (var option in command.Options)
        {
            if (option.Hidden || Given(option, args)) continue;
            var variable = VariableOf(option);
            if (environment(variable) is not string value) continue;
            taken.Add($"{variable}={value}");
            if (option.ValueType == typeof(bool))
            {
                if (IsTrue(value)) added.Add(option.Name);
                else if (!IsFalse(value)) throw new ArgumentException($"{variable}={value}: expected true or false (for {option.Name})");
            }
            else added.AddRange([option.Name, value]);
        }
        return [.. args, .. added];
    }

    private static bool Given(Option option, string[] args) =>
        args.Any(a => a == option.Name || option.Aliases.Contains(a) || a.StartsWith(option.Name + "=", StringComparison.Ordinal) || a.StartsWith(option.Name + ":", StringComparison.Ordinal));

    private static bool IsTrue(string value) => value.Trim().ToLowerInvariant() is "true" or "1" or "yes";

    private static bool IsFalse(string value) => value.Trim().ToLowerInvariant() is "false" or "0" or "no" or "";
}
