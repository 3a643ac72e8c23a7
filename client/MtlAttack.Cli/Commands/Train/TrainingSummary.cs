using System.Globalization;
using MtlAttack.Cli.Commands.Shared.Tables;
using MtlAttack.Core.Tasks;
using MtlAttack.Core.Training;

namespace MtlAttack.Cli.Commands.Train;

/// <summary>The end of <c>train</c>: validation metrics of the best and last epochs, and where both checkpoints are.</summary>
public static class TrainingSummary
{
    public static void Print(TrainingResult result, IReadOnlyList<VisionTask> tasks, TrainingOptions options, CliEnvironment environment)
    {
        var invariant = CultureInfo.InvariantCulture;
        var output = environment.Out;
        int trainedNow = result.History.Count - result.StartEpoch;
        output.WriteLine(string.Create(invariant,
            $"Trained {trainedNow} epoch{(trainedNow == 1 ? "" : "s")} ({result.StartEpoch + 1}..{result.History.Count} of {options.Epochs}); total training time {Duration(result.Elapsed)}."));
        output.WriteLine($"Validation metrics on split '{options.ValidationSplit}':");

        var columns = new List<ScoreColumn> { new($"best (epoch {result.Best.Epoch})", result.Best.ValidationMetrics, result.Best.ValidationLosses) };
        if (result.Last.Epoch != result.Best.Epoch)
            columns.Add(new($"last (epoch {result.Last.Epoch})", result.Last.ValidationMetrics, result.Last.ValidationLosses));
        environment.Console.Write(MetricsTable.Build(tasks, columns));

        output.WriteLine(string.Create(invariant, $"Best checkpoint: {result.BestDirectory} (epoch {result.BestEpoch}, {options.BestCriterion} score {result.BestScore:+0.000;-0.000;0.000})"));
        output.WriteLine($"Last checkpoint: {result.LastDirectory} (epoch {result.Last.Epoch}; continue with --resume)");
        output.WriteLine($"Next: mtlattack eval --model {options.OutputDirectory}   or   mtlattack attack --model {options.OutputDirectory} --out REPORT_DIR");
    }

    private static string Duration(TimeSpan elapsed) =>
        elapsed.TotalHours >= 1 ? $"{(int)elapsed.TotalHours}h{elapsed.Minutes:00}m"
        : elapsed.TotalMinutes >= 1 ? $"{(int)elapsed.TotalMinutes}m{elapsed.Seconds:00}s"
        : string.Create(CultureInfo.InvariantCulture, $"{elapsed.TotalSeconds:0.0}s");
}
