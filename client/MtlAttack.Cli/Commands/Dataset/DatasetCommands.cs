using System.CommandLine;
using MtlAttack.Cli.Commands.Shared.ModelAccess;
using MtlAttack.Cli.Options;
using MtlAttack.Core.Datasets.Synthetic;

namespace MtlAttack.Cli.Commands.Dataset;

/// <summary><c>mtlattack dataset synth|info|preview</c>.</summary>
public static class DatasetCommands
{
    public static Command Create(CliEnvironment environment)
    {
        var dataset = new Command("dataset", "Create, inspect and preview multi-task datasets.");
        dataset.Subcommands.Add(Synth(environment));
        dataset.Subcommands.Add(Info(environment));
        dataset.Subcommands.Add(Preview(environment));
        return dataset;
    }

    private static Command Synth(CliEnvironment environment)
    {
        var defaults = new SyntheticSceneOptions();
        var output = CliOptions.RequiredPath("--out", "DIR", "Folder to write the dataset to; created if absent, must be empty if present.");
        var count = CliOptions.PositiveInt("--count", "N", $"Scenes over both splits; the last {defaults.TestFraction * 100:0}% form the test split.", defaults.Count);
        var size = CliOptions.PositiveInt("--size", "S", "Square image side in pixels.", defaults.Size);
        var seed = new Option<int>("--seed") { HelpName = "K", Description = "Seed; the same seed gives the same scenes.", DefaultValueFactory = _ => defaults.Seed };
        var tasks = TaskListOption.Create(
            "Tasks to write: the NYUv2 three (default; NYUv2/AdaShare layout) or all five, listed comma-separated or as 'taskonomy' (Taskonomy layout).");
        var overwrite = new Option<bool>("--overwrite") { Description = "Write into --out even if it is not empty, replacing a data set there." };

        var command = new Command("synth", "Write procedural scenes with exact ground truth to disk, in a layout the nyuv2/taskonomy readers load.")
        {
            output, count, size, seed, tasks, overwrite,
        };
        command.SetAction(parseResult =>
        {
            var options = new SyntheticSceneOptions
            {
                Count = parseResult.GetValue(count),
                Size = parseResult.GetValue(size),
                Seed = parseResult.GetValue(seed),
                Tasks = parseResult.GetRequiredValue(tasks),
            };
            return SyntheticDatasetExporter.Export(options, parseResult.GetRequiredValue(output), parseResult.GetValue(overwrite), environment);
        });
        return command;
    }

    private static Command Info(CliEnvironment environment)
    {
        var dataset = DatasetSpecOption.Create();
        var command = new Command("info", "Print a dataset's splits, sample counts, size, normalisation and tasks.") { dataset };
        command.SetAction(parseResult =>
        {
            var spec = parseResult.GetRequiredValue(dataset);
            DatasetInfoPrinter.Print(DatasetOpener.Open(spec), environment.Out);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Preview(CliEnvironment environment)
    {
        var dataset = DatasetSpecOption.Create();
        var output = CliOptions.RequiredPath("--out", "FILE.png", "PNG file to write the contact sheet to.");
        var count = CliOptions.PositiveInt("--count", "N", "Samples to show, one row each, from the start of the split.", 8);
        var split = new Option<string>("--split") { Description = "Split to show samples from.", DefaultValueFactory = _ => "test", HelpName = "SPLIT" };

        var command = new Command("preview", "Write a contact sheet PNG: one row per sample; the image and every task's target, coloured for a person.")
        {
            dataset, output, count, split,
        };
        command.SetAction(parseResult =>
        {
            var spec = parseResult.GetRequiredValue(dataset);
            ContactSheetWriter.Write(DatasetOpener.Open(spec), parseResult.GetRequiredValue(split), parseResult.GetValue(count), parseResult.GetRequiredValue(output), environment.Out);
            return ExitCodes.Success;
        });
        return command;
    }
}
