using System.Diagnostics;
using System.Globalization;
using MtlAttack.Core.Datasets;
using MtlAttack.Core.Datasets.Synthetic;
using Spectre.Console;

namespace MtlAttack.Cli.Commands.Dataset;

/// <summary><c>dataset synth</c>: renders synthetic scenes and writes them in the layout their task set calls for.</summary>
public static class SyntheticDatasetExporter
{
    public static int Export(SyntheticSceneOptions options, string directory, bool overwrite, CliEnvironment environment)
    {
        var (scenes, format) = UsageException.Guard(() => (new SyntheticScenes(options), DatasetWriter.FormatFor(options.Tasks)));
        if (Directory.Exists(directory) && Directory.EnumerateFileSystemEntries(directory).Any() && !overwrite)
            throw new UsageException($"--out '{directory}' is not empty; choose an empty or new folder, or pass --overwrite.");

        environment.Out.WriteLine($"Writing {options.Count} synthetic scenes ({scenes.Count(SyntheticScenes.TrainSplit)} train, {scenes.Count(SyntheticScenes.TestSplit)} test), " +
                                  $"{options.Size}x{options.Size}, seed {options.Seed}, tasks {string.Join(", ", options.Tasks)}, in the {LayoutName(format)} layout.");
        var stopwatch = Stopwatch.StartNew();
        DatasetSpec spec = environment.Console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                var bar = context.AddTask("Writing scenes", autoStart: true, maxValue: options.Count);
                // One bar over all splits; the writer counts per split, and writes the splits in the dataset's order.
                var written = new SynchronousProgress<DatasetWriteProgress>(value =>
                    bar.Value = scenes.Splits.TakeWhile(split => split != value.Split).Sum(scenes.Count) + value.Written);
                return DatasetWriter.Write(scenes, directory, format, overwrite, written);
            });
        stopwatch.Stop();

        double seconds = Math.Max(stopwatch.Elapsed.TotalSeconds, 1e-9);
        environment.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Wrote {options.Count} scenes to {spec.Path} in {stopwatch.Elapsed.TotalSeconds:0.00} s ({options.Count / seconds:0.0} scenes/s)."));
        environment.Out.WriteLine($"Open it with: --dataset {spec}");
        return ExitCodes.Success;
    }

    private static string LayoutName(DatasetFormat format) => format switch
    {
        DatasetFormat.NyuV2 => "NYUv2 (AdaShare)",
        _ => format.ToString(),
    };
}
