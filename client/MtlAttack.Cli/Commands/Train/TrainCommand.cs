using System.CommandLine;
using MtlAttack.Cli.Options;

namespace MtlAttack.Cli.Commands.Train;

/// <summary><c>mtlattack train</c>: trains a multi-task network, optionally adversarially, into best/ and last/ checkpoints.</summary>
public static class TrainCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var options = new TrainCommandOptions();
        var command = new Command("train", "Train a multi-task network (clean or adversarial); writes MODEL_DIR/best and MODEL_DIR/last checkpoints.");
        foreach (var option in options.All) command.Options.Add(option);
        command.SetAction((parseResult, cancellation) =>
        {
            using var threads = parseResult.UseTorchThreads(options.Threads);
            var plan = TrainingOptionsBuilder.Build(parseResult, options);
            return Task.FromResult(TrainingSession.Run(plan, environment, cancellation));
        });
        return command;
    }
}
