namespace MtlAttack.Api.Contracts;

/// <summary>
/// The body of <c>GET /v1/health</c>, <c>/v1/health/live</c> and <c>/v1/health/ready</c>: <see cref="Status"/> is
/// <c>ok</c>, <c>degraded</c> or <c>ready</c>; <see cref="Dependencies"/> is left out by the liveness probe.
/// </summary>
public sealed record HealthResponse(string Status, string Version, IReadOnlyList<DependencyHealth>? Dependencies = null);

/// <summary>A dependency's state: <c>ready</c>, or <c>unavailable</c> with what is wrong.</summary>
public sealed record DependencyHealth(string Name, string Status, string? Detail);
