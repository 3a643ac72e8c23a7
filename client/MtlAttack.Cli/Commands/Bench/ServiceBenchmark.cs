using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MtlAttack.Abstractions;
using MtlAttack.Benchmarks;
using MtlAttack.Cli.Commands.Shared.Hosting;
using MtlAttack.Core.Models;

namespace MtlAttack.Cli.Commands.Bench;

/// <summary>The service-path report, and whether the silo's report was Core's, number for number.</summary>
public sealed record ServiceBenchmarkResult(BenchmarkReport Report, bool ReportsIdentical);

/// <summary>
/// The service path against a direct library call, in one run: the same small evaluation (Core's
/// <see cref="EvaluationBenchmark"/>) through an embedded silo, polled to the end, and straight through Core's
/// evaluation runner, timed alternately after warm-up runs of each. Both reports must be identical.
/// </summary>
public static class ServiceBenchmark
{
    private const string Tenant = "bench";

    // Short enough to add little to an evaluation of seconds, long enough not to busy the silo with status calls.
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(10);

    public static ServiceBenchmarkResult Run(BenchmarkOptions options, IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        bool identical = false;
        var report = BenchmarkReport.Measure(options, cancellationToken, (device, timer) =>
        {
            string folder = Directory.CreateTempSubdirectory("mtlattack-bench-").FullName;
            try
            {
                progress?.Report($"Saving an untrained {options.Backbone} network and starting an embedded silo (state in {folder}).");
                var benchmark = EvaluationBenchmark.Prepare(options, Path.Combine(folder, "model"));
                using var silo = EmbeddedSilo.Start(Path.Combine(folder, "state", "state.db"), torchThreads: options.Threads);
                var grains = silo.Services.GetRequiredService<IGrainFactory>();
                var tenant = grains.GetGrain<ITenantGrain>(Tenant);
                var model = Wait(tenant.RegisterModel("untrained", benchmark.Checkpoint)).Registration;
                using var native = NativeModel.Load(benchmark.Checkpoint, device);

                progress?.Report($"Timing {EvaluationBenchmark.TestBatches} clean and {EvaluationBenchmark.TestBatches} PGD x DGBA batches through the silo against the same through Core.");
                string? serviceReport = null, libraryReport = null;
                var (service, library) = timer.Compare(
                    "through the silo (start, attack grains, merge)", () => serviceReport = Wait(Evaluate(grains, tenant, model.Key, benchmark)),
                    "through Core's EvaluationRunner", () => libraryReport = benchmark.RunLibrary(native, model.Key.ToString()));
                Wait(silo.StopAsync(CancellationToken.None));

                identical = serviceReport == libraryReport;
                return (BenchmarkSetup.Of(options, native.Network, device), [EvaluationBenchmark.Ratio(service, library, identical)]);
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }
        });
        return new ServiceBenchmarkResult(report, identical);
    }

    private static async Task<string> Evaluate(IGrainFactory grains, ITenantGrain tenant, ModelKey model, EvaluationBenchmark benchmark)
    {
        var settings = benchmark.Settings;
        string id = await tenant.StartEvaluation(new EvaluationRequest
        {
            Model = model,
            Dataset = benchmark.Dataset,
            Algorithms = [.. settings.Algorithms],
            Objectives = [.. settings.Objectives],
            Epsilons = [.. settings.Epsilons],
            Steps = settings.Steps,
            BatchSize = settings.BatchSize,
            MaxSamples = settings.MaxSamples,
            Seed = settings.Seed,
        });
        var evaluation = grains.GetGrain<IEvaluationGrain>(id);
        var status = await evaluation.WaitUntilFinishedAsync(PollInterval);
        if (status.State != EvaluationState.Completed)
            throw new InvalidOperationException($"The benchmark's evaluation through the silo ended {status.State}: {status.Error}");
        return await evaluation.GetReportJson() ?? throw new InvalidOperationException("The completed evaluation has no report.");
    }

    // The timer takes synchronous actions; the silo runs the grains on its own threads meanwhile.
    private static T Wait<T>(Task<T> task) => task.GetAwaiter().GetResult();

    private static void Wait(Task task) => task.GetAwaiter().GetResult();
}
