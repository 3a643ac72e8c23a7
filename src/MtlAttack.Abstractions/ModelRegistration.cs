namespace MtlAttack.Abstractions;

/// <summary>
/// A model as a tenant registers it: its key, the checkpoint folder (model.json + weights.safetensors, a path the
/// silos can read) and the accelerator it needs. <see cref="Accelerators.Cuda"/> models are placed on GPU silos
/// (CPU silos only where configuration allows the fallback); <see cref="Accelerators.Cpu"/> models prefer CPU silos.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ModelRegistration(
    [property: Id(0)] ModelKey Key,
    [property: Id(1)] string CheckpointDirectory,
    [property: Id(2)] string Accelerator = Accelerators.Cuda)
{
    /// <summary>Throws <see cref="ArgumentException"/> naming what is wrong.</summary>
    public void Validate()
    {
        ModelKey.ValidateName(Key.Tenant, "tenant");
        ModelKey.ValidateName(Key.Model, "model");
        if (string.IsNullOrWhiteSpace(CheckpointDirectory))
            throw new ArgumentException($"Model {Key} names no checkpoint directory.");
        Accelerators.Normalize(Accelerator);
    }
}

/// <summary>
/// What a model grain reports about its model: registration, heads, architecture, where it is loaded, and its
/// format (<c>native</c> or <c>torchscript</c>).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ModelDescription(
    [property: Id(0)] ModelRegistration Registration,
    [property: Id(1)] IReadOnlyList<string> Tasks,
    [property: Id(2)] string Backbone,
    [property: Id(3)] string Layout,
    [property: Id(4)] string Silo,
    [property: Id(5)] string Device,
    [property: Id(6)] string Format = "native")
{
    /// <summary>Backbone and layout of a TorchScript model: its code decides them, MtlAttack does not know them.</summary>
    public const string TorchScriptArchitecture = "torchscript";
}
