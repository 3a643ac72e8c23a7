using System.Reflection;
using MtlAttack.Abstractions;
using MtlAttack.Api.Contracts;
using MtlAttack.Api.Endpoints;

namespace MtlAttack.Api.Health;

/// <summary>
/// <c>/v1/health/live</c>: the process serves HTTP (200 always; restart it only when this fails).
/// <c>/v1/health/ready</c>: every dependency can be used now (200), else 503 with a problem detail naming what is down
/// (take it out of a load balancer until it passes again). <c>/v1/health</c>: both in one answer, always 200 while the
/// process serves, with <c>status</c> <c>ok</c> or <c>degraded</c> and each dependency's state. No API key needed.
/// </summary>
public static class HealthEndpoints
{
    /// <summary>How long one dependency may take to answer before it counts as unavailable.</summary>
    public static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(5);

    private static string Version => typeof(HealthEndpoints).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    public static void Map(RouteGroupBuilder v1)
    {
        v1.MapGet("/health", async (IEnumerable<IReadinessProbe> probes, CancellationToken cancellationToken) =>
        {
            var dependencies = await Check(probes, cancellationToken);
            return TypedResults.Ok(new HealthResponse(dependencies.All(d => d.Detail is null) ? "ok" : "degraded", Version, dependencies));
        }).WithName("GetHealth");
        v1.MapGet("/health/live", () => TypedResults.Ok(new HealthResponse("ok", Version))).WithName("GetLiveness");
        v1.MapGet("/health/ready", async (IEnumerable<IReadinessProbe> probes, CancellationToken cancellationToken) =>
        {
            var dependencies = await Check(probes, cancellationToken);
            var down = dependencies.Where(d => d.Detail is not null).ToList();
            if (down.Count == 0) return Results.Ok(new HealthResponse("ready", Version, dependencies));
            return Results.Problem(
                statusCode: StatusCodes.Status503ServiceUnavailable,
                title: ProblemMapping.TitleOf(StatusCodes.Status503ServiceUnavailable),
                detail: "Not ready: " + string.Join("; ", down.Select(d => $"{d.Name}: {d.Detail}")),
                extensions: new Dictionary<string, object?> { ["dependencies"] = dependencies });
        }).WithName("GetReadiness").ProducesProblem(StatusCodes.Status503ServiceUnavailable);
    }

    /// <summary>Every probe at once, each bounded by <see cref="ProbeTimeout"/>.</summary>
    public static async Task<IReadOnlyList<DependencyHealth>> Check(IEnumerable<IReadinessProbe> probes, CancellationToken cancellationToken) =>
        await Task.WhenAll(probes.Select(async probe =>
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(ProbeTimeout);
            try
            {
                await probe.CheckAsync(timeout.Token).WaitAsync(timeout.Token);
                return new DependencyHealth(probe.Name, "ready", null);
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                return new DependencyHealth(probe.Name, "unavailable", $"no answer within {ProbeTimeout.TotalSeconds:G} s");
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                return new DependencyHealth(probe.Name, "unavailable", StorageOutage.Describe(e) ?? e.Message);
            }
        }));
}
