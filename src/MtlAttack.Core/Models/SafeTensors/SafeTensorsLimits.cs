namespace MtlAttack.Core.Models.SafeTensors;

/// <summary>Bounds checked before anything is allocated, so a hostile file cannot exhaust memory.</summary>
public sealed record SafeTensorsLimits
{
    /// <summary>The reference implementation's limit on the JSON header.</summary>
    public const long DefaultMaxHeaderBytes = 100L * 1024 * 1024;

    public static SafeTensorsLimits Default { get; } = new();

    public long MaxHeaderBytes { get; init; } = DefaultMaxHeaderBytes;

    /// <summary>Largest single tensor; a tensor is read in one piece.</summary>
    public long MaxTensorBytes { get; init; } = int.MaxValue;

    public int MaxTensorCount { get; init; } = 100_000;
}
