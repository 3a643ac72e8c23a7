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

/// <summary>Keys the service puts in Orleans' request context; placement reads them.</summary>
public static class RequestContextKeys
{
    /// <summary>The accelerator a model grain about to be activated needs (<see cref="Accelerators"/>).</summary>
    public const string RequiredAccelerator = "mtlattack.required-accelerator";

    /// <summary>The silo (address text) an attack grain about to be activated should share with its model.</summary>
    public const string ColocateWithSilo = "mtlattack.colocate-with";
}
