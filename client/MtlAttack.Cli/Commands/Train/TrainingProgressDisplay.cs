using System.Globalization;
using MtlAttack.Cli.Commands.Shared.Tables;
using MtlAttack.Core.Tasks;
using MtlAttack.Core.Training;
using Spectre.Console;

namespace MtlAttack.Cli.Commands.Train;

/// <summary>
/// Moves the progress bar after every batch (epoch and the batch's losses in its description) and prints one line
/// per validated epoch. Reports arrive on the training thread, synchronously, so the bar never lags the work.
/// </summary>
public sealed class TrainingProgressDisplay(IAnsiConsole console) : IProgress<TrainingProgress>
{
    private ProgressTask? bar;
    private long offset = -1;

    /// <summary>Whether any batch has been trained in this run.</summary>
    public bool AnyBatchDone => offset >= 0;

    public void Attach(ProgressTask task) => bar = task;

    public void Report(TrainingProgress value)
    {
        if (bar is null) return;
        long position = (long)(value.Epoch - 1) * value.Batches + value.Batch;
        if (offset < 0)
        {
            // A resumed run starts part-way: the bar covers only this run's batches, so the time estimate
            // comes from batches actually trained now.
            offset = position - 1;
            bar.MaxValue = (long)value.Epochs * value.Batches - offset;
        }
        bar.Value = position - offset;

        bar.Description = Description(value);
        if (value.Phase == TrainingPhase.Validated && value.Summary is { } summary)
            console.WriteLine(EpochLine(summary, value.Epochs));
    }

    // A live bar shows the batch's losses; off a terminal every new description becomes a log line, so it names the
    // epoch only and the epoch lines carry the numbers.
    private string Description(TrainingProgress value)
    {
        var invariant = CultureInfo.InvariantCulture;
        if (!console.Profile.Capabilities.Interactive) return $"epoch {value.Epoch}/{value.Epochs}";
        var losses = string.Join(" ", value.TaskLosses.Select(kv => string.Create(invariant, $"{TaskLabels.Short(kv.Key)} {kv.Value:0.000}")));
        return Markup.Escape(string.Create(invariant, $"epoch {value.Epoch}/{value.Epochs} loss {value.TotalLoss:0.000} ({losses})"));
    }

    public void Finish()
    {
        if (bar is null) return;
        bar.Value = bar.MaxValue;
        bar.StopTask();
    }

    public static string EpochLine(EpochSummary summary, int epochs)
    {
        var invariant = CultureInfo.InvariantCulture;
        var headlines = summary.ValidationMetrics.Select(kv =>
        {
            var metric = VisionTaskFactory.HeadlineMetric(kv.Key);
            string name = metric?.Name ?? kv.Value.Keys.FirstOrDefault() ?? "?";
            double v = kv.Value.TryGetValue(name, out var x) ? x : double.NaN;
            return $"{TaskLabels.Short(kv.Key)} {name} {MetricsTable.Format(v)}";
        });
        return string.Create(invariant,
            $"epoch {summary.Epoch}/{epochs}: train loss {summary.TrainLoss:0.000}, val loss {summary.ValidationLoss:0.000}; {string.Join(", ", headlines)}; " +
            $"score {summary.Score:+0.000;-0.000;0.000}{(summary.IsBest ? " (best)" : "")}; {summary.Seconds:0.0} s");
    }
}
