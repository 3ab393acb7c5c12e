using System.CommandLine;
using Trainer.Coordinator.App;

namespace Trainer.Coordinator.Tests.Jobs;

/// <summary>Every command's options from TRAINER_... variables: the command line wins, booleans are checked, a bad value is refused by the option's own parser.</summary>
public sealed class EnvironmentOptionsTests
{
    private static RootCommand App()
    {
        var root = new RootCommand();
        foreach (var c in Cli.Commands.All(new JobSource(Book.BookJobs.FromArguments, Book.BookJobs.Options))) root.Subcommands.Add(c);
        return root;
    }

    private static Func<string, string?> Env(params (string Name, string Value)[] variables) => name => variables.FirstOrDefault(v => v.Name == name).Value;

    [Fact]
    public void Apply_VariablesForTheCommandsOptions_AddedUnlessGivenOnTheCommandLine()
    {
        var args = EnvironmentOptions.Apply(App(), ["train", "--epochs", "3"],
            Env(("TRAINER_EPOCHS", "7"), ("TRAINER_CHECKPOINT_EVERY", "5"), ("TRAINER_HIDDEN", "16"), ("TRAINER_LISTEN", "x:1")), out var used);

        Assert.Equal(["train", "--epochs", "3", "--checkpoint-every", "5", "--hidden", "16"], args);
        Assert.Equal(["TRAINER_CHECKPOINT_EVERY=5", "TRAINER_HIDDEN=16"], used);
    }

    [Fact]
    public void Apply_Booleans_TrueAddsTheFlagFalseNothingOtherRefused()
    {
        Assert.Equal(["worker", "--join", "h:1", "--insecure"], EnvironmentOptions.Apply(App(), ["worker", "--join", "h:1"], Env(("TRAINER_INSECURE", "true")), out _));
        Assert.Equal(["worker", "--join", "h:1"], EnvironmentOptions.Apply(App(), ["worker", "--join", "h:1"], Env(("TRAINER_INSECURE", "0")), out _));
        var e = Assert.Throws<ArgumentException>(() => EnvironmentOptions.Apply(App(), ["worker"], Env(("TRAINER_INSECURE", "maybe")), out _));
        Assert.Equal("TRAINER_INSECURE=maybe: expected true or false (for --insecure)", e.Message);
    }

    [Fact]
    public void Apply_BadValue_RefusedByTheOptionsParser()
    {
        var root = App();
        var args = EnvironmentOptions.Apply(root, ["train"], Env(("TRAINER_EPOCHS", "many")), out _);
        var errors = root.Parse(args).Errors;
        Assert.Contains(errors, e => e.Message.Contains("'many'") && e.Message.Contains("--epochs"));
        Assert.Equal("TRAINER_STEP_TIMEOUT", EnvironmentOptions.VariableOf(new Option<double>("--step-timeout")));
    }
}
