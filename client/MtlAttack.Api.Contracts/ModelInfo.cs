namespace MtlAttack.Api.Contracts;

/// <summary>
/// A registered model as the API describes it (<c>GET /v1/models/{id}</c>, and the 201 body of <c>POST /v1/models</c>).
/// <see cref="Silo"/> and <see cref="Device"/> say where its network is loaded now; listings leave them null.
/// <see cref="Format"/> is <c>native</c> (a network MtlAttack builds; backbone and layout name it) or <c>torchscript</c>
/// (the tenant's own module; backbone and layout say <c>torchscript</c>).
/// </summary>
public sealed record ModelInfo(
    string Id,
    IReadOnlyList<string> Tasks,
    string Backbone,
    string Layout,
    string Accelerator,
    string? Silo = null,
    string? Device = null,
    string Format = ModelFolderLayout.NativeFormat);
