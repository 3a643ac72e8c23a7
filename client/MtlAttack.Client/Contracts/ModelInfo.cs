namespace MtlAttack.Client.Contracts;

/// <summary>
/// A registered model as the API describes it (<c>GET /v1/models/{id}</c>, and the 201 body of <c>POST /v1/models</c>).
/// <see cref="Silo"/> and <see cref="Device"/> say where its network is loaded now; listings leave them null.
/// </summary>
public sealed record ModelInfo(
    string Id,
    IReadOnlyList<string> Tasks,
    string Backbone,
    string Layout,
    string Accelerator,
    string? Silo = null,
    string? Device = null);
