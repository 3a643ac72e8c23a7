namespace MtlAttack.Client.Contracts;

/// <summary>The <c>accelerator</c> part of <c>POST /v1/models</c>: the kind of silo that should host the model.</summary>
public static class Accelerators
{
    public const string Cuda = "cuda";
    public const string Cpu = "cpu";

    public static readonly IReadOnlyList<string> All = [Cuda, Cpu];
}
