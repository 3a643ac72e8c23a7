namespace MtlAttack.Abstractions;

/// <summary>Keys of the metadata every MtlAttack silo publishes; placement filters read them.</summary>
public static class SiloMetadataKeys
{
    /// <summary>The silo's compute device: <see cref="Accelerators.Cuda"/> or <see cref="Accelerators.Cpu"/>.</summary>
    public const string Accelerator = "mtlattack.accelerator";
}

public static class Accelerators
{
    public const string Cuda = "cuda";
    public const string Cpu = "cpu";

    public static string Normalize(string value)
    {
        var v = value.Trim().ToLowerInvariant();
        if (v is Cuda or Cpu) return v;
        throw new ArgumentException($"Unknown accelerator '{value}': use '{Cuda}' or '{Cpu}'.");
    }
}
