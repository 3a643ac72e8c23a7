using System.Globalization;
using MtlAttack.Benchmarks;

namespace MtlAttack.Cli.Commands.Bench;

/// <summary>Prints a <see cref="BenchmarkReport"/> for a person: the setup, then every ratio with both sides, its aim and verdict.</summary>
public static class BenchReportPrinter
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static void Print(BenchmarkReport report, TextWriter output)
    {
        var setup = report.Setup;
        string batch = $"batch {setup.BatchSize} x 3x{setup.InputHeight}x{setup.InputWidth}";
        // A model folder's description already names its tasks; its batch is random, not synthetic scenes.
        output.WriteLine(setup.Model is null
            ? $"Benchmark: {setup.Subject}, tasks {string.Join(", ", setup.Tasks)}, {batch}, on {setup.Device}"
            : $"Benchmark: {setup.Subject}, {batch} of random pixels and labels, on {setup.Device}");
        if (setup.NativeTwin is not null) output.WriteLine($"Twin:      {setup.NativeTwin} (native)");
        output.WriteLine($"Machine:   {setup.ProcessorCount} processors, {setup.TorchThreads} torch threads, {setup.Runtime}, {setup.OperatingSystem}");
        output.WriteLine($"Method:    medians of {setup.Repeats} interleaved repeats (A B, B A, ...) after {setup.Warmup} warm-up runs of each side;");
        output.WriteLine("           both sides run in the same process on the same model and batch, so load from other processes slows both alike.");
        output.WriteLine("           The ratio is of the medians; 'paired' is the median of the per-repeat ratios, a check on how noisy the run was.");
        PrintStepTime(report, output);
        output.WriteLine();

        int labelWidth = report.Ratios.SelectMany(r => new[] { r.Numerator.Label, r.Denominator.Label }).Max(l => l.Length);
        foreach (var ratio in report.Ratios)
        {
            output.WriteLine($"[{ratio.Id}] {ratio.Title}");
            output.WriteLine($"  {ratio.Numerator.Label.PadRight(labelWidth)}  {Format(ratio.Numerator)}");
            output.WriteLine($"  {ratio.Denominator.Label.PadRight(labelWidth)}  {Format(ratio.Denominator)}");
            string aim = ratio.Aim is null ? "no aim" : $"aim {ratio.Aim}";
            string paired = ratio.PairedRatio is { } p ? string.Create(Invariant, $" (paired {p:0.000})") : "";
            output.WriteLine(string.Create(Invariant, $"  ratio {ratio.Ratio:0.000}{paired}   {aim}   {ratio.Verdict}"));
            if (ratio.Note is not null) output.WriteLine($"  {ratio.Note}");
            output.WriteLine();
        }

        int judged = report.Ratios.Count(r => r.Aim is not null);
        int met = report.Ratios.Count(r => r.MeetsAim == true);
        output.WriteLine(string.Create(Invariant, $"{met} of {judged} aims met; the run took {report.Duration.TotalSeconds:0.0} s."));
    }

    // The figure a user timing their own model looks for first: what one attack step costs, whole batch and per image.
    private static void PrintStepTime(BenchmarkReport report, TextWriter output)
    {
        if (report.Ratios.FirstOrDefault(r => r.Id == RatioIds.DgbaStep) is not { } step) return;
        int images = report.Setup.BatchSize;
        output.WriteLine($"Per step:  DGBA {Seconds(step.Numerator.Median)} ({Seconds(step.Numerator.Median / images)} an image), "
            + $"total loss {Seconds(step.Denominator.Median)}: one forward + one backward of the attack objective on the batch.");
    }

    private static string Format(Measurement measurement) => measurement.Unit switch
    {
        Measurement.Seconds => Seconds(measurement.Median) + Spread(measurement),
        Measurement.Bytes => string.Create(Invariant, $"{measurement.Median / (1024 * 1024):0.0} MiB"),
        Measurement.Tensors => string.Create(Invariant, $"{measurement.Median:0} tensors"),
        _ => string.Create(Invariant, $"{measurement.Median:G4} {measurement.Unit}"),
    };

    // The range shows how noisy the machine was while this line was measured.
    private static string Spread(Measurement measurement) =>
        measurement.Samples.Count < 2 ? "" : $"   (range {Seconds(measurement.Samples.Min())} .. {Seconds(measurement.Samples.Max())})";

    private static string Seconds(double seconds) => seconds < 1
        ? string.Create(Invariant, $"{seconds * 1000:0.00} ms")
        : string.Create(Invariant, $"{seconds:0.000} s");
}
