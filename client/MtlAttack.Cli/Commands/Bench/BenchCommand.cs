using System.CommandLine;
using MtlAttack.Benchmarks;
using MtlAttack.Cli.Commands.Shared.ModelAccess;
using MtlAttack.Cli.Options;
using MtlAttack.Core.Models.Backbones;
using MtlAttack.Core.Native;

namespace MtlAttack.Cli.Commands.Bench;

/// <summary><c>mtlattack bench</c>: the speed goals as ratios measured in one run, printed for people and optionally as JSON.</summary>
public static class BenchCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var defaults = new BenchmarkOptions();
        var backbone = BackboneOption.Create();
        backbone.Description = "Backbone of the untrained network timed (weights do not matter for timings).";
        backbone.HelpName = string.Join("|", BackboneCatalog.Names);
        var size = CliOptions.PositiveInt("--size", "S",
            $"Square image side for every measurement; the constrained solve is also measured at {BenchmarkOptions.ReferenceSolveSize}.", defaults.Size);
        var batchSize = CliOptions.PositiveInt("--batch-size", "N", "Images per batch.", defaults.BatchSize);
        var tasks = TaskListOption.Create("Tasks of the network: the NYUv2 three (default), or a comma-separated list, or 'taskonomy'.");
        var iterations = CliOptions.PositiveInt("--iterations", "N",
            $"Iterations of the attack whose memory is compared after iteration {BenchmarkOptions.EarlyMemoryIteration} and after the last.", defaults.Iterations);
        iterations.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is var n && n > 0 && n <= BenchmarkOptions.EarlyMemoryIteration)
                result.AddError($"--iterations must be more than {BenchmarkOptions.EarlyMemoryIteration}, the iteration it is compared with; got {n}.");
        });
        var repeats = CliOptions.PositiveInt("--repeats", "N", "Timed runs of each side of a ratio, interleaved; medians are reported.", defaults.Repeats);
        var steps = CliOptions.PositiveInt("--steps", "K", "Steps of the PGD run timed against K bare forward+backward passes.", defaults.AttackSteps);
        var threads = ThreadsOption.Create();
        var service = new Option<bool>("--service")
        {
            Description = "Instead, time the service path: the same small evaluation through an embedded silo and straight through Core "
                + $"(aim <= {EvaluationBenchmark.Aim.Threshold:0.00}); the two reports must be identical.",
        };
        var solver = new Option<bool>("--solver")
        {
            Description = "Instead, time the constrained objectives' LP solver: sifting against the whole-LP dual simplex and GLOP on one sample's "
                + "dgba-protect (1 row) and dgba-floor (3 rows) programs at 3x64x64, 3x161x161 and 3x321x321; the optima must agree.",
        };
        var model = new Option<string>("--model")
        {
            Description = "Time your own model folder instead of an untrained built-in network: a native checkpoint or a TorchScript module, "
                + "as eval and attack take it; its model.json gives the tasks and the input size (random pixels and labels are timed).",
            HelpName = "DIR",
        };
        var nativeTwin = new Option<string>("--native-twin")
        {
            Description = "With a TorchScript --model: a native model folder of the same architecture. Also times the TorchScript attack step "
                + "against the native one, interleaved on the same batch (aim <= 1.05).",
            HelpName = "DIR",
        };
        var json = new Option<string>("--json") { Description = "Also write the report as JSON to this file.", HelpName = "FILE" };
        var device = DeviceOption.Create();
        device.Description = "Where to run: auto (CUDA when available), cpu, cuda or cuda:N.";
        device.HelpName = "auto|cpu|cuda";

        var command = new Command("bench",
            "Measure the speed goals as ratios in one run: DGBA step vs total-loss step, one-pass vs T-pass direction, "
            + "attack loop vs bare forward+backward, constrained solve vs forward+backward, and memory after many iterations vs few. "
            + "--model DIR times your own model folder the same way; --native-twin DIR2 adds its TorchScript step vs the native one.")
        {
            backbone, size, batchSize, tasks, iterations, repeats, steps, threads, service, solver, model, nativeTwin, json, device,
        };
        command.SetAction((parseResult, cancellationToken) =>
        {
            var options = new BenchmarkOptions
            {
                Backbone = parseResult.GetRequiredValue(backbone),
                Size = parseResult.GetValue(size),
                BatchSize = parseResult.GetValue(batchSize),
                Tasks = parseResult.GetRequiredValue(tasks),
                Iterations = parseResult.GetValue(iterations),
                Repeats = parseResult.GetValue(repeats),
                AttackSteps = parseResult.GetValue(steps),
                Device = parseResult.GetRequiredValue(device),
                Threads = parseResult.GetValue(threads),
            };
            var subject = new BenchSubject(parseResult.GetValue(model), parseResult.GetValue(nativeTwin), parseResult.GetValue(service), parseResult.GetValue(solver));
            if (subject.ServicePath && subject.Solver)
                throw new UsageException("--service and --solver time different things; give one of them.");
            if (subject.ModelFolder is not null)
            {
                // These describe the built-in network; a model folder declares its own, and silently ignoring them would mislead.
                foreach (var builtIn in new Option[] { backbone, size, tasks, service, solver })
                    if (parseResult.WasGiven(builtIn))
                        throw new UsageException($"{builtIn.Name} does not apply with --model: the folder's model.json gives the network, its tasks and its input size.");
            }
            else if (subject.NativeTwin is not null)
            {
                throw new UsageException("--native-twin needs --model: the TorchScript model folder to time against the twin.");
            }
            return Task.FromResult(Run(options, subject, parseResult.GetValue(json), environment, cancellationToken));
        });
        return command;
    }

    /// <summary>What is timed: a model folder (and its native twin), the service path, the LP solver, or else the built-in network.</summary>
    private sealed record BenchSubject(string? ModelFolder, string? NativeTwin, bool ServicePath, bool Solver);

    private static int Run(BenchmarkOptions options, BenchSubject subject, string? jsonPath, CliEnvironment environment, CancellationToken cancellationToken)
    {
        UsageException.Guard(() =>
        {
            options.Validate();
            TorchRuntime.ParseDevice(options.Device);
        });
        // Found out before a run of minutes, not after it.
        if (jsonPath is not null && Path.GetDirectoryName(Path.GetFullPath(jsonPath)) is { } folder && !Directory.Exists(folder))
            throw new UsageException($"--json '{jsonPath}': folder '{folder}' does not exist.");

        string? modelFolder = subject.ModelFolder is null ? null : ModelDirectory.Resolve(subject.ModelFolder);
        string? twinFolder = subject.NativeTwin is null ? null : ModelDirectory.Resolve(subject.NativeTwin, "--native-twin");

        var progress = new SynchronousProgress<string>(environment.Error.WriteLine);
        // A folder MtlAttack will not load (or a twin that does not fit) is the user's input to fix: exit 2 with Core's message.
        var (report, reportsIdentical) = modelFolder is not null
            ? new ServiceBenchmarkResult(UsageException.Refused(() => ModelBenchmark.Run(modelFolder, twinFolder, options, progress, cancellationToken)), ReportsIdentical: true)
            : subject.ServicePath
                ? ServiceBenchmark.Run(options, progress, cancellationToken)
                : new ServiceBenchmarkResult(subject.Solver
                    ? LpSolverBenchmark.Run(options, progress, cancellationToken)
                    : AttackBenchmark.Run(options, progress, cancellationToken), ReportsIdentical: true);
        BenchReportPrinter.Print(report, environment.Out);
        if (jsonPath is not null)
        {
            File.WriteAllText(jsonPath, report.ToJson());
            environment.Out.WriteLine($"Wrote the report as JSON to {jsonPath}.");
        }
        if (reportsIdentical) return ExitCodes.Success;
        environment.Error.WriteLine("error: the evaluation through the silo and the one through Core gave different reports.");
        return ExitCodes.Failure;
    }
}
