namespace MtlAttack.Core.Models.SafeTensors;

/// <summary>Bounds checked before anything is allocated, so a hostile file cannot exhaust memory.</summary>
public sealed record SafeTensorsLimits
{
    public static SafeTensorsLimits Default { get; } = new();

    /// <summary>The reference implementation's limit on the JSON header.</summary>
    public long MaxHeaderBytes { get; init; } = 100L * 1024 * 1024;

    /// <summary>Largest single tensor; a tensor is read in one piece.</summary>
    public long MaxTensorBytes { get; init; } = int.MaxValue;

    public int MaxTensorCount { get; init; } = 100_000;
}
